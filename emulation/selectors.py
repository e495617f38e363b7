from django.db.models import Count, Q, QuerySet

from .models import Membership, Period, Person, Registration, Unit
from .rules import is_superuser, reach_paths
from .text import search_key, vietnamese


def units_visible_to(user) -> QuerySet[Unit]:
    units = Unit.objects.all()
    if is_superuser(user):
        return units
    return units.subtree_of(reach_paths(user))


def people_visible_to(user) -> QuerySet[Person]:
    if is_superuser(user):
        return Person.objects.all()
    return Person.objects.filter(unit__in=units_visible_to(user))


def staff_list(
    *, user, query: str = "", unit: Unit | None = None, category: str = "", active: bool | None = True
) -> QuerySet[Person]:
    """The staff list page: filtered, accent-insensitive search, Vietnamese name order."""
    people = people_visible_to(user).select_related("unit")
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    if category:
        people = people.filter(category=category)
    if active is not None:
        people = people.filter(is_active=active)
    for word in search_key(query).split():
        people = people.filter(search_name__contains=word)
    return people.order_by(vietnamese("sort_name"), "pk")


def unit_tree(*, user) -> QuerySet[Unit]:
    """Visible units in tree order, with their active staff counted in the same query."""
    return (
        units_visible_to(user)
        .select_related("parent")
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)))
        .order_by("path")
    )


def unit_staff(*, unit: Unit) -> QuerySet[Person]:
    return unit.staff.filter(is_active=True).order_by(vietnamese("sort_name"), "pk")


def unit_memberships(*, unit: Unit) -> QuerySet[Membership]:
    return unit.memberships.select_related("user", "person").order_by("role", "user__username")


def school_registrations(*, user) -> list[tuple[Unit, Registration | None]]:
    """Each school the user leads, with its registration for the current period (None if not started)."""
    from .enums import SCHOOL_MANAGER_ROLES
    from .rules import memberships_of

    period = Period.objects.filter(is_current=True).first()
    unit_ids = sorted({unit_id for role, _, unit_id in memberships_of(user) if role in SCHOOL_MANAGER_ROLES})
    if period is None or not unit_ids:
        return []
    registrations = {r.unit_id: r for r in Registration.objects.filter(period=period, unit_id__in=unit_ids)}
    return [(unit, registrations.get(unit.pk)) for unit in Unit.objects.filter(pk__in=unit_ids).order_by("path")]


def registrations_awaiting_review(*, user) -> int:
    """Registrations of the current period, in the user's offices' schools, waiting for the office."""
    from .enums import OFFICE_ROLES, REGISTRATION_AWAITING_REVIEW

    offices = Unit.objects.subtree_of(reach_paths(user, OFFICE_ROLES)) if not is_superuser(user) else Unit.objects.all()
    return Registration.objects.filter(
        period__is_current=True, state__in=REGISTRATION_AWAITING_REVIEW, unit__in=offices
    ).count()
