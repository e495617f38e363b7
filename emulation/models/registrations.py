from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from emulation import rules as perms
from emulation.enums import RegistrationState
from emulation.models.catalogue import Award
from emulation.models.organisation import Period, Person, Unit


class Registration(RulesModel):
    """A school's start-of-year emulation registration (đăng ký thi đua) for one period."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="registrations")
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="registrations")
    state = models.CharField(
        _("state"), max_length=12, choices=RegistrationState.choices, default=RegistrationState.DRAFT
    )
    plan_file = models.FileField(_("the school's emulation plan"), upload_to="registrations/%Y/", blank=True)
    council_decision_file = models.FileField(
        _("decision forming the school's council"), upload_to="registrations/%Y/", blank=True
    )
    review_comment = models.TextField(_("comment of the office"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("emulation registration")
        verbose_name_plural = _("emulation registrations")
        ordering = ["-period__start_date", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="one_registration_per_period")]
        indexes = [models.Index(fields=["period", "state"])]
        rules_permissions = {
            "view": perms.can_view_registration,
            "change": perms.can_edit_registration,
            "submit": perms.can_submit_registration,
            "review": perms.can_review_registration,
            # The same people, whatever the state: a second click then gets the service's message, not a 404.
            "send": perms.can_send_registration,
            "decide": perms.can_decide_registration,
        }

    def __str__(self):
        return f"{self.unit} – {self.period.name}"


class CollectiveTarget(models.Model):
    """A collective title or form the school aims for, with its commitment."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="targets")
    award = models.ForeignKey(Award, verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="+")
    commitment = models.TextField(_("commitment"), blank=True)

    class Meta:
        verbose_name = _("collective target")
        verbose_name_plural = _("collective targets")
        ordering = ["registration", "award__order"]
        constraints = [models.UniqueConstraint(fields=["registration", "award"], name="one_target_per_award")]

    def __str__(self):
        return f"{self.registration}: {self.award}"


class RegistrationLine(models.Model):
    """One person's target title, the form of commendation aimed for, and the initiative they intend to write."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey(Person, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+")
    title = models.ForeignKey(
        Award, verbose_name=_("target title"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    form = models.ForeignKey(
        Award, verbose_name=_("form of commendation"), on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )  # fmt: skip
    initiative_title = models.CharField(_("initiative intended"), max_length=300, blank=True)
    initiative_field = models.CharField(_("field of the initiative"), max_length=120, blank=True)
    review_comment = models.CharField(_("comment of the office"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("registration line")
        verbose_name_plural = _("registration lines")
        constraints = [models.UniqueConstraint(fields=["registration", "person"], name="one_line_per_person")]

    def __str__(self):
        return f"{self.person}: {self.title or '—'}"


class RegistrationLog(models.Model):
    """Every change of state of a registration: who, when, from → to, comment."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="log")
    from_state = models.CharField(max_length=12, choices=RegistrationState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=RegistrationState.choices)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration history entry")
        verbose_name_plural = _("registration history")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.registration}: {self.from_state} → {self.to_state}"
