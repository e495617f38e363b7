"""Windows that open and close with the deadlines of a plan.

Every submit service asks :func:`ensure_window_open` before it changes state, and
calls :func:`record_action_done` after; plans (``schedules``) write the deadlines.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from emulation.enums import DeadlineStanding
from emulation.models import Deadline, DeadlineExtension, ExtensionRequest, Period, Unit


@dataclass(frozen=True)
class Window:
    deadline: Deadline
    opens_at: dt.datetime | None
    closes_at: dt.datetime
    extended: bool
    at: dt.datetime

    @property
    def is_open(self) -> bool:
        return (self.opens_at is None or self.opens_at <= self.at) and self.at <= self.closes_at

    @property
    def not_yet_open(self) -> bool:
        return self.opens_at is not None and self.at < self.opens_at

    @property
    def last_day(self) -> dt.date:
        return timezone.localtime(self.closes_at).date()


def unit_closes_at(closes_at: dt.datetime, extended_to: dt.datetime | None = None) -> dt.datetime:
    """When a deadline closes for one unit: its own closing time, or the unit's later extension."""
    return max(closes_at, extended_to) if extended_to else closes_at


def deadline_state(
    *, closes_at: dt.datetime, extended: bool, completed_at: dt.datetime | None, at: dt.datetime
) -> DeadlineStanding:
    """One unit's standing against one deadline at *at* (*closes_at* is its own, extension applied)."""
    if completed_at:
        return DeadlineStanding.LATE if completed_at > closes_at else DeadlineStanding.DONE
    if at > closes_at:
        return DeadlineStanding.OVERDUE
    return DeadlineStanding.EXTENDED if extended else DeadlineStanding.OPEN


def deadline_window(*, unit: Unit, period: Period, action: str, at: dt.datetime | None = None) -> Window | None:
    """The window of *action* for *unit* in *period*, extensions applied; None if no deadline applies.

    Where several deadlines concern the same action, the one that is open now wins,
    else the next to open, else the last to have closed.
    """
    at = at or timezone.now()
    deadlines = (
        Deadline.objects.filter(period=period, action=action, is_active=True, units=unit)
        .prefetch_related(
            Prefetch("extensions", DeadlineExtension.objects.filter(unit=unit), to_attr="unit_extensions")
        )
        .order_by("closes_at", "pk")
    )
    windows = []
    for deadline in deadlines:
        extension = deadline.unit_extensions[0] if deadline.unit_extensions else None
        closes_at = unit_closes_at(deadline.closes_at, extension.closes_at if extension else None)
        windows.append(Window(deadline, deadline.opens_at, closes_at, extension is not None, at))
    if not windows:
        return None
    for window in windows:
        if window.is_open:
            return window
    upcoming = [w for w in windows if w.not_yet_open]
    return upcoming[0] if upcoming else windows[-1]


@dataclass(frozen=True)
class UnitDeadline:
    deadline: Deadline
    closes_at: dt.datetime
    extended: bool
    completed_at: dt.datetime | None
    at: dt.datetime

    @property
    def last_day(self) -> dt.date:
        return timezone.localtime(self.closes_at).date()

    @property
    def state(self) -> DeadlineStanding:
        return deadline_state(
            closes_at=self.closes_at, extended=self.extended, completed_at=self.completed_at, at=self.at
        )


def open_extension_request(*, deadline: Deadline, unit: Unit) -> ExtensionRequest | None:
    """The unit's request for more time that the office has not answered yet, with who asked."""
    return (
        ExtensionRequest.objects.filter(deadline=deadline, unit=unit, answered_at__isnull=True)
        .select_related("requested_by")
        .first()
    )
