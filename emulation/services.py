from django.contrib.auth import get_user_model
from django.db import transaction

from .enums import Role
from .models import Membership, Person, Unit
from .text import nfc

User = get_user_model()

PERSON_FIELDS = (
    "full_name", "sex", "date_of_birth", "unit", "position", "category",
    "sector_start_date", "national_id", "email", "phone",
)  # fmt: skip


def create_person(*, by, **fields) -> Person:
    person = Person(**{name: fields[name] for name in PERSON_FIELDS if name in fields})
    person.full_clean()
    person.save()
    return person


def update_person(*, person: Person, by, **fields) -> Person:
    changed = [name for name in PERSON_FIELDS if name in fields and getattr(person, name) != fields[name]]
    for name in changed:
        setattr(person, name, fields[name])
    if changed:
        person.full_clean()
        person.save(update_fields=[*changed, "updated_at"])
    return person


def set_person_active(*, person: Person, active: bool, by) -> Person:
    if person.is_active != active:
        person.is_active = active
        person.save(update_fields=["is_active", "updated_at"])
    return person


@transaction.atomic
def create_account(
    *, unit: Unit, role: Role, username: str, password: str, full_name: str = "", email: str = "",
    person: Person | None = None, by=None,
) -> User:  # fmt: skip
    """Create a login for a staff member and give it a role in *unit*."""
    full_name = nfc(full_name or (person.full_name if person else ""))
    first, _, last = full_name.rpartition(" ")
    user = User(username=username, email=email or (person.email if person else ""), first_name=first, last_name=last)
    user.set_password(password)
    user.full_clean()
    user.save()
    grant_role(user=user, unit=unit, role=role, person=person, by=by)
    return user


def grant_role(*, user, unit: Unit, role: Role, person: Person | None = None, by=None) -> Membership:
    membership, _ = Membership.objects.get_or_create(user=user, unit=unit, role=role, defaults={"person": person})
    user.__dict__.pop("_emulation_memberships", None)
    return membership


def revoke_role(*, membership: Membership, by=None) -> None:
    membership.delete()


def notify(*, recipients, title: str, body: str = "", url: str = "") -> list:
    """In-app notifications for *recipients* (users), written in one query."""
    from .models import Notification

    return Notification.objects.bulk_create(
        [Notification(recipient=user, title=title[:300], body=body, url=url) for user in recipients]
    )


def mark_notifications_read(*, user, ids=None) -> int:
    from django.utils import timezone

    unread = user.notifications.filter(read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


# Registrations --------------------------------------------------------------------------------


def _log_registration(*, registration, from_state: str, by, comment: str = ""):
    from .models import RegistrationLog

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
    from .enums import RegistrationState
    from .models import Registration

    registration, created = Registration.objects.get_or_create(unit=unit, period=period)
    if created:
        _log_registration(registration=registration, from_state="", by=by)
        registration.state = RegistrationState.DRAFT
    return registration


def registration_problems(*, registration) -> list[str]:
    """What stops a registration from being submitted, in Vietnamese; empty when it can go."""
    from django.utils.translation import gettext as _

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
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from .deadlines import ensure_window_open, record_action_done
    from .enums import DeadlineAction, RegistrationState

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
    from django.utils.translation import gettext as _

    return _("This registration has been sent and can no longer be changed.")


def _notify_office(*, registration_id: int) -> None:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .enums import Role
    from .models import Membership, Registration

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
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .enums import REGISTRATION_AWAITING_REVIEW, RegistrationState

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
    from django.core.exceptions import ValidationError
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .enums import REGISTRATION_AWAITING_REVIEW, RegistrationState

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
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from .enums import SCHOOL_MANAGER_ROLES
    from .models import Membership, Registration

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
