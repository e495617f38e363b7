import datetime as dt

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

from emulation.models import Membership


def locked_accounts(usernames) -> dict[str, dt.datetime]:
    """The usernames now locked out after failed logins (from at least one address), with when the lock ends.

    The same sums as django-axes: failures of one username from one address within the cool-off time.
    """
    cool_off = get_cool_off()
    rows = (
        AccessAttempt.objects.filter(username__in=list(usernames), attempt_time__gte=timezone.now() - cool_off)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    locked: dict[str, dt.datetime] = {}
    for row in rows:
        until = row["last"] + cool_off
        locked[row["username"]] = max(until, locked.get(row["username"], until))
    return locked


def accounts_of_person(person) -> QuerySet[Membership]:
    """The roles held by the accounts of *person*, with the account and the unit."""
    return Membership.objects.filter(person=person).select_related("user", "unit").order_by("unit__path", "role")


def mark_locked(memberships: list[Membership]) -> list[Membership]:
    """Set ``locked_until`` on each membership: when its account's lockout ends, or None."""
    locked = locked_accounts({membership.user.get_username() for membership in memberships})
    for membership in memberships:
        membership.locked_until = locked.get(membership.user.get_username())
    return memberships
