from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from emulation.enums import DeadlineAction, SignaturePrefix
from emulation.models import Deadline, EmulationBlock, IssuedNumber, Period, Unit

from . import rules as perms
from .enums import OVERDUE_OFFSET, LogAction, PlanState


def default_reminder_offsets() -> list[int]:
    return list(settings.REMINDER_OFFSETS_DAYS)


def default_before_is_inclusive() -> bool:
    return settings.TIMELINE_BEFORE_IS_INCLUSIVE


class Plan(RulesModel):
    """A Kế hoạch (KH): body text, signer, recipients and the timeline of milestones."""

    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="plans"
    )
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="plans")
    state = models.CharField(_("state"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    issued_number = models.OneToOneField(
        IssuedNumber,
        verbose_name=_("number and symbol"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="plan",
    )
    title = models.CharField(
        _("summary"), max_length=300, help_text=_("e.g. Công tác thi đua, khen thưởng năm học 2023 - 2024")
    )
    preamble = models.TextField(_("grounds"), blank=True, help_text=_("The “Căn cứ …” paragraphs, one per line."))
    intro = models.TextField(
        _("opening sentence"),
        blank=True,
        help_text=_("Printed upright after the grounds, e.g. “Phòng GDĐT xây dựng kế hoạch … với các nội dung sau:”."),
    )
    signer_prefix = models.CharField(
        _("signing authority"), max_length=5, choices=SignaturePrefix.choices, blank=True, default=SignaturePrefix.NONE
    )
    signer_authority = models.CharField(_("authority line"), max_length=100, help_text=_("e.g. TRƯỞNG PHÒNG"))
    signer_position = models.CharField(
        _("signer's position"),
        max_length=100,
        blank=True,
        help_text=_("When someone signs for the head: PHÓ TRƯỞNG PHÒNG"),
    )
    signer_name = models.CharField(_("signer's name"), max_length=100)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line; the last is “Lưu: VT, …”."))
    annex_title = models.CharField(_("annex title"), max_length=300, blank=True)
    before_is_inclusive = models.BooleanField(
        _("“before day D” includes D"),
        default=default_before_is_inclusive,
        help_text=_("Off: “Trước ngày 11/11” means the last day is 10/11. On: the last day is 11/11."),
    )
    announced_at = models.DateTimeField(
        _("announced to the units"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the units were told and its deadlines went live: the day of the plan, not before."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-period__start_date", "-pk"]
        rules_permissions = {
            "view": perms.can_view_plan,
            "change": perms.can_edit_plan,
            "issue": perms.can_issue_plan,
            "amend": perms.can_amend_plan,
        }

    def __str__(self):
        return self.symbol or self.title

    @property
    def symbol(self) -> str:
        return self.issued_number.symbol if self.issued_number_id else ""

    @property
    def issued_on(self):
        return self.issued_number.issued_on if self.issued_number_id else None

    @property
    def is_issued(self) -> bool:
        return self.state == PlanState.ISSUED

    @property
    def is_announced(self) -> bool:
        """Issued and its date has come: the units have been told and its deadlines are live."""
        return self.is_issued and self.announced_at is not None


class PlanSection(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"))
    heading = models.CharField(_("heading"), max_length=300)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return self.heading


class Milestone(models.Model):
    """One row of the timeline: what, by when, who; saving it writes the matching deadline."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(_("order"))
    content = models.TextField(_("content"))
    due_text = models.CharField(_("time as written"), max_length=200, blank=True)
    opens_on = models.DateField(_("from"), null=True, blank=True)
    due_on = models.DateField(_("last day"), null=True, blank=True)
    date_problem = models.CharField(_("date problem"), max_length=300, blank=True)
    actor_text = models.CharField(_("units as written"), max_length=300, blank=True)
    actor_units = models.ManyToManyField(Unit, verbose_name=_("units that act"), blank=True, related_name="+")
    actor_blocks = models.ManyToManyField(
        EmulationBlock, verbose_name=_("blocks that act"), blank=True, related_name="milestones"
    )
    actor_problem = models.CharField(_("units problem"), max_length=300, blank=True)
    done_when = models.CharField(
        _("done when"), max_length=30, choices=DeadlineAction.choices, default=DeadlineAction.MANUAL
    )
    reminder_offsets = models.JSONField(_("reminders (days before)"), default=default_reminder_offsets)
    remind_overdue = models.BooleanField(_("remind when overdue"), default=True)
    deadline = models.OneToOneField(
        Deadline, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestone", editable=False
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return f"{self.order}. {self.content[:60]}"

    @property
    def needs_attention(self) -> bool:
        return self.due_on is None or bool(self.date_problem) or bool(self.actor_problem)


class PlanLog(models.Model):
    """Who did what to a plan, and when: creation, import, issue, each amendment."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="log")
    action = models.CharField(max_length=20, choices=LogAction.choices)
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10, blank=True)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan history entry")
        verbose_name_plural = _("plan history")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.plan} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Reminder(models.Model):
    """One reminder for one unit and one milestone offset: the unique row makes sending idempotent."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    offset = models.SmallIntegerField(help_text=f"days before the last day; {OVERDUE_OFFSET} = overdue")
    tick = models.UUIDField(db_index=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["milestone", "unit", "offset"], name="one_reminder_per_offset"),
        ]

    def __str__(self):
        return f"{self.milestone} → {self.unit} ({self.offset})"


class Digest(models.Model):
    """The daily overdue digest of one office user: one row per user per day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("overdue digest")
        verbose_name_plural = _("overdue digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_day")]

    def __str__(self):
        return f"{self.user} {self.day}"
