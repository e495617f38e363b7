from django.db.models import Count, Q, QuerySet

from emulation.enums import OFFICE_ROLES, SCHOOL_MANAGER_ROLES, UnitKind
from emulation.models import Membership, Period, Person, Unit
from emulation.rules import is_superuser, memberships_of, reach_paths
from emulation.text import search_key, vietnamese


def school_led_by(user) -> Unit | None:
    """The school where *user* is principal or deputy (the first one, if several)."""
    unit_ids = sorted(unit_id for role, _path, unit_id in memberships_of(user) if role in SCHOOL_MANAGER_ROLES)
    if not unit_ids:
        return None
    return Unit.objects.filter(pk__in=unit_ids, is_active=True).order_by("path").first()


def current_period() -> Period | None:
    return Period.objects.filter(is_current=True).first()


def units_visible_to(user) -> QuerySet[Unit]:
    units = Unit.objects.all()
    if is_superuser(user):
        return units
    return units.subtree_of(reach_paths(user))


def people_visible_to(user) -> QuerySet[Person]:
    if is_superuser(user):
        return Person.objects.all()
    return Person.objects.filter(unit__in=units_visible_to(user))


def national_id_taken(national_id: str, *, exclude: Person | None = None) -> bool:
    """Whether an active staff member other than *exclude* has this identity number, wherever they work."""
    others = Person.objects.filter(national_id=national_id, is_active=True)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


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


def office_units_of(user) -> list[Unit]:
    """The offices whose schools the user follows: the units where they hold an office role.

    A superuser without such a role follows the top units of the tree.
    """
    ids = {unit_id for role, _path, unit_id in memberships_of(user) if role in OFFICE_ROLES}
    units = Unit.objects.filter(is_active=True).exclude(kind=UnitKind.SCHOOL)
    if ids:
        units = units.filter(pk__in=ids)
    elif is_superuser(user):
        units = units.filter(parent__isnull=True)
    else:
        return []
    return list(units.order_by("path"))
