from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from emulation.enums import CouncilRole, StaffCategory
from emulation.models import Council, CouncilMember, Period, Person, Unit
from emulation.selectors.organisation import units_visible_to
from emulation.text import vietnamese

User = get_user_model()


def councils_visible_to(user) -> QuerySet[Council]:
    return Council.objects.filter(unit__in=units_visible_to(user))


def council_list(*, user, period: Period | None = None, kind: str = "", unit: Unit | None = None) -> QuerySet[Council]:
    """The list page: one query, with the member count and the chair's name per council."""
    chair = CouncilMember.objects.filter(council=OuterRef("pk"), role=CouncilRole.CHAIR).order_by("order")
    councils = (
        councils_visible_to(user)
        .select_related("unit", "period")
        .annotate(member_count=Count("members"), chair_name=Subquery(chair.values("person__full_name")[:1]))
    )
    if period is not None:
        councils = councils.filter(period=period)
    if kind:
        councils = councils.filter(kind=kind)
    if unit is not None:
        councils = councils.filter(unit__path__startswith=unit.path)
    return councils.order_by("-period__start_date", "unit__path", "kind")


def council_members(*, council: Council) -> QuerySet[CouncilMember]:
    return council.members.select_related("person", "user").order_by("order", "pk")


def unit_accounts(*, unit: Unit) -> QuerySet:
    """Accounts holding a role in the council's unit or a unit it manages."""
    return User.objects.filter(memberships__unit__path__startswith=unit.path).distinct().order_by("username")


def council_candidates(*, council: Council) -> QuerySet[Person]:
    """Who may sit on the council, not yet seated, in Vietnamese name order: the active staff of its unit, and the
    managers (principals, deputies) of the units it manages, as a district council seats school principals."""
    seated = council.members.values("person_id")
    managed = Q(unit__path__startswith=council.unit.path, category=StaffCategory.MANAGER) & ~Q(unit=council.unit)
    return (
        Person.objects.filter(Q(unit=council.unit) | managed, unit__is_active=True, is_active=True)
        .exclude(pk__in=seated)
        .select_related("unit")
        .order_by(vietnamese("sort_name"), "pk")
    )


def account_of(person: Person):
    """The login that belongs to *person*, if exactly one account is linked to them."""
    accounts = list(User.objects.filter(memberships__person=person).distinct()[:2])
    return accounts[0] if len(accounts) == 1 else None
