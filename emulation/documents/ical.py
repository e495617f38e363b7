import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.dates import short_date
from emulation.models import Unit
from emulation.selectors.calendar import FEED_FUTURE_DAYS, FEED_HISTORY_DAYS, Entry, deadline_entries


def ical_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character; continuation lines start with a space."""
    if len(line.encode()) <= 75:
        return line
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            parts.append(current)
            current, size = char, 1 + width
        else:
            current += char
            size += width
    parts.append(current)
    return "\r\n ".join(parts)


def ical_date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def ical_utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(entry: Entry, *, domain: str) -> list[str]:
    deadline = entry.deadline
    summary = f"✓ {deadline.title}" if entry.is_done else deadline.title
    description = [
        _("Last day: %(due)s") % {"due": short_date(entry.last_day)},
        _("State: %(state)s") % {"state": entry.state_label},
    ]
    if entry.opens_on and entry.opens_on < entry.last_day:
        description.append(_("Opens on %(day)s") % {"day": short_date(entry.opens_on)})
    if entry.extended:
        description.append(_("Extended (was %(day)s)") % {"day": short_date(entry.original_last_day)})
    if entry.done_on:
        description.append(_("Done on %(day)s") % {"day": short_date(entry.done_on)})
    return [
        "BEGIN:VEVENT",
        f"UID:deadline-{deadline.pk}-unit-{entry.unit.pk}@{domain}",
        f"DTSTAMP:{ical_utc(deadline.updated_at)}",
        f"DTSTART;VALUE=DATE:{ical_date(entry.last_day)}",
        f"DTEND;VALUE=DATE:{ical_date(entry.last_day + dt.timedelta(days=1))}",
        f"SUMMARY:{ical_text(summary)}",
        f"DESCRIPTION:{ical_text(chr(10).join(description))}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def build_ical(*, unit: Unit, entries: Iterable[Entry], domain: str) -> str:
    """The unit's deadlines as an iCalendar file: one all-day event on each last day, CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//thidua-khenthuong//deadlines//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_text(unit.name)}",
        f"X-WR-TIMEZONE:{timezone.get_current_timezone_name()}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]
    for entry in entries:
        lines.extend(event_lines(entry, domain=domain))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def unit_feed(*, unit: Unit, domain: str, at: dt.datetime | None = None) -> str:
    """The feed of one unit: the last year's deadlines, those ahead, and every overdue one."""
    at = at or timezone.now()
    today = timezone.localtime(at).date()
    entries = deadline_entries(
        unit_ids=[unit.pk],
        start=today - dt.timedelta(days=FEED_HISTORY_DAYS),
        end=today + dt.timedelta(days=FEED_FUTURE_DAYS),
        at=at,
        overdue=True,
    )
    return build_ical(unit=unit, entries=entries, domain=domain)
