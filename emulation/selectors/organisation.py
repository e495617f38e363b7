from django.db.models import Count, Q, QuerySet

from emulation.enums import FOLLOWER_ROLES, SCHOOL_MANAGER_ROLES, Role, UnitKind
from emulation.models import Membership, Person, Unit
from emulation.rules import is_superuser, memberships_of, units_within_reach
from emulation.text import search_key, vietnamese


def unit_ids_of(user, roles=None) -> list[int]:
    """Ids of the active units where *user* holds one of *roles* (any role if None), from the cached memberships."""
    return sorted({unit_id for role, _path, unit_id in memberships_of(user) if roles is None or role in roles})


def units_of(user, roles=None) -> QuerySet[Unit]:
    """The active units where *user* holds one of *roles* (any role if None) themselves, in tree order.

    Not the sub-tree below them: that is :func:`emulation.rules.units_within_reach`.
    """
    return Unit.objects.filter(pk__in=unit_ids_of(user, roles), is_active=True).order_by("path")


def schools_led_by(user) -> QuerySet[Unit]:
    """The schools where *user* is principal or deputy, in tree order."""
    return units_of(user, SCHOOL_MANAGER_ROLES)


def unit_head(unit: Unit) -> Person | None:
    """The staff record of *unit*'s head: the head of office, or a school's principal; the newest if several."""
    role = Role.PRINCIPAL if unit.kind == UnitKind.SCHOOL else Role.DISTRICT_HEAD
    membership = (
        Membership.objects.filter(unit=unit, role=role, user__is_active=True, person__is_active=True)
        .select_related("person")
        .order_by("-created_at", "-pk")
        .first()
    )
    return membership.person if membership else None


def accounts_in(*, unit_ids, roles) -> list:
    """The active accounts holding one of *roles* in these units, each once, in the order they were made:
    whom a unit's notices go to."""
    memberships = Membership.objects.filter(unit_id__in=list(unit_ids), role__in=list(roles), user__is_active=True)
    return list({m.user_id: m.user for m in memberships.select_related("user").order_by("user_id")}.values())


def active_staff(unit: Unit) -> QuerySet[Person]:
    """The unit's active staff in Vietnamese name order: the staff lists, forms and workbooks of one unit."""
    return Person.objects.filter(unit=unit, is_active=True).order_by(vietnamese("sort_name"), "pk")


def units_visible_to(user) -> QuerySet[Unit]:
    return units_within_reach(user)


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


def unit_memberships(*, unit: Unit) -> QuerySet[Membership]:
    return unit.memberships.select_related("user", "person").order_by("role", "user__username")


def office_units_of(user) -> list[Unit]:
    """The offices whose schools the user follows: the units where they hold an office or council role.

    A superuser without such a role follows the top units of the tree.
    """
    ids = {unit_id for role, _path, unit_id in memberships_of(user) if role in FOLLOWER_ROLES}
    units = Unit.objects.filter(is_active=True).exclude(kind=UnitKind.SCHOOL)
    if ids:
        units = units.filter(pk__in=ids)
    elif is_superuser(user):
        units = units.filter(parent__isnull=True)
    else:
        return []
    return list(units.order_by("path"))
