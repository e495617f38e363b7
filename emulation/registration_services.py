"""The school's side of a registration: its targets, its lines, its attachments, and the live count.

State changes (submit, return, accept) stay in :mod:`emulation.services`; what is here changes the content
of a registration while it may be edited, each in one transaction.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from .enums import REGISTRATION_EDITABLE, SCHOOL_MANAGER_ROLES, AwardKind, AwardScope
from .models import Award, CollectiveTarget, Period, Person, Registration, RegistrationLine, Unit
from .rules import memberships_of
from .text import vietnamese

LDTT_CODE = "ldtt"
CSTDCS_CODE = "cstdcs"
ATTACHMENT_FIELDS = {"plan": "plan_file", "council": "council_decision_file"}


# --- reads ---------------------------------------------------------------------------------------------------


def school_led_by(user) -> Unit | None:
    """The school where *user* is principal or deputy (the first one, if several)."""
    unit_ids = sorted(unit_id for role, _path, unit_id in memberships_of(user) if role in SCHOOL_MANAGER_ROLES)
    if not unit_ids:
        return None
    return Unit.objects.filter(pk__in=unit_ids, is_active=True).order_by("path").first()


def current_period() -> Period | None:
    return Period.objects.filter(is_current=True).first()


def individual_titles():
    return Award.objects.filter(
        is_active=True, kind=AwardKind.TITLE, scope__in=[AwardScope.INDIVIDUAL, AwardScope.BOTH]
    ).order_by("order", "name")


def individual_forms():
    return Award.objects.filter(
        is_active=True, kind=AwardKind.FORM, scope__in=[AwardScope.INDIVIDUAL, AwardScope.BOTH]
    ).order_by("order", "name")


def collective_awards():
    return Award.objects.filter(is_active=True, scope__in=[AwardScope.COLLECTIVE, AwardScope.BOTH]).order_by(
        "kind", "order", "name"
    )


def registration_lines(registration: Registration):
    """The lines in Vietnamese name order, with what the tables show, in one query."""
    return registration.lines.select_related("person", "title", "form").order_by(
        vietnamese("person__sort_name"), "person_id"
    )


def school_staff(unit: Unit):
    """The school's active staff in Vietnamese name order."""
    return Person.objects.filter(unit=unit, is_active=True).order_by(vietnamese("sort_name"), "pk")


# --- the live count ------------------------------------------------------------------------------------------


@dataclass
class TitleCount:
    award: Award
    count: int


@dataclass
class LineCount:
    """Lines per title and, for CSTĐCS, its share of LĐTT (CSTĐCS and higher titles count as LĐTT too)."""

    titles: list[TitleCount] = field(default_factory=list)
    forms: list[TitleCount] = field(default_factory=list)
    total: int = 0
    ldtt: int = 0
    cstdcs: int = 0
    cap: float | None = None

    @property
    def percent(self) -> float | None:
        if not self.ldtt:
            return None
        return self.cstdcs * 100 / self.ldtt

    @property
    def over_cap(self) -> bool:
        return self.cap is not None and self.percent is not None and self.percent > self.cap

    @property
    def ratio_text(self) -> str:
        """ "CSTĐCS: 3 / 20 LĐTT = 15%"."""
        shown = floatformat(self.percent, -1) if self.percent is not None else "–"
        return _("CSTĐCS: %(cstdcs)s / %(ldtt)s LĐTT = %(percent)s%%") % {
            "cstdcs": self.cstdcs,
            "ldtt": self.ldtt,
            "percent": shown,
        }

    @property
    def cap_text(self) -> str:
        return floatformat(self.cap, -1) if self.cap is not None else ""


def count_lines(lines, *, titles=None, forms=None) -> LineCount:
    """The live count of *lines* (RegistrationLine objects with title and form loaded)."""
    titles = list(titles if titles is not None else individual_titles())
    ldtt = next((award for award in titles if award.code == LDTT_CODE), None)
    per_title: dict[int, int] = {}
    per_form: dict[int, int] = {}
    result = LineCount(cap=getattr(settings, "CSTDCS_CAP_PERCENT", None))
    extra_awards = {}
    for line in lines:
        if line.title_id:
            per_title[line.title_id] = per_title.get(line.title_id, 0) + 1
            extra_awards.setdefault(line.title_id, line.title)
            if line.title_id == getattr(ldtt, "pk", None) or (ldtt and line.title.requires_id == ldtt.pk):
                result.ldtt += 1
            if line.title.code == CSTDCS_CODE:
                result.cstdcs += 1
        if line.form_id:
            per_form[line.form_id] = per_form.get(line.form_id, 0) + 1
            extra_awards.setdefault(line.form_id, line.form)
        if line.title_id or line.form_id:
            result.total += 1
    shown = {award.pk for award in titles}
    result.titles = [TitleCount(award, per_title.get(award.pk, 0)) for award in titles]
    result.titles += [TitleCount(extra_awards[pk], n) for pk, n in per_title.items() if pk not in shown]
    form_list = list(forms) if forms is not None else []
    result.forms = [TitleCount(award, per_form[award.pk]) for award in form_list if award.pk in per_form]
    listed = {award.pk for award in form_list}
    result.forms += [TitleCount(extra_awards[pk], n) for pk, n in per_form.items() if pk not in listed]
    return result


# --- changes -------------------------------------------------------------------------------------------------


def _ensure_editable(registration: Registration) -> None:
    if registration.state not in REGISTRATION_EDITABLE:
        raise ValidationError(_("This registration has been sent and can no longer be changed."))


@dataclass(frozen=True)
class LineData:
    person: Person
    title: Award | None = None
    form: Award | None = None
    initiative_title: str = ""
    initiative_field: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.title or self.form or self.initiative_title or self.initiative_field)


@transaction.atomic
def replace_lines(*, registration: Registration, lines: list[LineData], by) -> dict[str, int]:
    """Make the registration's lines exactly *lines* (blank ones dropped), in a fixed number of queries.

    A person's existing line is updated in place, so the office's comment on it stays until the next review.
    """
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _ensure_editable(registration)
    wanted = {line.person.pk: line for line in lines if not line.is_blank}
    if len(wanted) != len([line for line in lines if not line.is_blank]):
        raise ValidationError(_("A person appears twice."))
    existing = {line.person_id: line for line in registration.lines.all()}
    to_create, to_update = [], []
    for person_id, data in wanted.items():
        line = existing.get(person_id)
        values = {
            "title": data.title,
            "form": data.form,
            "initiative_title": data.initiative_title,
            "initiative_field": data.initiative_field,
        }
        if line is None:
            to_create.append(RegistrationLine(registration=registration, person=data.person, **values))
            continue
        if any(getattr(line, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(line, name, value)
            to_update.append(line)
    removed = [line.pk for person_id, line in existing.items() if person_id not in wanted]
    if removed:
        RegistrationLine.objects.filter(pk__in=removed).delete()
    if to_update:
        RegistrationLine.objects.bulk_update(
            to_update, ["title", "form", "initiative_title", "initiative_field"], batch_size=500
        )
    if to_create:
        RegistrationLine.objects.bulk_create(to_create, batch_size=500)
    registration.save(update_fields=["updated_at"])
    return {"created": len(to_create), "updated": len(to_update), "removed": len(removed)}


@transaction.atomic
def add_collective_target(*, registration: Registration, award: Award, commitment: str, by) -> CollectiveTarget:
    _ensure_editable(registration)
    if not award.is_collective or not award.is_active:
        raise ValidationError(_("“%(award)s” is not a collective title or form.") % {"award": award.name})
    if registration.targets.filter(award=award).exists():
        raise ValidationError(_("“%(award)s” is already registered.") % {"award": award.name})
    target = CollectiveTarget.objects.create(registration=registration, award=award, commitment=commitment.strip())
    registration.save(update_fields=["updated_at"])
    return target


@transaction.atomic
def remove_collective_target(*, registration: Registration, target_id: int, by) -> None:
    _ensure_editable(registration)
    deleted, _rows = registration.targets.filter(pk=target_id).delete()
    if not deleted:
        raise Http404
    registration.save(update_fields=["updated_at"])


@transaction.atomic
def attach_registration_file(*, registration: Registration, kind: str, uploaded, by) -> Registration:
    """Store the school's plan ("plan") or its council decision ("council"), replacing the previous file."""
    _ensure_editable(registration)
    field_name = ATTACHMENT_FIELDS[kind]
    old = getattr(registration, field_name)
    old_name = old.name if old else ""
    getattr(registration, field_name).save(uploaded.name, uploaded, save=False)
    registration.save(update_fields=[field_name, "updated_at"])
    if old_name and old_name != getattr(registration, field_name).name:
        storage = old.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return registration
