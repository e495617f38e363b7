import logging

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from emulation.enums import Role
from emulation.models import Membership, Person, Unit
from emulation.text import nfc

User = get_user_model()
logger = logging.getLogger(__name__)


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
    membership = Membership.objects.filter(user=user, unit=unit, role=role).first()
    if membership is None:
        membership = Membership(user=user, unit=unit, role=role, person=person)
        membership._history_user = by
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError:  # granted meanwhile by someone else
            membership = Membership.objects.get(user=user, unit=unit, role=role)
    user.__dict__.pop("_emulation_memberships", None)
    return membership


def revoke_role(*, membership: Membership, by=None) -> None:
    membership._history_user = by
    membership.delete()


def unlock_account(*, account, by) -> int:
    """Forget the failed logins of *account* from every address, which ends its lockout; returns how many."""
    removed = axes_reset(username=account.get_username())
    logger.info("Account %s unlocked by %s (%s failed-login records removed).", account, by, removed)
    return removed
