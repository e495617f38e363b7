import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from emulation.enums import OFFICE_ROLES, UnitKind
from emulation.rules import is_superuser, reach_paths, units_within_reach
from schedules.enums import PlanState
from schedules.models import Plan


def plans_visible_to(user) -> QuerySet[Plan]:
    """Plans of the user's offices (drafts too), and announced plans of the offices above their units."""
    plans = Plan.objects.select_related("issuing_unit", "period", "issued_number")
    if is_superuser(user):
        return plans
    paths = reach_paths(user)
    own = Q(pk__in=[])
    for path in paths:
        own |= Q(issuing_unit__path__startswith=path)
    ancestors = {path[: index + 1] for path in paths for index, char in enumerate(path) if char == "/"}
    above = Q(state=PlanState.ISSUED, announced_at__isnull=False, issuing_unit__path__in=ancestors)
    return plans.filter(own | above)


def plans_of(*, unit, period) -> QuerySet[Plan]:
    """The plans (drafts too) *unit* has written for *period*, oldest first."""
    return Plan.objects.filter(issuing_unit=unit, period=period).select_related("issued_number").order_by("pk")


def past_milestones(*, plan: Plan, day: dt.date) -> QuerySet:
    """The milestones of *plan* whose last day comes before *day*."""
    return plan.milestones.filter(due_on__lt=day).order_by("order", "pk")


def plans_due_for_announcement(*, today: dt.date | None = None) -> list[int]:
    """Ids of the issued plans whose date has come and whose units have not been told yet."""
    return list(
        Plan.objects.filter(
            state=PlanState.ISSUED,
            announced_at__isnull=True,
            issued_number__issued_on__lte=today or timezone.localdate(),
        )
        .order_by("issued_number__issued_on", "pk")
        .values_list("pk", flat=True)
    )


def plan_list(*, user) -> QuerySet[Plan]:
    return (
        plans_visible_to(user)
        .annotate(
            milestone_count=Count("milestones", distinct=True),
            flagged_count=Count("milestones", filter=Q(milestones__due_on__isnull=True), distinct=True),
        )
        .order_by("-period__start_date", "-pk")
    )


def plan_offices(*, user):
    """Units where the user may draft plans."""

    return units_within_reach(user, OFFICE_ROLES).exclude(kind=UnitKind.SCHOOL)
