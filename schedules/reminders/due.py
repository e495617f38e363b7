import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation.enums import OFFICE_ROLES, SCHOOL_MANAGER_ROLES, DeadlineAction, UnitKind
from emulation.models import Deadline, DeadlineCompletion, DeadlineExtension, Membership, Unit
from emulation.selectors.deadlines import unit_closes_at
from schedules.enums import OVERDUE_OFFSET, PlanState
from schedules.models import Milestone, Reminder

# What counts as done, as a phrase that follows "Counts as done when:" in the e-mail.
DONE_WHEN_PHRASES = {
    DeadlineAction.REGISTRATION: _("the emulation registration is submitted on the site"),
    DeadlineAction.INITIATIVE_REGISTRATION: _("the initiative registration is submitted on the site"),
    DeadlineAction.INITIATIVE_APPLICATION: _("the initiative application is submitted on the site"),
    DeadlineAction.AWARD_DOSSIER: _("the award dossier is submitted on the site"),
    DeadlineAction.REPORT: _("the report is submitted on the site"),
    DeadlineAction.MANUAL: _("your unit confirms on the site that it is done, attaching a file if needed"),
}


@dataclass(frozen=True)
class UnitDue:
    """A unit that has not done a milestone yet, with its own (possibly extended) closing time."""

    deadline: Deadline
    unit_id: int
    closes_at: dt.datetime
    extended: bool

    @property
    def last_day(self) -> dt.date:
        return timezone.localtime(self.closes_at).date()

    @property
    def milestone(self) -> Milestone:
        return self.deadline.milestone


def clean_offsets(offsets) -> list[int]:
    """The milestone's offsets as non-negative whole days; anything else in the JSON is ignored."""
    days = []
    for offset in offsets or []:
        try:
            day = int(offset)
        except (TypeError, ValueError):
            continue
        if day >= 0:
            days.append(day)
    return sorted(set(days))


def applicable_offset(*, days_left: int, offsets: list[int], remind_overdue: bool) -> int | None:
    """The one reminder due with *days_left* days to go: the smallest offset not below it.

    So a tick that missed a few days sends a single reminder, not every one it missed;
    past the last day, the overdue reminder (if the milestone asks for one).
    """
    if days_left < 0:
        return OVERDUE_OFFSET if remind_overdue else None
    ahead = [offset for offset in offsets if offset >= days_left]
    return min(ahead) if ahead else None


def _milestone_deadlines():
    """Active deadlines written by milestones of issued plans, with milestone, plan and office."""
    return Deadline.objects.filter(
        is_active=True, milestone__isnull=False, milestone__plan__state=PlanState.ISSUED
    ).select_related("milestone__plan__issuing_unit", "milestone__plan__issued_number")


def units_not_done(deadlines: list[Deadline]) -> tuple[list[UnitDue], set[tuple[int, int]]]:
    """Every (deadline, unit) pair not completed yet, extension applied; and the completed pairs.

    Three queries whatever the number of units.
    """
    ids = [deadline.pk for deadline in deadlines]
    if not ids:
        return [], set()
    by_pk = {deadline.pk: deadline for deadline in deadlines}
    pairs = Deadline.units.through.objects.filter(deadline_id__in=ids, unit__is_active=True).values_list(
        "deadline_id", "unit_id"
    )
    done = set(DeadlineCompletion.objects.filter(deadline_id__in=ids).values_list("deadline_id", "unit_id"))
    extended = {
        (deadline_id, unit_id): closes_at
        for deadline_id, unit_id, closes_at in DeadlineExtension.objects.filter(deadline_id__in=ids).values_list(
            "deadline_id", "unit_id", "closes_at"
        )
    }
    rows = []
    for deadline_id, unit_id in pairs.order_by("deadline_id", "unit_id"):
        if (deadline_id, unit_id) in done:
            continue
        deadline = by_pk[deadline_id]
        extension = extended.get((deadline_id, unit_id))
        closes_at = unit_closes_at(deadline.closes_at, extension)
        rows.append(UnitDue(deadline, unit_id, closes_at, extension is not None))
    return rows, done


def recipients_by_unit(unit_ids) -> tuple[dict[int, Unit], dict[int, list]]:
    """The units and, for each, the users reminded: its principals and deputies, or for an office its staff."""
    units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=unit_ids)}
    users: dict[int, dict] = defaultdict(dict)
    memberships = (
        Membership.objects.filter(
            unit_id__in=list(units), role__in=[*SCHOOL_MANAGER_ROLES, *OFFICE_ROLES], user__is_active=True
        )
        .select_related("user")
        .order_by("unit_id", "user_id")
    )
    for membership in memberships:
        roles = SCHOOL_MANAGER_ROLES if units[membership.unit_id].kind == UnitKind.SCHOOL else OFFICE_ROLES
        if membership.role in roles:
            users[membership.unit_id][membership.user_id] = membership.user
    return units, {unit_id: list(found.values()) for unit_id, found in users.items()}


def due_reminders(*, today: dt.date) -> tuple[dict[tuple[int, int, int], tuple[UnitDue, int]], int]:
    """The reminders due *today* that no earlier tick has claimed, keyed (milestone, unit, offset).

    Also the number of units left out because they have done the milestone.
    """
    deadlines, offsets_of = [], {}
    for deadline in _milestone_deadlines():
        offsets = clean_offsets(deadline.milestone.reminder_offsets)
        # An extension only moves a last day later, so a deadline beyond every offset has nothing due.
        if offsets and (deadline.last_day - today).days > offsets[-1]:
            continue
        if not offsets and not deadline.milestone.remind_overdue:
            continue
        offsets_of[deadline.pk] = offsets
        deadlines.append(deadline)
    rows, done = units_not_done(deadlines)

    due: dict[tuple[int, int, int], tuple[UnitDue, int]] = {}
    for row in rows:
        milestone = row.milestone
        days_left = (row.last_day - today).days
        offset = applicable_offset(
            days_left=days_left, offsets=offsets_of[row.deadline.pk], remind_overdue=milestone.remind_overdue
        )
        if offset is not None:
            due[(milestone.pk, row.unit_id, offset)] = (row, days_left)

    skipped_done = 0
    by_pk = {deadline.pk: deadline for deadline in deadlines}
    for deadline_id, _unit_id in done:
        deadline = by_pk[deadline_id]
        days_left = (deadline.last_day - today).days
        if applicable_offset(
            days_left=days_left, offsets=offsets_of[deadline_id], remind_overdue=deadline.milestone.remind_overdue
        ) is not None:  # fmt: skip
            skipped_done += 1

    if due:
        wanted = Q(pk__in=[])
        for milestone_id, offset in {(m, o) for m, _u, o in due}:
            wanted |= Q(milestone_id=milestone_id, offset=offset)
        for key in Reminder.objects.filter(wanted).values_list("milestone_id", "unit_id", "offset"):
            due.pop(key, None)
    return due, skipped_done
