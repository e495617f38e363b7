"""The school's side of a registration: its targets, its lines, its attachments, and the live count.

State changes (submit, return, accept) stay in :mod:`emulation.services`; what is here changes the content
of a registration while it may be edited, each in one transaction.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.enums import (
    REGISTRATION_AWAITING_REVIEW,
    REGISTRATION_EDITABLE,
    SCHOOL_MANAGER_ROLES,
    DeadlineAction,
    RegistrationState,
    Role,
)
from emulation.models import (
    Award,
    CollectiveTarget,
    Membership,
    Person,
    Registration,
    RegistrationLine,
    RegistrationLog,
    Unit,
)
from emulation.services.deadlines import ensure_window_open, record_action_done
from emulation.services.notifications import notify


def _log_registration(*, registration, from_state: str, by, comment: str = ""):

    return RegistrationLog.objects.create(
        registration=registration, from_state=from_state, to_state=registration.state, by=by, comment=comment
    )


def _set_registration_state(*, registration, to_state: str, by, comment: str = "", **fields) -> None:
    from_state = registration.state
    registration.state = to_state
    for name, value in fields.items():
        setattr(registration, name, value)
    registration.save(update_fields=["state", "updated_at", *fields])
    _log_registration(registration=registration, from_state=from_state, by=by, comment=comment)


def get_or_start_registration(*, unit: Unit, period, by):
    """The school's registration for *period*, created as a draft on first use."""

    registration, created = Registration.objects.get_or_create(unit=unit, period=period)
    if created:
        _log_registration(registration=registration, from_state="", by=by)
        registration.state = RegistrationState.DRAFT
    return registration


def registration_problems(*, registration) -> list[str]:
    """What stops a registration from being submitted, in Vietnamese; empty when it can go."""

    problems = []
    lines = list(registration.lines.select_related("person", "title", "form"))
    if not lines and not registration.targets.exists():
        problems.append(_("Register at least one collective target or one person."))
    if not registration.plan_file:
        problems.append(_("Attach the school's emulation plan."))
    if not registration.council_decision_file:
        problems.append(_("Attach the decision forming the school's emulation council."))
    for line in lines:
        if line.title is None and line.form is None:
            problems.append(_("%(name)s: choose a title or a form of commendation.") % {"name": line.person.full_name})
    return problems


@transaction.atomic
def submit_registration(*, registration, by, at=None):
    """Send the registration to the office: inside the window, complete, then the milestone is done."""

    if registration.state not in (RegistrationState.DRAFT, RegistrationState.RETURNED):
        raise ValidationError(_registration_not_editable())
    ensure_window_open(unit=registration.unit, period=registration.period, action=DeadlineAction.REGISTRATION, at=at)
    problems = registration_problems(registration=registration)
    if problems:
        raise ValidationError(problems)
    to_state = (
        RegistrationState.RESUBMITTED
        if registration.state == RegistrationState.RETURNED
        else RegistrationState.SUBMITTED
    )
    _set_registration_state(registration=registration, to_state=to_state, by=by, submitted_at=at or timezone.now())
    record_action_done(
        unit=registration.unit, period=registration.period, action=DeadlineAction.REGISTRATION, by=by, at=at
    )
    transaction.on_commit(lambda: _notify_office(registration_id=registration.pk))
    return registration


def _registration_not_editable():

    return _("This registration has been sent and can no longer be changed.")


def _notify_office(*, registration_id: int) -> None:

    registration = Registration.objects.select_related("unit", "period").get(pk=registration_id)
    ancestors = [registration.unit.path[: i + 1] for i, c in enumerate(registration.unit.path) if c == "/"][:-1]
    users = {
        m.user
        for m in Membership.objects.filter(
            unit__path__in=ancestors, role__in=[Role.DISTRICT_STAFF, Role.DISTRICT_HEAD]
        ).select_related("user")
    }
    notify(
        recipients=sorted(users, key=lambda user: user.pk),
        title=_("%(unit)s sent its emulation registration for %(period)s")
        % {"unit": registration.unit.name, "period": registration.period.name},
        url=reverse("emulation:registration-detail", args=[registration.pk]),
    )


@transaction.atomic
def return_registration(*, registration, by, comment: str, line_comments: dict | None = None):
    """Send the registration back to the school for supplement, with comments on the whole and per line."""

    if registration.state not in REGISTRATION_AWAITING_REVIEW:
        raise ValidationError(_("Only a registration waiting for review can be returned."))
    line_comments = {pk: text.strip() for pk, text in (line_comments or {}).items() if text and text.strip()}
    if not comment.strip() and not line_comments:
        raise ValidationError(_("Say what the school must supplement."))
    registration.lines.update(review_comment="")
    for line in registration.lines.filter(pk__in=line_comments):
        line.review_comment = line_comments[line.pk][:500]
        line.save(update_fields=["review_comment"])
    _set_registration_state(
        registration=registration, to_state=RegistrationState.RETURNED, by=by, comment=comment.strip(),
        review_comment=comment.strip(),
    )  # fmt: skip
    transaction.on_commit(lambda: _notify_school(registration_id=registration.pk, returned=True))
    return registration


@transaction.atomic
def accept_registration(*, registration, by, comment: str = ""):

    if registration.state not in REGISTRATION_AWAITING_REVIEW:
        raise ValidationError(_("Only a registration waiting for review can be accepted."))
    registration.lines.update(review_comment="")
    _set_registration_state(
        registration=registration, to_state=RegistrationState.ACCEPTED, by=by, comment=comment,
        accepted_at=timezone.now(), review_comment="",
    )  # fmt: skip
    transaction.on_commit(lambda: _notify_school(registration_id=registration.pk, returned=False))
    return registration


@transaction.atomic
def accept_registrations(*, registrations, by) -> int:
    """Bulk accept: every registration given must be waiting for review, or none is accepted."""
    accepted = 0
    for registration in registrations:
        accept_registration(registration=registration, by=by)
        accepted += 1
    return accepted


def _notify_school(*, registration_id: int, returned: bool) -> None:

    registration = Registration.objects.select_related("unit", "period").get(pk=registration_id)
    users = [
        m.user
        for m in Membership.objects.filter(unit=registration.unit, role__in=SCHOOL_MANAGER_ROLES).select_related("user")
    ]
    if returned:
        title = _("The office returned your emulation registration for %(period)s: please supplement it")
    else:
        title = _("The office accepted your emulation registration for %(period)s")
    notify(
        recipients=users,
        title=title % {"period": registration.period.name},
        body=registration.review_comment,
        url=reverse("emulation:registration-detail", args=[registration.pk]),
    )


LDTT_CODE = "ldtt"
CSTDCS_CODE = "cstdcs"
ATTACHMENT_FIELDS = {"plan": "plan_file", "council": "council_decision_file"}


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
def remove_collective_target(*, target: CollectiveTarget, by) -> None:
    registration = target.registration
    _ensure_editable(registration)
    target.delete()
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
