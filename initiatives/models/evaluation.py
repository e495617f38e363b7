"""Evaluation by an initiative council: its scoring form, the initiatives assigned to it, each member's sheet."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation.models import Council, CouncilMember
from emulation.text import nfc
from initiatives.enums import ScoreAggregate, SheetStatus, Vote, VoteBase
from initiatives.models.initiatives import Initiative


class ScoringForm(models.Model):
    """How one council (for its period) scores: the criteria, how scores combine, what it takes to pass.

    Made from the settings' defaults when the council first evaluates; the figures are unconfirmed by any
    national text (domain.md §3), so the council edits them before the first member scores.
    """

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="scoring_form")
    aggregate = models.CharField(
        _("combining the members' scores"), max_length=10, choices=ScoreAggregate.choices, default=ScoreAggregate.MEAN
    )
    threshold = models.DecimalField(_("recognition threshold (points)"), max_digits=6, decimal_places=2)
    vote_numerator = models.PositiveSmallIntegerField(_("vote needed: numerator"), default=2)
    vote_denominator = models.PositiveSmallIntegerField(_("vote needed: denominator"), default=3)
    vote_base = models.CharField(
        _("vote counted against"), max_length=20, choices=VoteBase.choices, default=VoteBase.ALL_MEMBERS
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scoring form")
        verbose_name_plural = _("scoring forms")
        constraints = [
            models.CheckConstraint(
                condition=Q(vote_numerator__gte=1) & Q(vote_numerator__lte=models.F("vote_denominator")),
                name="scoring_vote_fraction_at_most_one",
            ),
            models.CheckConstraint(condition=Q(threshold__gte=0), name="scoring_threshold_positive"),
        ]

    def __str__(self):
        return str(self.council)

    @property
    def vote_fraction(self) -> str:
        return f"{self.vote_numerator}/{self.vote_denominator}"


class Criterion(models.Model):
    """A criterion of a scoring form, with its maximum and, optionally, labelled levels to choose from."""

    form = models.ForeignKey(ScoringForm, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what is judged"), blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["form", "order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        super().save(*args, **kwargs)


class CriterionLevel(models.Model):
    """A labelled level of a criterion and the points it gives ("Hoàn toàn mới" – 30)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    label = models.CharField(_("level"), max_length=200)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["criterion", "order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(points__gte=0), name="level_points_positive")]

    def __str__(self):
        return f"{self.label} ({self.points})"

    def save(self, *args, **kwargs):
        self.label = nfc(self.label)
        super().save(*args, **kwargs)


class Assignment(models.Model):
    """An initiative given to a council to evaluate, with the council's live result on it.

    The result (score, votes, the denominator they were counted against) is recomputed whenever a member
    hands in a sheet; the recognition decision copies it into its entries when it is issued.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="initiative_assignments")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    vote_base_count = models.PositiveSmallIntegerField(_("members the vote is counted against"), default=0)
    passes = models.BooleanField(_("reaches the threshold and the vote"), default=False)
    is_closed = models.BooleanField(_("closed"), default=False, help_text=_("The decision has been issued."))

    class Meta:
        verbose_name = _("assignment to a council")
        verbose_name_plural = _("assignments to councils")
        ordering = ["council", "pk"]
        constraints = [models.UniqueConstraint(fields=["council", "initiative"], name="one_assignment_per_council")]

    def __str__(self):
        return f"{self.initiative} → {self.council}"


class ScoreSheet(models.Model):
    """One member's scores on one assigned initiative, or their abstention with its reason; final once handed in."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(CouncilMember, null=True, on_delete=models.SET_NULL, related_name="+")
    member_name = models.CharField(_("member"), max_length=120)
    status = models.CharField(_("status"), max_length=10, choices=SheetStatus.choices)
    vote = models.CharField(_("vote"), max_length=10, choices=Vote.choices, blank=True)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    abstain_reason = models.TextField(_("reason for abstaining"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["assignment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "member"], name="one_sheet_per_member"),
            models.CheckConstraint(
                condition=(Q(status=SheetStatus.SCORED) & Q(total__isnull=False) & ~Q(vote=""))
                | (Q(status=SheetStatus.ABSTAINED) & Q(total__isnull=True) & Q(vote="") & ~Q(abstain_reason="")),
                name="sheet_scored_or_abstained_with_reason",
            ),
        ]

    def __str__(self):
        return f"{self.member_name}: {self.assignment}"


class ScoreItem(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(CriterionLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sheet", "criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_points_positive"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class EvaluationReminder(models.Model):
    """A reminder sent to a member about their unscored initiatives: at most one a day per council."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation reminder")
        verbose_name_plural = _("evaluation reminders")
        constraints = [models.UniqueConstraint(fields=["council", "member", "day"], name="one_reminder_a_day")]

    def __str__(self):
        return f"{self.member} {self.day}"
