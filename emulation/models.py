import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from . import rules as perms
from .enums import (
    Authority,
    AwardKind,
    AwardLevel,
    AwardScope,
    BlockRole,
    CouncilKind,
    CouncilRole,
    DeadlineAction,
    DocumentType,
    JobStatus,
    PeriodKind,
    RegistrationState,
    Role,
    SchoolLevel,
    Sex,
    StaffCategory,
    UnitKind,
)
from .text import nfc, search_key, sort_name


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Period(models.Model):
    """A school year ("2024-2025") or a calendar year; exactly one is current."""

    kind = models.CharField(_("kind"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.SCHOOL_YEAR)
    name = models.CharField(_("name"), max_length=40, unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_current = models.BooleanField(_("current"), default=False)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_period"),
            models.CheckConstraint(condition=Q(end_date__gt=models.F("start_date")), name="period_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The end date must be after the start date.")})


class UnitQuerySet(models.QuerySet):
    def subtree_of(self, paths):
        """Units at or below any of the given tree paths."""
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)


class Unit(RulesModel):
    """An office or a school. ``parent`` is the unit that manages it."""

    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices)
    level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices, blank=True)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("As written in sentences, e.g. Trường Tiểu học Thanh Tuyền.")
    )
    print_name = models.CharField(
        _("name as printed"),
        max_length=200,
        help_text=_("In capitals, as on the document header, e.g. PHÒNG GIÁO DỤC VÀ ĐÀO TẠO."),
    )
    governing_body = models.CharField(
        _("governing body line"), max_length=200, blank=True, help_text=_("e.g. UBND HUYỆN DẦU TIẾNG")
    )
    symbol = models.CharField(
        _("document symbol"), max_length=30, help_text=_("Used in document numbers, e.g. PGDĐT, THTB2.")
    )
    place_name = models.CharField(_("place name"), max_length=100, help_text=_("For the date line, e.g. Dầu Tiếng."))
    parent = models.ForeignKey(
        "self", verbose_name=_("managed by"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    search_name = models.CharField(max_length=200, editable=False, default="", db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    calendar_token = models.CharField(max_length=43, default=new_token, unique=True, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        rules_permissions = {
            "view": perms.can_view_unit,
            "change": perms.can_manage_unit,
            "manage_accounts": perms.can_manage_unit,
            "manage_staff": perms.can_edit_unit_staff,
            "reset_calendar_feed": perms.can_reset_calendar_feed,
        }

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1 if self.path else 0

    def clean(self):
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("A unit cannot be managed by itself or by one of its sub-units.")})

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.print_name = nfc(self.print_name) or self.name.upper()
        self.governing_body = nfc(self.governing_body)
        self.symbol = nfc(self.symbol)
        self.place_name = nfc(self.place_name)
        self.search_name = search_key(self.name)
        old_path = self.path
        creating = self.pk is None
        if creating:
            super().save(*args, **kwargs)
        self.path = f"{self.parent.path if self.parent_id else ''}{self.pk:07d}/"
        if creating:
            Unit.objects.filter(pk=self.pk).update(path=self.path)
            return
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "path", "search_name"}
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
            )


class Person(RulesModel):
    """A staff member of a unit (cán bộ, giáo viên, nhân viên)."""

    full_name = models.CharField(_("full name"), max_length=120)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="staff")
    position = models.CharField(_("position"), max_length=120, blank=True, help_text=_("e.g. Giáo viên, Hiệu trưởng"))
    category = models.CharField(_("staff category"), max_length=20, choices=StaffCategory.choices)
    sector_start_date = models.DateField(_("date of entering the sector"), null=True, blank=True)
    national_id = models.CharField(_("national identity number"), max_length=12, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_name = models.CharField(max_length=120, editable=False, default="")
    search_name = models.CharField(max_length=120, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"], condition=~Q(national_id=""), name="unique_national_id_when_given"
            ),
        ]
        indexes = [models.Index(fields=["unit", "is_active"])]
        rules_permissions = {
            "view": perms.can_view_person,
            "change": perms.can_edit_person,
        }

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = nfc(self.full_name)
        self.position = nfc(self.position)
        self.sort_name = sort_name(self.full_name)
        self.search_name = search_key(self.full_name)
        if kwargs.get("update_fields") and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_name", "search_name"}
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A user's role in a unit. Roles are read only by the predicates in rules.py."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("staff member"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role in a unit")
        verbose_name_plural = _("roles in units")
        ordering = ["unit__path", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="one_role_per_user_unit")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class Heartbeat(models.Model):
    """When the periodic health task last ran; the dashboard and smoke test read it."""

    name = models.CharField(max_length=40, unique=True)
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name}: {self.last_seen:%Y-%m-%d %H:%M:%S}"


class EmulationBlock(models.Model):
    """A khối thi đua: similar units grouped by the office that manages them, for one period."""

    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="blocks")
    managing_unit = models.ForeignKey(
        Unit, verbose_name=_("managing unit"), on_delete=models.PROTECT, related_name="managed_blocks"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices, blank=True)
    members = models.ManyToManyField(
        Unit, verbose_name=_("member units"), through="BlockMembership", related_name="blocks"
    )

    class Meta:
        verbose_name = _("emulation block")
        verbose_name_plural = _("emulation blocks")
        ordering = ["period", "managing_unit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "managing_unit", "number"], name="unique_block_number"),
        ]

    def __str__(self):
        return self.name


class BlockMembership(models.Model):
    block = models.ForeignKey(EmulationBlock, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="block_memberships")
    role = models.CharField(_("role in the block"), max_length=10, choices=BlockRole.choices, default=BlockRole.MEMBER)

    class Meta:
        verbose_name = _("block member")
        verbose_name_plural = _("block members")
        constraints = [models.UniqueConstraint(fields=["block", "unit"], name="unique_block_member")]

    def __str__(self):
        return f"{self.block} – {self.unit}"


class Deadline(RulesModel):
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
        rules_permissions = {"view": perms.can_view_deadline, "extend": perms.can_extend_deadline}

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


class Notification(models.Model):
    """An in-app message: the bell in the navigation bar counts the unread ones."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title


class DocumentJob(models.Model):
    """A document rendered in the background: its progress, then the stored file.

    Tracked here because the server-less broker may lose a task whose worker is killed;
    a job still pending after its time can be queued again.
    """

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
    def progress_step(self) -> int:
        """The progress rounded down to 5 %, for the bar's CSS class (no inline styles under the CSP)."""
        return self.progress - self.progress % 5


class NumberCounter(models.Model):
    """The last number issued by a unit in a year for a document type: the row that issuing locks."""

    unit = models.ForeignKey(Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    doc_type = models.CharField(_("document type"), max_length=5, choices=DocumentType.choices)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "doc_type"], name="one_counter_per_unit_year_type"),
        ]

    def __str__(self):
        return f"{self.unit} {self.year} {self.doc_type}: {self.last_number}"


class IssuedNumber(models.Model):
    """One line of the register of issued documents (sổ đăng ký văn bản đi)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="issued_numbers"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    doc_type = models.CharField(_("document type"), max_length=5, choices=DocumentType.choices)
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("number and symbol"), max_length=60)
    issued_on = models.DateField(_("date issued"))
    title = models.CharField(_("summary"), max_length=500)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("issued document number")
        verbose_name_plural = _("issued document numbers")
        ordering = ["unit", "-year", "doc_type", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "doc_type", "number"], name="unique_issued_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="issued_number_positive"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.symbol


class Award(models.Model):
    """The catalogue: emulation titles (danh hiệu thi đua) and forms of commendation (hình thức khen thưởng).

    Loaded from domain.md §1 by a data migration; administrators edit it, in particular who confers
    each award, since the organisation changed in 2025 and differs between provinces.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("abbreviation"), max_length=60, blank=True, help_text=_("e.g. LĐTT, CSTĐCS"))
    kind = models.CharField(_("kind"), max_length=10, choices=AwardKind.choices)
    scope = models.CharField(_("for"), max_length=12, choices=AwardScope.choices)
    level = models.CharField(_("level"), max_length=20, choices=AwardLevel.choices)
    conferred_by = models.CharField(_("conferred by"), max_length=30, choices=Authority.choices)
    requires = models.ForeignKey(
        "self",
        verbose_name=_("requires the same year"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("e.g. CSTĐCS requires LĐTT in the same year."),
    )
    needs_initiative = models.BooleanField(
        _("asks for an initiative"),
        default=False,
        help_text=_("The registration line names the initiative the person intends to write."),
    )
    is_local = models.BooleanField(_("sector or local award"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("title or form of commendation")
        verbose_name_plural = _("titles and forms of commendation")
        ordering = ["order", "name"]

    def __str__(self):
        return self.short_name or self.name

    @property
    def is_individual(self) -> bool:
        return self.scope in (AwardScope.INDIVIDUAL, AwardScope.BOTH)

    @property
    def is_collective(self) -> bool:
        return self.scope in (AwardScope.COLLECTIVE, AwardScope.BOTH)


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

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["council", "person"], name="one_seat_per_person")]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


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
