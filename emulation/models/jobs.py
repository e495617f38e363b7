from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation.enums import JobStatus


class Heartbeat(models.Model):
    """When the periodic health task last ran; the dashboard and smoke test read it."""

    name = models.CharField(max_length=40, unique=True)
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name}: {self.last_seen:%Y-%m-%d %H:%M:%S}"


class DocumentJob(models.Model):
    """A document rendered in the background: its progress, then the stored file.

    Tracked here because the server-less broker may lose a task whose worker is killed;
    a job still pending after its time can be queued again.
    """

    # How ``error`` begins while the broker would not take the job: it stays pending and is sent again.
    NOT_QUEUED = "not queued: "

    kind = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="documents/%Y/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} #{self.object_id} ({self.status})"

    @property
    def waits_for_worker(self) -> bool:
        """Pending because the broker was down when it was sent: it is made once the worker is back."""
        return self.status == JobStatus.PENDING and self.error.startswith(self.NOT_QUEUED)

    @property
    def progress_step(self) -> int:
        """The progress rounded down to 5 %, for the bar's CSS class (no inline styles under the CSP)."""
        return self.progress - self.progress % 5
