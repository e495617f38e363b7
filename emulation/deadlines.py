"""Windows that open and close with the deadlines of a plan.

Every submit service asks :func:`ensure_window_open` before it changes state, and
calls :func:`record_action_done` after; plans (``schedules``) write the deadlines.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Deadline, DeadlineCompletion, DeadlineExtension, Period, Unit


def closing_moment(day: dt.date) -> dt.datetime:
    """The last instant of *day* in the site's time zone: a deadline on D closes at 23:59:59 on D."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def opening_moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def short_date(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "d/m/Y")


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


class WindowClosed(ValidationError):
    pass


def unit_closes_at(closes_at: dt.datetime, extended_to: dt.datetime | None = None) -> dt.datetime:
    """When a deadline closes for one unit: its own closing time, or the unit's later extension."""
    return max(closes_at, extended_to) if extended_to else closes_at


def deadline_state(*, closes_at: dt.datetime, extended: bool, completed_at: dt.datetime | None, at: dt.datetime) -> str:
    """done, late, overdue, extended or open: one unit's standing against one deadline at *at*."""
    if completed_at:
        return "late" if completed_at > closes_at else "done"
    if at > closes_at:
        return "overdue"
    return "extended" if extended else "open"


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


def ensure_window_open(*, unit: Unit, period: Period, action: str, at: dt.datetime | None = None) -> Window | None:
    """Raise :class:`WindowClosed`, naming the deadline, unless *unit* may act now."""
    window = deadline_window(unit=unit, period=period, action=action, at=at)
    if window is None:
        if getattr(settings, "DEADLINES_REQUIRED", False):
            raise WindowClosed(_("No deadline has been set for this yet: the office has not opened it."))
        return None
    if window.is_open:
        return window
    if window.not_yet_open:
        raise WindowClosed(
            _("“%(title)s” opens on %(day)s.") % {"title": window.deadline.title, "day": short_date(window.opens_at)}
        )
    raise WindowClosed(
        _("The deadline for “%(title)s” has passed: the last day was %(day)s. Ask the office for an extension.")
        % {"title": window.deadline.title, "day": short_date(window.last_day)}
    )


@transaction.atomic
def upsert_deadline(
    *, source: str, period: Period, issuing_unit: Unit, action: str, title: str,
    opens_on: dt.date | None, due_on: dt.date, units, active: bool = True,
) -> Deadline:  # fmt: skip
    """Create or update the deadline written by *source* (e.g. "milestone:12")."""
    values = {
        "period": period,
        "issuing_unit": issuing_unit,
        "action": action,
        "title": title[:500],
        "opens_at": opening_moment(opens_on) if opens_on else None,
        "closes_at": closing_moment(due_on),
        "is_active": active,
    }
    deadline, _created = Deadline.objects.update_or_create(source=source, defaults=values)
    deadline.units.set(units)
    return deadline


def deactivate_deadline(*, source: str) -> None:
    Deadline.objects.filter(source=source).update(is_active=False)


@transaction.atomic
def grant_extension(*, deadline: Deadline, unit: Unit, last_day: dt.date, reason: str, by) -> DeadlineExtension:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if closing_moment(last_day) <= deadline.closes_at:
        raise ValidationError(
            {"last_day": _("The new last day must be after %(day)s.") % {"day": short_date(deadline.closes_at)}}
        )
    extension, _created = DeadlineExtension.objects.update_or_create(
        deadline=deadline,
        unit=unit,
        defaults={"closes_at": closing_moment(last_day), "reason": reason.strip(), "granted_by": by},
    )
    return extension


def record_action_done(
    *, unit: Unit, period: Period, action: str, by=None, at: dt.datetime | None = None
) -> list[DeadlineCompletion]:
    """Mark every active deadline of *action* for *unit* in *period* as done (idempotent)."""
    at = at or timezone.now()
    done = []
    for deadline in Deadline.objects.filter(period=period, action=action, is_active=True, units=unit):
        completion, _created = DeadlineCompletion.objects.get_or_create(
            deadline=deadline, unit=unit, defaults={"completed_at": at, "completed_by": by}
        )
        done.append(completion)
    return done


def confirm_done(*, deadline: Deadline, unit: Unit, by, note: str = "", file=None) -> DeadlineCompletion:
    completion, created = DeadlineCompletion.objects.get_or_create(
        deadline=deadline,
        unit=unit,
        defaults={"completed_at": timezone.now(), "completed_by": by, "note": note, "file": file or ""},
    )
    if not created and (note or file):
        completion.note = note or completion.note
        if file:
            completion.file = file
        completion.save(update_fields=["note", "file"])
    return completion


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
    def state(self) -> str:
        return deadline_state(
            closes_at=self.closes_at, extended=self.extended, completed_at=self.completed_at, at=self.at
        )


def deadlines_of_unit(
    *, unit: Unit, start: dt.date | None = None, end: dt.date | None = None, at: dt.datetime | None = None
) -> list[UnitDeadline]:
    """The active deadlines concerning *unit*, with its extension and completion, in three queries."""
    at = at or timezone.now()
    deadlines = Deadline.objects.filter(is_active=True, units=unit).select_related("period")
    if start:
        deadlines = deadlines.filter(Q(closes_at__gte=opening_moment(start)))
    if end:
        deadlines = deadlines.filter(Q(closes_at__lte=closing_moment(end)) | Q(opens_at__lte=closing_moment(end)))
    deadlines = deadlines.prefetch_related(
        Prefetch("extensions", DeadlineExtension.objects.filter(unit=unit), to_attr="unit_extensions"),
        Prefetch("completions", DeadlineCompletion.objects.filter(unit=unit), to_attr="unit_completions"),
    ).order_by("closes_at", "pk")
    rows = []
    for deadline in deadlines:
        extension = deadline.unit_extensions[0] if deadline.unit_extensions else None
        completion = deadline.unit_completions[0] if deadline.unit_completions else None
        closes_at = unit_closes_at(deadline.closes_at, extension.closes_at if extension else None)
        rows.append(
            UnitDeadline(
                deadline, closes_at, extension is not None, completion.completed_at if completion else None, at
            )
        )
    return rows
