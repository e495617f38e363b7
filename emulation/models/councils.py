from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from emulation import rules as perms
from emulation.enums import CouncilKind, CouncilRole
from emulation.models.organisation import Period, Person, Unit


class Council(RulesModel):
    """A unit's Hội đồng Thi đua – Khen thưởng or Hội đồng sáng kiến for one period."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="councils")
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="councils")
    kind = models.CharField(_("kind"), max_length=12, choices=CouncilKind.choices, default=CouncilKind.EMULATION)
    decision_number = models.CharField(
        _("establishing decision"), max_length=60, blank=True, help_text=_("e.g. 12/QĐ-THTT")
    )
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)
    decision_file = models.FileField(_("decision file"), upload_to="councils/%Y/", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["-period__start_date", "unit__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["unit", "period", "kind"], name="one_council_per_kind")]
        rules_permissions = {"view": perms.can_view_council, "change": perms.can_edit_council}

    def __str__(self):
        return f"{self.get_kind_display()} – {self.unit} – {self.period.name}"


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the council"), max_length=12, choices=CouncilRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="council_seats",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "person"], name="one_seat_per_person"),
            # A council has one chair and at most one secretary (the services say so in words first).
            models.UniqueConstraint(
                fields=["council", "role"],
                condition=Q(role__in=[CouncilRole.CHAIR, CouncilRole.SECRETARY]),
                name="one_chair_one_secretary_per_council",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"
