import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from emulation.enums import OFFICE_ROLES, UnitKind
from emulation.rules import is_superuser, reach_paths, units_within_reach
from emulation.text import search_key
from schedules.enums import PlanState
from schedules.models import Milestone, Plan


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


_SIGNED = ("order", "content", "due_text", "opens_on", "due_on", "actor_text")


def timeline_signature(milestones: Iterable) -> str:
    """A digest of what milestones (or drafts of them) say, in order: equal when they read the same."""
    values = [[str(getattr(item, name)) for name in _SIGNED] for item in milestones]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()


def timeline_basis(plan: Plan) -> str:
    """A digest of the plan's milestones as they stand, their ids included: any change to the timeline changes it."""
    milestones = list(plan.milestones.all())
    ids = ",".join(str(milestone.pk) for milestone in milestones)
    return hashlib.sha256(f"{ids}:{timeline_signature(milestones)}".encode()).hexdigest()


@dataclass
class TimelineChange:
    """One previewed milestone beside the current one it stands for (None when it is new)."""

    draft: Any
    before: Milestone | None = None
    changed: list[str] = field(default_factory=list)  # what differs: "order", "content", "time", "units"

    @property
    def status(self) -> str:
        return "new" if self.before is None else "changed" if self.changed else "same"


@dataclass
class TimelinePreview:
    changes: list[TimelineChange]
    removed: list[Milestone]
    kept: list[Milestone]  # current milestones that stay, when the import adds to the timeline

    @property
    def new_count(self) -> int:
        return sum(1 for change in self.changes if change.status == "new")

    @property
    def changed_count(self) -> int:
        return sum(1 for change in self.changes if change.status == "changed")

    @property
    def same_count(self) -> int:
        return sum(1 for change in self.changes if change.status == "same")


def timeline_preview(*, plan: Plan, drafts: list, replace: bool) -> TimelinePreview:
    """Compare drafted milestones with the plan's: the same content first, then the same order number."""
    current = list(plan.milestones.prefetch_related("actor_units", "actor_blocks"))
    if not replace:
        return TimelinePreview(changes=[TimelineChange(draft=draft) for draft in drafts], removed=[], kept=current)
    unmatched = list(current)
    changes = []
    for draft in drafts:
        key = search_key(draft.content)
        before = next((m for m in unmatched if search_key(m.content) == key), None)
        changes.append(TimelineChange(draft=draft, before=before))
        if before is not None:
            unmatched.remove(before)
    for change in changes:
        if change.before is None:
            change.before = next((m for m in unmatched if m.order == change.draft.order), None)
            if change.before is not None:
                unmatched.remove(change.before)
        if change.before is not None:
            change.changed = _differences(change.draft, change.before)
    return TimelinePreview(changes=changes, removed=unmatched, kept=[])


def _differences(draft, milestone: Milestone) -> list[str]:
    differences = []
    if draft.order != milestone.order:
        differences.append("order")
    if search_key(draft.content) != search_key(milestone.content):
        differences.append("content")
    time = ("due_text", "opens_on", "due_on")
    if any(getattr(draft, name) != getattr(milestone, name) for name in time):
        differences.append("time")
    units = {unit.pk for unit in milestone.actor_units.all()}
    blocks = {block.pk for block in milestone.actor_blocks.all()}
    if draft.actor_text != milestone.actor_text or set(draft.unit_ids) != units or set(draft.block_ids) != blocks:
        differences.append("units")
    return differences
