"""The recognition decision (Quyết định công nhận sáng kiến) and its entries, frozen when it is issued."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from emulation.enums import SignaturePrefix
from emulation.models import Council, IssuedNumber
from initiatives import rules as perms
from initiatives.enums import DecisionState, InitiativeScope, ScoreAggregate, VoteBase
from initiatives.models.evaluation import Assignment
from initiatives.models.initiatives import Initiative


class RecognitionDecision(RulesModel):
    """A council's decision on the initiatives it evaluated: which are recognised, at what scope."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="initiative_decisions")
    state = models.CharField(_("state"), max_length=10, choices=DecisionState.choices, default=DecisionState.DRAFT)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("e.g. Về việc công nhận sáng kiến năm học 2024 - 2025")
    )
    authority = models.CharField(
        _("issuing authority"), max_length=200, help_text=_("In capitals, e.g. HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC THANH TUYỀN")
    )
    grounds = models.TextField(_("grounds"), blank=True, help_text=_("The “Căn cứ …” lines, one per line."))
    proposal = models.CharField(
        _("on the proposal of"), max_length=300, blank=True, help_text=_("e.g. Theo đề nghị của Hội đồng sáng kiến.")
    )
    article_2 = models.TextField(_("Article 2"), blank=True)
    article_3 = models.TextField(_("Article 3"), blank=True)
    signer_prefix = models.CharField(
        _("signing authority"), max_length=5, choices=SignaturePrefix.choices, blank=True, default=SignaturePrefix.NONE
    )
    signer_authority = models.CharField(_("authority line"), max_length=100, help_text=_("e.g. HIỆU TRƯỞNG"))
    signer_position = models.CharField(
        _("signer's position"), max_length=100, blank=True, help_text=_("When someone signs for the head")
    )
    signer_name = models.CharField(_("signer's name"), max_length=100)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line; the last is “Lưu: VT, …”."))
    issued_number = models.OneToOneField(
        IssuedNumber, verbose_name=_("number and symbol"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="initiative_decision", editable=False,
    )  # fmt: skip
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        ordering = ["-created_at", "-pk"]
        rules_permissions = {
            "view": perms.can_view_decision,
            "change": perms.can_edit_decision,
            "issue": perms.can_issue_decision,
        }

    def __str__(self):
        return self.symbol or self.summary

    @property
    def symbol(self) -> str:
        return self.issued_number.symbol if self.issued_number_id else ""

    @property
    def issued_on(self):
        return self.issued_number.issued_on if self.issued_number_id else None

    @property
    def is_issued(self) -> bool:
        return self.state == DecisionState.ISSUED


class DecisionEntry(models.Model):
    """One initiative in a decision: recognised (and at what scope) or not (and why), with the council's result.

    The result's figures are copied from the assignment when the decision is issued and never change after.
    """

    decision = models.ForeignKey(RecognitionDecision, on_delete=models.CASCADE, related_name="entries")
    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="decision_entries")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField(_("order"), default=1)
    recognised = models.BooleanField(_("recognised"), default=True)
    scope = models.CharField(_("scope of effect"), max_length=12, choices=InitiativeScope.choices, blank=True)
    reason = models.TextField(_("reasons"), blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    aggregate = models.CharField(max_length=10, choices=ScoreAggregate.choices, blank=True)
    threshold = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(default=0)
    votes_against = models.PositiveSmallIntegerField(default=0)
    abstentions = models.PositiveSmallIntegerField(default=0)
    vote_base_count = models.PositiveSmallIntegerField(_("members the vote was counted against"), default=0)
    vote_base = models.CharField(max_length=20, choices=VoteBase.choices, blank=True)
    vote_fraction = models.CharField(max_length=10, blank=True)
    passes = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("decision entry")
        verbose_name_plural = _("decision entries")
        ordering = ["decision", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "initiative"], name="one_entry_per_initiative"),
            models.CheckConstraint(
                condition=models.Q(recognised=False) | ~models.Q(scope=""), name="recognised_entry_has_scope"
            ),
        ]

    def __str__(self):
        return f"{self.decision}: {self.initiative}"
