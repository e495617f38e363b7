from django.db.models import Count, Q, QuerySet

from .models import Membership, Person, Unit
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
