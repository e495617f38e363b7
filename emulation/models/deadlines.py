from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation.enums import DeadlineAction
from emulation.models.organisation import Period, Unit


class Deadline(models.Model):
    """When units must have done an action in a period: the window every submit service asks about.

    Plans in ``schedules`` write these; the apps below only read them.
    """

    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="deadlines")
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("set by"), on_delete=models.PROTECT, related_name="deadlines_set"
    )
    action = models.CharField(_("action"), max_length=30, choices=DeadlineAction.choices)
    title = models.CharField(_("title"), max_length=500)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"))
    units = models.ManyToManyField(Unit, verbose_name=_("units concerned"), related_name="deadlines", blank=True)
    source = models.CharField(max_length=60, blank=True, default="", editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["closes_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source"], condition=~Q(source=""), name="unique_deadline_source"),
        ]
        indexes = [models.Index(fields=["period", "action", "is_active"])]

    def __str__(self):
        return self.title

    @property
    def last_day(self):
        return timezone.localtime(self.closes_at).date()


class DeadlineExtension(models.Model):
    """More time for one unit, granted by the office with a reason."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="deadline_extensions")
    closes_at = models.DateTimeField(_("new closing time"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [models.UniqueConstraint(fields=["deadline", "unit"], name="one_extension_per_unit")]

    def __str__(self):
        return f"{self.deadline} – {self.unit}"

    @property
    def last_day(self):
        return timezone.localtime(self.closes_at).date()


class DeadlineCompletion(models.Model):
    """A unit has done what a deadline asks: recorded by the submit services, or confirmed by hand."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="completions")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(_("done at"))
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="completions/%Y/", blank=True)

    class Meta:
        verbose_name = _("deadline completion")
        verbose_name_plural = _("deadline completions")
        constraints = [models.UniqueConstraint(fields=["deadline", "unit"], name="one_completion_per_unit")]

    def __str__(self):
        return f"{self.deadline} – {self.unit}"


class ExtensionRequest(models.Model):
    """A unit asks the office that set a deadline for more time; the extension the office grants answers it."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extension_requests")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="extension_requests")
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "unit"], condition=Q(answered_at__isnull=True), name="one_open_extension_request"
            ),
        ]

    def __str__(self):
        return f"{self.deadline} – {self.unit}"
