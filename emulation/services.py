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
