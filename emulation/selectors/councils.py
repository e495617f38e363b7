from django.db.models import Count, OuterRef, QuerySet, Subquery

from emulation.enums import CouncilRole
from emulation.models import Council, CouncilMember, Period, Unit
from emulation.selectors.organisation import units_visible_to
from emulation.services.councils import User


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
    return User.objects.filter(memberships__unit=unit).distinct().order_by("username")
