import logging

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from emulation.enums import Role
from emulation.models import AccountPreference, Membership, Person, Unit
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


LANGUAGE_SESSION_KEY = "interface_language"


def interface_language(value: str | None) -> str:
    """*value* if the site offers it, else the site's language (Vietnamese)."""
    return value if value in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def set_interface_language(*, request, language: str) -> str:
    """Remember the user's choice of language: for the account when logged in, for the browser session always."""
    language = interface_language(language)
    if request.user.is_authenticated:
        AccountPreference.objects.update_or_create(user=request.user, defaults={"language": language})
    request.session[LANGUAGE_SESSION_KEY] = language
    return language


def remember_language_on_login(sender, request, user, **kwargs) -> None:
    """At login the account's saved language, if it has one, replaces the browser's."""
    saved = AccountPreference.objects.filter(user=user).values_list("language", flat=True).first()
    if saved:
        request.session[LANGUAGE_SESSION_KEY] = interface_language(saved)


def unlock_account(*, account, by) -> int:
    """Forget the failed logins of *account* from every address, which ends its lockout; returns how many."""
    removed = axes_reset(username=account.get_username())
    logger.info("Account %s unlocked by %s (%s failed-login records removed).", account, by, removed)
    return removed
