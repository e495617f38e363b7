"""An initiative's application (đơn yêu cầu công nhận sáng kiến, TT 18/2013/TT-BKHCN Phụ lục I) and its record."""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from emulation.models import Award, Period, Person, RegistrationLine, Unit
from emulation.text import nfc, search_key
from initiatives import rules as perms
from initiatives.enums import AttachmentKind, InitiativeScope, InitiativeState


class Field(models.Model):
    """A field of application (lĩnh vực áp dụng): a list the administrators keep."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("field of application")
        verbose_name_plural = _("fields of application")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        super().save(*args, **kwargs)


class Initiative(RulesModel):
    """One initiative of a unit in a period: the application's fields, its state and what it reached."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="initiatives")
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="initiatives")
    registration_line = models.OneToOneField(
        RegistrationLine, verbose_name=_("registration line"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="initiative", editable=False,
    )  # fmt: skip
    title = models.CharField(_("name of the initiative"), max_length=300)
    field = models.ForeignKey(
        Field, verbose_name=_("field of application"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="initiatives",
    )  # fmt: skip
    investor = models.CharField(
        _("investor"), max_length=300, blank=True,
        help_text=_("Who invested in creating the initiative, when it is not the authors."),
    )  # fmt: skip
    first_applied_on = models.DateField(
        _("date of first or trial application"), null=True, blank=True,
        help_text=_("Whichever came first; not after the date of the application."),
    )  # fmt: skip
    description = models.TextField(
        _("substance of the initiative"), blank=True,
        help_text=_("The steps of the solution; for an improvement, what it changes in the solution it improves."),
    )  # fmt: skip
    confidential_info = models.TextField(_("information to keep confidential"), blank=True)
    conditions = models.TextField(_("conditions needed to apply it"), blank=True)
    expected_benefit = models.TextField(
        _("benefit expected, in the authors' view"), blank=True,
        help_text=_("What applying it brings, or may bring, according to the authors."),
    )  # fmt: skip
    participants_benefit = models.TextField(
        _("benefit, in the view of those who applied it first"), blank=True,
    )  # fmt: skip
    state = models.CharField(_("state"), max_length=20, choices=InitiativeState.choices, default=InitiativeState.DRAFT)
    filed_on = models.DateField(_("date of the application"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    return_comment = models.TextField(_("what to supplement"), blank=True, editable=False)
    score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False,
        help_text=_("The council's result in its current evaluation: the members' scores, aggregated."),
    )  # fmt: skip
    scope = models.CharField(
        _("scope of effect"), max_length=12, choices=InitiativeScope.choices, blank=True, editable=False
    )
    outcome_reason = models.TextField(_("reasons"), blank=True, editable=False)
    forwarded_to = models.ForeignKey(
        Unit, verbose_name=_("forwarded to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        editable=False,
    )  # fmt: skip
    search_title = models.CharField(max_length=300, editable=False, default="", db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-period__start_date", "unit__path", "pk"]
        constraints = [
            # TT 18/2013 Phụ lục I: the first (or trial) application comes before the application for recognition.
            models.CheckConstraint(
                condition=Q(first_applied_on__isnull=True) | Q(filed_on__isnull=True)
                | Q(first_applied_on__lte=F("filed_on")),
                name="initiative_applied_before_filed",
            ),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__gte=0), name="initiative_score_positive"),
        ]  # fmt: skip
        indexes = [models.Index(fields=["period", "state"]), models.Index(fields=["unit", "period"])]
        rules_permissions = {
            "view": perms.can_view_initiative,
            "change": perms.can_edit_initiative,
            "send": perms.can_send_initiative,
            "submit": perms.can_submit_initiative,
            "decide": perms.can_decide_initiative,
            "return": perms.can_return_initiative,
            "forward": perms.can_forward_initiative,
        }

    def __str__(self):
        return self.title

    @property
    def state_colour(self) -> str:
        return InitiativeState(self.state).colour

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.investor = nfc(self.investor)
        self.search_title = search_key(self.title)
        if kwargs.get("update_fields") and "title" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_title"}
        super().save(*args, **kwargs)


class InitiativeAuthor(models.Model):
    """An author: a staff member of a unit (``person``) or a co-author from outside, by name."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        Person, verbose_name=_("staff member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    workplace = models.CharField(_("workplace"), max_length=200)
    position = models.CharField(_("position"), max_length=120, blank=True)
    qualification = models.CharField(_("qualification"), max_length=120, blank=True, help_text=_("e.g. Cử nhân"))
    contribution = models.DecimalField(
        _("contribution (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["initiative", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "person"], condition=Q(person__isnull=False), name="one_authorship_per_person"
            ),
            models.CheckConstraint(
                condition=Q(contribution__gt=0) & Q(contribution__lte=100), name="author_contribution_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.contribution} %)"

    def save(self, *args, **kwargs):
        for name in ("full_name", "workplace", "position", "qualification"):
            setattr(self, name, nfc(getattr(self, name)))
        super().save(*args, **kwargs)


class InitiativeParticipant(models.Model):
    """Someone who took part in the first (or trial) application."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="participants")
    full_name = models.CharField(_("full name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    workplace = models.CharField(_("workplace"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=120, blank=True)
    qualification = models.CharField(_("qualification"), max_length=120, blank=True)
    task = models.CharField(_("part taken in the application"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("participant in the first application")
        verbose_name_plural = _("participants in the first application")
        ordering = ["initiative", "order", "pk"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        for name in ("full_name", "workplace", "position", "qualification", "task"):
            setattr(self, name, nfc(getattr(self, name)))
        super().save(*args, **kwargs)


class InitiativeAttachment(models.Model):
    """A file of the application: the full report, evidence of its application, anything else."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to="initiatives/%Y/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["initiative", "kind", "pk"]

    def __str__(self):
        return self.name


class InitiativeLog(models.Model):
    """Every change of state of an initiative: who, when, from → to, comment."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="log")
    from_state = models.CharField(max_length=20, choices=InitiativeState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=InitiativeState.choices)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("initiative history entry")
        verbose_name_plural = _("initiative history")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.initiative}: {self.from_state} → {self.to_state}"


class InitiativeUse(models.Model):
    """A recognised initiative used to justify a title: once used, it justifies no other (domain.md §1a)."""

    initiative = models.OneToOneField(Initiative, on_delete=models.PROTECT, related_name="use")
    award = models.ForeignKey(Award, verbose_name=_("title justified"), on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("use of an initiative")
        verbose_name_plural = _("uses of initiatives")

    def __str__(self):
        return f"{self.initiative} → {self.award}"
