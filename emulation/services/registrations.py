"""A registration's state changes (submit, return, accept) and the changes to its content while the school holds it.

Every service here locks the registration's row and reads its state again inside the transaction, so that of
two concurrent requests exactly one wins and the other gets a message; the allowed state changes are the
table in :mod:`emulation.enums`. History entries are written with the change, notifications once it commits.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.enums import (
    SCHOOL_MANAGER_ROLES,
    DeadlineAction,
    RegistrationAction,
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
from emulation.selectors.deadlines import deadline_window
from emulation.selectors.organisation import accounts_in
from emulation.selectors.registrations import registration_lines
from emulation.services.deadlines import ensure_window_open, record_action_done, withdraw_action_done
from emulation.services.notifications import notify, send_notice, site_url

# What a caller's copy of a registration gets back from the locked row after a change.
STATE_FIELDS = ("state", "submitted_at", "accepted_at", "review_comment", "updated_at")


def _lock(registration: Registration) -> Registration:
    """The registration's row, locked until the end of the transaction, as it is now."""
    return Registration.objects.select_for_update(of=("self",)).select_related("unit", "period").get(pk=registration.pk)


def _copy_back(registration: Registration, locked: Registration, fields=STATE_FIELDS) -> Registration:
    for name in fields:
        setattr(registration, name, getattr(locked, name))
    return registration


def _log_registration(*, registration, from_state: str, by, comment: str = ""):
    return RegistrationLog.objects.create(
        registration=registration, from_state=from_state, to_state=registration.state, by=by, comment=comment
    )


def refusal(*, action: RegistrationAction, state: str) -> str:
    """Why *action* cannot be done to a registration in *state*, in words for the user."""
    shown = RegistrationState(state).label
    if action is RegistrationAction.SUBMIT:
        return _("This registration has already been sent to the office (%(state)s): it cannot be sent again.") % {
            "state": shown
        }
    if action is RegistrationAction.RETURN:
        return _("Only a registration waiting for review can be returned; this one is now “%(state)s”.") % {
            "state": shown
        }
    return _("Only a registration waiting for review can be accepted; this one is now “%(state)s”.") % {"state": shown}


def _ensure_allowed(locked: Registration, action: RegistrationAction) -> RegistrationState:
    """The state *action* leads to from the locked registration's state; a ValidationError if none."""
    to_state = action.target(locked.state)
    if to_state is None:
        raise ValidationError(refusal(action=action, state=locked.state), code="state")
    return to_state


def _transition(*, locked: Registration, action: RegistrationAction, by, comment: str = "", **fields) -> None:
    """Move the locked registration by *action*, as the transition table allows, and log it."""
    to_state = _ensure_allowed(locked, action)
    from_state = locked.state
    locked.state = to_state
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["state", "updated_at", *fields])
    _log_registration(registration=locked, from_state=from_state, by=by, comment=comment)


@transaction.atomic
def get_or_start_registration(*, unit: Unit, period, by):
    """The school's registration for *period*, created as a draft (and logged once) on first use."""
    registration, created = Registration.objects.get_or_create(unit=unit, period=period)
    if created:
        _log_registration(registration=registration, from_state="", by=by)
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

    locked = _lock(registration)
    _ensure_allowed(locked, RegistrationAction.SUBMIT)
    ensure_window_open(unit=locked.unit, period=locked.period, action=DeadlineAction.REGISTRATION, at=at)
    problems = registration_problems(registration=locked)
    if problems:
        raise ValidationError(problems)
    again = locked.state == RegistrationState.RETURNED
    _transition(locked=locked, action=RegistrationAction.SUBMIT, by=by, submitted_at=at or timezone.now())
    record_action_done(unit=locked.unit, period=locked.period, action=DeadlineAction.REGISTRATION, by=by, at=at)
    transaction.on_commit(lambda: _notify_office(registration_id=locked.pk, again=again))
    return _copy_back(registration, locked)


def _notify_office(*, registration_id: int, again: bool) -> None:
    """Tell the office above the school that a registration waits for it: sent, or sent again after a return."""

    registration = Registration.objects.select_related("unit", "period").get(pk=registration_id)
    ancestors = [registration.unit.path[: i + 1] for i, c in enumerate(registration.unit.path) if c == "/"][:-1]
    users = {
        m.user
        for m in Membership.objects.filter(
            unit__path__in=ancestors, role__in=[Role.DISTRICT_STAFF, Role.DISTRICT_HEAD]
        ).select_related("user")
    }
    if again:
        title = _("%(unit)s sent its emulation registration for %(period)s again")
    else:
        title = _("%(unit)s sent its emulation registration for %(period)s")
    notify(
        recipients=sorted(users, key=lambda user: user.pk),
        title=title % {"unit": registration.unit.name, "period": registration.period.name},
        url=reverse("emulation:registration-detail", args=[registration.pk]),
    )


@transaction.atomic
def return_registration(*, registration, by, comment: str, line_comments: dict | None = None):
    """Send the registration back to the school for supplement, with comments on the whole and per line.

    Its deadline is no longer done for the school: sending it again completes it, at that time.
    """

    locked = _lock(registration)
    _ensure_allowed(locked, RegistrationAction.RETURN)
    line_comments = {pk: text.strip() for pk, text in (line_comments or {}).items() if text and text.strip()}
    if not comment.strip() and not line_comments:
        raise ValidationError(_("Say what the school must supplement."))
    locked.lines.update(review_comment="")
    for line in locked.lines.filter(pk__in=line_comments):
        line.review_comment = line_comments[line.pk][:500]
        line.save(update_fields=["review_comment"])
    _transition(
        locked=locked, action=RegistrationAction.RETURN, by=by, comment=comment.strip(),
        review_comment=comment.strip(), accepted_at=None,
    )  # fmt: skip
    # Back with the school, the registration is no longer sent: its deadline is not done until it comes again.
    withdraw_action_done(unit=locked.unit, period=locked.period, action=DeadlineAction.REGISTRATION)
    transaction.on_commit(lambda: _notify_school(registration_id=locked.pk, returned=True, comment=comment.strip()))
    return _copy_back(registration, locked)


def _accept(*, locked: Registration, by, comment: str = "") -> None:
    _ensure_allowed(locked, RegistrationAction.ACCEPT)
    locked.lines.update(review_comment="")
    _transition(
        locked=locked, action=RegistrationAction.ACCEPT, by=by, comment=comment,
        accepted_at=timezone.now(), review_comment="",
    )  # fmt: skip
    transaction.on_commit(lambda: _notify_school(registration_id=locked.pk, returned=False, comment=comment))


@transaction.atomic
def accept_registration(*, registration, by, comment: str = ""):

    locked = _lock(registration)
    _accept(locked=locked, by=by, comment=comment)
    return _copy_back(registration, locked)


@transaction.atomic
def accept_registrations(*, registrations, by) -> int:
    """Bulk accept: every registration given must be waiting for review, or none is accepted.

    The rows are locked in one statement, in the order of their keys, so two bulk accepts wait on each other
    instead of deadlocking; the states are read under the lock.
    """
    ids = sorted({registration.pk for registration in registrations})
    locked = list(
        Registration.objects.select_for_update(of=("self",))
        .select_related("unit", "period")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    not_waiting = [r for r in locked if RegistrationAction.ACCEPT.target(r.state) is None]
    if not_waiting:
        raise ValidationError(
            _("Nothing was accepted: these registrations are not waiting for review: %(schools)s.")
            % {"schools": ", ".join(sorted(r.unit.name for r in not_waiting))},
            code="state",
        )
    for registration in locked:
        _accept(locked=registration, by=by)
    by_pk = {registration.pk: registration for registration in locked}
    for registration in registrations:
        if registration.pk in by_pk:
            _copy_back(registration, by_pk[registration.pk])
    return len(locked)


def _notify_school(*, registration_id: int, returned: bool, comment: str = "") -> None:
    """Tell the school's principal and deputies, on the bell and by e-mail, what the office decided."""

    registration = Registration.objects.select_related("unit__parent", "period").get(pk=registration_id)
    users = accounts_in(unit_ids=[registration.unit_id], roles=SCHOOL_MANAGER_ROLES)
    if returned:
        title = _("The office returned your emulation registration for %(period)s: please supplement it")
    else:
        title = _("The office accepted your emulation registration for %(period)s")
    url = reverse("emulation:registration-detail", args=[registration.pk])
    notify(recipients=users, title=title % {"period": registration.period.name}, body=comment, url=url)
    context = {
        "unit": registration.unit,
        "office": registration.unit.parent,
        "period": registration.period,
        "comment": comment,
        "url": site_url(url),
    }
    if returned:
        context["line_comments"] = [
            (line.person.full_name, line.review_comment)
            for line in registration_lines(registration)
            if line.review_comment
        ]
        context["window"] = deadline_window(
            unit=registration.unit, period=registration.period, action=DeadlineAction.REGISTRATION
        )
    template = "registration_returned" if returned else "registration_accepted"
    send_notice(recipients=users, template=f"emulation/emails/{template}", context=context)


ATTACHMENT_FIELDS = {"plan": "plan_file", "council": "council_decision_file"}


def _lock_editable(registration: Registration) -> Registration:
    """The locked row, if the school may still change it (the table lets it be sent)."""
    locked = _lock(registration)
    if RegistrationAction.SUBMIT.target(locked.state) is None:
        raise ValidationError(_("This registration has been sent and can no longer be changed."), code="state")
    return locked


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
    registration = _lock_editable(registration)
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
    locked = _lock_editable(registration)
    if not award.is_collective or not award.is_active:
        raise ValidationError(_("“%(award)s” is not a collective title or form.") % {"award": award.name})
    already = ValidationError(_("“%(award)s” is already registered.") % {"award": award.name}, code="exists")
    if locked.targets.filter(award=award).exists():
        raise already
    try:
        with transaction.atomic():
            target = CollectiveTarget.objects.create(registration=locked, award=award, commitment=commitment.strip())
    except IntegrityError:  # one target per award (one_target_per_award), added by a request that did not wait
        raise already from None
    locked.save(update_fields=["updated_at"])
    return target


@transaction.atomic
def remove_collective_target(*, target: CollectiveTarget, by) -> None:
    locked = _lock_editable(target.registration)
    locked.targets.filter(pk=target.pk).delete()
    locked.save(update_fields=["updated_at"])


@transaction.atomic
def attach_registration_file(*, registration: Registration, kind: str, uploaded, by) -> Registration:
    """Store the school's plan ("plan") or its council decision ("council"), replacing the previous file."""
    locked = _lock_editable(registration)
    field_name = ATTACHMENT_FIELDS[kind]
    old = getattr(locked, field_name)
    old_name = old.name if old else ""
    getattr(locked, field_name).save(uploaded.name, uploaded, save=False)
    locked.save(update_fields=[field_name, "updated_at"])
    if old_name and old_name != getattr(locked, field_name).name:
        storage = old.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return _copy_back(registration, locked, (field_name, "updated_at"))
