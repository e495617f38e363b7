from django.contrib.auth import get_user_model
from django.db import transaction

from emulation.enums import Role
from emulation.models import Membership, Person, Unit
from emulation.text import nfc

User = get_user_model()


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
