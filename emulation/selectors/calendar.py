"""Deadlines seen from the units a user acts for: "my deadlines", the month grid and the iCal feed.

Everything reads the deadlines of :mod:`emulation.selectors.deadlines` for several units at once,
in four queries whatever the number of deadlines or units.
"""

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.dates import closing_moment, opening_moment
from emulation.enums import SCHOOL_MANAGER_ROLES, DeadlineAction, DeadlineStanding
from emulation.models import Deadline, DeadlineCompletion, DeadlineExtension, Unit
from emulation.selectors.deadlines import UnitDeadline, unit_closes_at
from emulation.selectors.organisation import unit_ids_of

UPCOMING_DAYS = 30
FEED_HISTORY_DAYS = 365
FEED_FUTURE_DAYS = 3 * 365


@dataclass(frozen=True)
class Entry:
    """One deadline for one unit, as of ``today``."""

    unit: Unit
    row: UnitDeadline
    today: dt.date

    @property
    def deadline(self) -> Deadline:
        return self.row.deadline

    @property
    def state(self) -> DeadlineStanding:
        return self.row.state

    @property
    def colour(self) -> str:
        return self.state.colour

    @property
    def last_day(self) -> dt.date:
        return self.row.last_day

    @property
    def original_last_day(self) -> dt.date:
        return self.deadline.last_day

    @property
    def extended(self) -> bool:
        return self.row.extended

    @property
    def opens_on(self) -> dt.date | None:
        opens_at = self.deadline.opens_at
        return timezone.localtime(opens_at).date() if opens_at else None

    @property
    def done_on(self) -> dt.date | None:
        return timezone.localtime(self.row.completed_at).date() if self.row.completed_at else None

    @property
    def is_done(self) -> bool:
        return self.row.completed_at is not None

    @property
    def is_manual(self) -> bool:
        """Done when the unit says so: its principal or deputy reports it done."""
        return self.deadline.action == DeadlineAction.MANUAL

    @property
    def days_left(self) -> int:
        return (self.last_day - self.today).days

    @property
    def days_label(self) -> str:
        days = self.days_left
        if self.is_done:
            return ""
        if days < -1:
            return _("%(days)s days overdue") % {"days": -days}
        if days == -1:
            return _("1 day overdue")
        if days == 0:
            return _("Last day today")
        if days == 1:
            return _("1 day left")
        return _("%(days)s days left") % {"days": days}

    @property
    def state_label(self) -> str:
        return self.state.label


def deadline_entries(
    *, unit_ids: Iterable[int], start: dt.date, end: dt.date, at: dt.datetime | None = None,
    windows: bool = False, overdue: bool = False,
) -> list[Entry]:  # fmt: skip
    """Entries of the given units whose last day falls in [start, end], in four queries.

    ``windows``: also those whose window (opening day to last day) meets the range.
    ``overdue``: also every overdue one, however old.
    """
    ids = list(dict.fromkeys(unit_ids))
    if not ids:
        return []
    at = at or timezone.now()
    today = timezone.localtime(at).date()
    start_at, end_at = opening_moment(start), closing_moment(end)
    concerns = Deadline.units.through.objects.filter(deadline=OuterRef("pk"), unit_id__in=ids)
    reaches_start = Q(closes_at__gte=start_at) | Exists(
        DeadlineExtension.objects.filter(deadline=OuterRef("pk"), unit_id__in=ids, closes_at__gte=start_at)
    )
    if overdue:
        not_done = concerns.filter(
            ~Exists(DeadlineCompletion.objects.filter(deadline=OuterRef("deadline_id"), unit=OuterRef("unit_id")))
        )
        reaches_start |= Exists(not_done)
    begins_by_end = Q(closes_at__lte=end_at)
    if windows:
        begins_by_end |= Q(opens_at__lte=end_at)
    deadlines = (
        Deadline.objects.filter(Exists(concerns), reaches_start, begins_by_end, is_active=True)
        .prefetch_related(
            Prefetch("units", Unit.objects.filter(pk__in=ids).order_by("path"), to_attr="own_units"),
            Prefetch("extensions", DeadlineExtension.objects.filter(unit_id__in=ids), to_attr="own_extensions"),
            Prefetch("completions", DeadlineCompletion.objects.filter(unit_id__in=ids), to_attr="own_completions"),
        )
        .order_by("closes_at", "pk")
    )
    entries = []
    for deadline in deadlines:
        extensions = {extension.unit_id: extension for extension in deadline.own_extensions}
        completions = {completion.unit_id: completion for completion in deadline.own_completions}
        for unit in deadline.own_units:
            extension, completion = extensions.get(unit.pk), completions.get(unit.pk)
            closes_at = unit_closes_at(deadline.closes_at, extension.closes_at if extension else None)
            row = UnitDeadline(
                deadline, closes_at, extension is not None, completion.completed_at if completion else None, at
            )
            entry = Entry(unit, row, today)
            first_day = (entry.opens_on or entry.last_day) if windows else entry.last_day
            if (first_day <= end and entry.last_day >= start) or (overdue and entry.state == DeadlineStanding.OVERDUE):
                entries.append(entry)
    entries.sort(key=lambda entry: (entry.last_day, entry.deadline.pk, entry.unit.path))
    return entries


def upcoming_deadlines(*, user, at: dt.datetime | None = None, days: int = UPCOMING_DAYS) -> list[Entry]:
    """The dashboard's "my deadlines": the user's schools, last day in the next *days* days, and every overdue one."""
    at = at or timezone.now()
    today = timezone.localtime(at).date()
    return deadline_entries(
        unit_ids=unit_ids_of(user, SCHOOL_MANAGER_ROLES),
        start=today,
        end=today + dt.timedelta(days=days),
        at=at,
        overdue=True,
    )


MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(value: str | None, *, today: dt.date) -> dt.date:
    """The first day of the month written "2023-11"; this month for anything else."""
    match = MONTH_PATTERN.match((value or "").strip())
    if match:
        year, month = int(match[1]), int(match[2])
        if 1900 <= year <= 2999 and 1 <= month <= 12:
            return dt.date(year, month, 1)
    return today.replace(day=1)


def shift_month(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass
class Mark:
    """An entry as drawn on one day: its last day ("due"), its opening day ("opens") or a day in between."""

    entry: Entry
    kind: str


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    marks: list[Mark] = field(default_factory=list)

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() >= 5


def month_weeks(first: dt.date) -> list[list[dt.date]]:
    """Whole weeks, Monday first, covering the month of *first*."""
    return calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(first.year, first.month)


def month_grid(*, first: dt.date, today: dt.date, entries: Iterable[Entry]) -> list[list[Day]]:
    weeks = [[Day(day, day.month == first.month, day == today) for day in week] for week in month_weeks(first)]
    days = {day.date: day for week in weeks for day in week}
    for entry in entries:
        opens_on = entry.opens_on if entry.opens_on and entry.opens_on < entry.last_day else None
        if opens_on:
            if opens_on in days:
                days[opens_on].marks.append(Mark(entry, "opens"))
            day = max(opens_on + dt.timedelta(days=1), weeks[0][0].date)
            while day < entry.last_day and day in days:
                days[day].marks.append(Mark(entry, "span"))
                day += dt.timedelta(days=1)
        if entry.last_day in days:
            days[entry.last_day].marks.append(Mark(entry, "due"))
    for day in days.values():  # the running bars first, then the day's labels
        day.marks.sort(key=lambda mark: mark.kind != "span")
    return weeks
