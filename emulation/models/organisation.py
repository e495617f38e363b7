import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from emulation import rules as perms
from emulation.enums import (
    PeriodKind,
    Role,
    SchoolLevel,
    Sex,
    StaffCategory,
    UnitKind,
)
from emulation.text import nfc, search_key, sort_name


def new_token() -> str:
    return secrets.token_urlsafe(32)


class PeriodQuerySet(models.QuerySet):
    def current(self) -> "Period | None":
        """The current period (at most one: the one_current_period constraint), None before any is set."""
        return self.filter(is_current=True).first()


class Period(models.Model):
    """A school year ("2024-2025") or a calendar year; exactly one is current."""

    kind = models.CharField(_("kind"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.SCHOOL_YEAR)
    name = models.CharField(_("name"), max_length=40, unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_current = models.BooleanField(_("current"), default=False)

    objects = PeriodQuerySet.as_manager()

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
    # Derived columns and the feed's secret stay out of the history.
    history = HistoricalRecords(excluded_fields=["path", "search_name", "calendar_token"])

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
            "view_history": perms.can_view_unit_history,
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


NATIONAL_ID_TAKEN = _("This identity number is already used for another record.")


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

    history = HistoricalRecords(excluded_fields=["sort_name", "search_name", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            # One active record per identity number: someone who moves to another school leaves an inactive
            # record behind and gets a new one there. The message does not say where the number is used.
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~Q(national_id="") & Q(is_active=True),
                name="unique_national_id_of_active_staff",
                violation_error_message=NATIONAL_ID_TAKEN,
            ),
        ]
        indexes = [models.Index(fields=["unit", "is_active"])]
        rules_permissions = {
            "view": perms.can_view_person,
            "change": perms.can_edit_person,
            "view_history": perms.can_view_person_history,
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

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("role in a unit")
        verbose_name_plural = _("roles in units")
        ordering = ["unit__path", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="one_role_per_user_unit")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit}"
