"""The completion matrix: who has done which milestone of a plan, in a fixed number of queries.

Units are rows, milestones are columns. Deadlines, the units they concern, blocks,
extensions, the units' open requests for more time and completions are each fetched
once and assembled here, so the page costs the same for 5 schools as for 600.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.dates import short_date
from emulation.enums import (
    FOLLOWER_ROLES,
    SCHOOL_MANAGER_ROLES,
    DeadlineAction,
    DeadlineStanding,
    SchoolLevel,
)
from emulation.models import (
    BlockMembership,
    Deadline,
    DeadlineCompletion,
    DeadlineExtension,
    EmulationBlock,
    ExtensionRequest,
    Unit,
)
from emulation.rules import units_within_reach
from emulation.selectors.deadlines import deadline_state, unit_closes_at
from emulation.selectors.organisation import unit_ids_of
from emulation.text import vietnamese_sort_key
from schedules.enums import PlanState
from schedules.models import Milestone, Plan

LEVEL_ORDER = {value: index for index, value in enumerate(SchoolLevel.values)}


NO_BLOCK = 10_000


def issued_plans_of(user) -> QuerySet[Plan]:
    """Issued plans whose issuing unit is one of the offices the user follows (or below one), latest first."""
    plans = Plan.objects.filter(state=PlanState.ISSUED, issuing_unit__in=units_within_reach(user, FOLLOWER_ROLES))
    plans = plans.select_related("issuing_unit", "period", "issued_number")
    return plans.order_by("-period__start_date", "-issued_number__issued_on", "-pk")


@dataclass(frozen=True)
class Target:
    """One cell of the matrix as a permission object: a deadline and a unit it concerns."""

    deadline: Deadline
    unit: Unit


def find_target(*, deadline_id: int, unit_id: int, manual_only: bool = False) -> Target | None:
    """The active deadline of an issued milestone and a unit it concerns; None if there is no such cell."""
    deadline = (
        Deadline.objects.filter(pk=deadline_id, is_active=True, milestone__isnull=False)
        .select_related("issuing_unit", "milestone__plan__issued_number")
        .first()
    )
    if deadline is None or (manual_only and deadline.milestone.done_when != DeadlineAction.MANUAL):
        return None
    unit = deadline.units.filter(pk=unit_id).first()
    return Target(deadline, unit) if unit else None


@dataclass
class Column:
    milestone: Milestone
    deadline: Deadline
    done: int = 0
    overdue: int = 0
    concerned: int = 0

    @property
    def is_manual(self) -> bool:
        return self.milestone.done_when == DeadlineAction.MANUAL


@dataclass
class Cell:
    deadline: Deadline
    unit: Unit
    state: DeadlineStanding
    last_day: dt.date
    extended_to: dt.date | None = None
    extension_reason: str = ""
    completed_on: dt.date | None = None
    note: str = ""
    has_file: bool = False
    is_manual: bool = False
    request_reason: str = ""  # the unit's open request for more time, if any

    @property
    def requested(self) -> bool:
        return bool(self.request_reason) and not self.is_done

    @property
    def label(self) -> str:
        return str(self.state.label)

    @property
    def icon(self) -> str:
        return self.state.icon

    @property
    def is_done(self) -> bool:
        return self.state.is_done

    @property
    def date(self) -> dt.date:
        """The date the cell shows: when it was done, else the (effective) last day."""
        return self.completed_on or self.last_day

    @property
    def day(self) -> str:
        """:attr:`date` as "05/11", cheaper than the template's date filter over thousands of cells."""
        return f"{self.date:%d/%m}"

    @property
    def hint(self) -> str:
        """What a tooltip adds: the unit's open request, the extension's reason, the confirmation's note."""
        if self.requested:
            return _("Asked for more time: %(reason)s") % {"reason": self.request_reason}
        return self.extension_reason or self.note

    @property
    def text(self) -> str:
        """The cell in words, as in the Excel file: "Done 05/11/2023", "Extended to 20/11/2023"."""
        if self.is_done:
            return f"{self.label} {short_date(self.completed_on)}"
        if self.state == DeadlineStanding.EXTENDED:
            return _("Extended to %(day)s") % {"day": short_date(self.last_day)}
        if self.state == DeadlineStanding.OVERDUE:
            return _("Overdue since %(day)s") % {"day": short_date(self.last_day)}
        return _("Last day %(day)s") % {"day": short_date(self.last_day)}


@dataclass
class Row:
    unit: Unit
    block: EmulationBlock | None
    cells: list  # Cell, or None where the milestone does not concern the unit


@dataclass
class Matrix:
    plan: Plan
    columns: list[Column]
    rows: list[Row]
    blocks: list[EmulationBlock]
    levels: list[tuple[str, str]] = field(default_factory=list)


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _cell(
    deadline, unit, extension, completion, *, manual: bool, at: dt.datetime, last_day=None, request_reason: str = ""
) -> Cell:
    """*extension* is (closes_at, reason), *completion* is (completed_at, note, file), either None."""
    closes_at = unit_closes_at(deadline.closes_at, extension[0] if extension else None)
    extended_to = _local_day(extension[0]) if extension else None
    if closes_at != deadline.closes_at:
        last_day = extended_to
    completed_at = completion[0] if completion else None
    state = deadline_state(closes_at=closes_at, extended=extension is not None, completed_at=completed_at, at=at)
    return Cell(
        deadline=deadline,
        unit=unit,
        state=state,
        last_day=last_day or _local_day(closes_at),
        extended_to=extended_to,
        extension_reason=extension[1] if extension else "",
        completed_on=_local_day(completed_at) if completed_at else None,
        note=completion[1] if completion else "",
        has_file=bool(completion and completion[2]),
        is_manual=manual,
        request_reason=request_reason,
    )


def _open_requests(deadline_ids, unit=None) -> dict[tuple[int, int], str]:
    """The reasons of the requests for more time the office has not answered yet, by (deadline id, unit id)."""
    requests = ExtensionRequest.objects.filter(deadline_id__in=deadline_ids, answered_at__isnull=True)
    if unit is not None:
        requests = requests.filter(unit=unit)
    return {
        (deadline_id, unit_id): reason
        for deadline_id, unit_id, reason in requests.values_list("deadline_id", "unit_id", "reason")
    }


def plan_blocks(plan: Plan) -> list[EmulationBlock]:
    """The emulation blocks the plan's issuing office manages in the plan's period."""
    return list(EmulationBlock.objects.filter(period_id=plan.period_id, managing_unit_id=plan.issuing_unit_id))


def completion_matrix(
    *,
    plan: Plan,
    block: EmulationBlock | None = None,
    level: str = "",
    blocks: list[EmulationBlock] | None = None,
    at: dt.datetime | None = None,
) -> Matrix:
    """The matrix of *plan*, optionally only the units of *block* and/or of school *level*.

    *blocks* may be passed when the caller already has :func:`plan_blocks`.
    Eight queries (seven with *blocks*) whatever the number of units and milestones.
    """
    at = at or timezone.now()
    milestones = list(
        plan.milestones.filter(deadline__isnull=False, deadline__is_active=True)
        .select_related("deadline")
        .order_by("order", "pk")
    )
    deadline_ids = [m.deadline_id for m in milestones]
    pairs = list(
        Deadline.units.through.objects.filter(deadline_id__in=deadline_ids).values_list("deadline_id", "unit_id")
    )
    concerned = {(deadline_id, unit_id) for deadline_id, unit_id in pairs}
    blocks = plan_blocks(plan) if blocks is None else blocks
    block_of: dict[int, EmulationBlock] = {}
    by_pk = {b.pk: b for b in blocks}
    for membership in BlockMembership.objects.filter(block_id__in=list(by_pk)).only("block_id", "unit_id"):
        current = block_of.get(membership.unit_id)
        candidate = by_pk[membership.block_id]
        if current is None or candidate.number < current.number:
            block_of[membership.unit_id] = candidate
    through = Deadline.units.through.objects.filter(deadline_id__in=deadline_ids)
    units = Unit.objects.filter(pk__in=through.values("unit_id"), is_active=True)
    if block is not None:
        units = units.filter(block_memberships__block=block)
    if level:
        units = units.filter(level=level)
    units = list(units.only("pk", "name", "kind", "level", "path", "parent_id"))
    extensions = {
        (deadline_id, unit_id): rest
        for deadline_id, unit_id, *rest in DeadlineExtension.objects.filter(deadline_id__in=deadline_ids).values_list(
            "deadline_id", "unit_id", "closes_at", "reason"
        )
    }
    completions = {
        (deadline_id, unit_id): rest
        for deadline_id, unit_id, *rest in DeadlineCompletion.objects.filter(deadline_id__in=deadline_ids).values_list(
            "deadline_id", "unit_id", "completed_at", "note", "file"
        )
    }
    requests = _open_requests(deadline_ids)

    def sort_key(unit):
        member_block = block_of.get(unit.pk)
        return (
            member_block.number if member_block else NO_BLOCK,
            LEVEL_ORDER.get(unit.level, len(LEVEL_ORDER)),
            vietnamese_sort_key(unit.name),
        )

    columns = [Column(milestone=m, deadline=m.deadline) for m in milestones]
    last_days = [column.deadline.last_day for column in columns]
    rows = []
    for unit in sorted(units, key=sort_key):
        cells = []
        for column, last_day in zip(columns, last_days, strict=True):
            key = (column.deadline.pk, unit.pk)
            if key not in concerned:
                cells.append(None)
                continue
            cell = _cell(
                column.deadline,
                unit,
                extensions.get(key),
                completions.get(key),
                manual=column.is_manual,
                at=at,
                last_day=last_day,
                request_reason=requests.get(key, ""),
            )
            column.concerned += 1
            column.done += cell.is_done
            column.overdue += cell.state == DeadlineStanding.OVERDUE
            cells.append(cell)
        rows.append(Row(unit=unit, block=block_of.get(unit.pk), cells=cells))
    levels = [(value, label) for value, label in SchoolLevel.choices]
    return Matrix(plan=plan, columns=columns, rows=rows, blocks=blocks, levels=levels)


def completion_cell(*, target: Target, at: dt.datetime | None = None) -> Cell:
    """One cell, as the matrix shows it, after an extension or a confirmation."""
    deadline, unit = target.deadline, target.unit
    extension = (
        DeadlineExtension.objects.filter(deadline=deadline, unit=unit).values_list("closes_at", "reason").first()
    )
    completion = (
        DeadlineCompletion.objects.filter(deadline=deadline, unit=unit)
        .values_list("completed_at", "note", "file")
        .first()
    )
    manual = deadline.milestone.done_when == DeadlineAction.MANUAL
    request_reason = _open_requests([deadline.pk], unit).get((deadline.pk, unit.pk), "")
    return _cell(
        deadline, unit, extension, completion, manual=manual, at=at or timezone.now(), request_reason=request_reason
    )


def own_cells(*, user, plan: Plan, at: dt.datetime | None = None) -> dict[int, list[Cell]]:
    """The cells of *plan*'s manual milestones for the schools *user* leads (as principal or deputy), by milestone.

    What the plan page offers a school: report its own milestone done, or see that it is. Five queries whatever
    the number of milestones, none for a user who leads no school.
    """
    unit_ids = unit_ids_of(user, SCHOOL_MANAGER_ROLES)
    if not unit_ids or not plan.is_issued:
        return {}
    milestones = list(
        plan.milestones.filter(done_when=DeadlineAction.MANUAL, deadline__isnull=False, deadline__is_active=True)
        .select_related("deadline")
        .order_by("order", "pk")
    )
    deadline_ids = [m.deadline_id for m in milestones]
    pairs = list(
        Deadline.units.through.objects.filter(deadline_id__in=deadline_ids, unit_id__in=unit_ids)
        .order_by("unit_id")
        .values_list("deadline_id", "unit_id")
    )
    units = Unit.objects.in_bulk({unit_id for _deadline_id, unit_id in pairs})
    mine = {"deadline_id__in": deadline_ids, "unit_id__in": unit_ids}
    extensions = {
        (deadline_id, unit_id): rest
        for deadline_id, unit_id, *rest in DeadlineExtension.objects.filter(**mine).values_list(
            "deadline_id", "unit_id", "closes_at", "reason"
        )
    }
    completions = {
        (deadline_id, unit_id): rest
        for deadline_id, unit_id, *rest in DeadlineCompletion.objects.filter(**mine).values_list(
            "deadline_id", "unit_id", "completed_at", "note", "file"
        )
    }
    at = at or timezone.now()
    by_deadline = {m.deadline_id: m for m in milestones}
    cells: dict[int, list[Cell]] = {}
    for deadline_id, unit_id in pairs:
        milestone, key = by_deadline[deadline_id], (deadline_id, unit_id)
        cell = _cell(milestone.deadline, units[unit_id], extensions.get(key), completions.get(key), manual=True, at=at)
        cells.setdefault(milestone.pk, []).append(cell)
    return cells
