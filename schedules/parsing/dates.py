"""Reading a plan's timeline (the "Khung kế hoạch thời gian" appendix) from pasted text or an Excel sheet.

Three pure readers, no database access:

* :func:`parse_due` reads a Vietnamese date phrase ("Trước ngày 11/11/2023", "Trong tháng 11/2023",
  "Từ 15/3 đến 29/3/2024", "Từ tháng 10 đến tháng 12 năm 2025", …) into the last day and, for windows,
  the first day;
* :func:`parse_timeline_text` / :func:`parse_timeline_xlsx` read the four-column table
  (TT | Nội dung | Thời gian hoàn thành | Đơn vị thực hiện) into :class:`MilestoneRow` objects;
* :func:`match_actors` maps the "Đơn vị thực hiện" text to units, school levels or emulation blocks.

Nothing is guessed silently: whatever cannot be read is kept as text and reported as a
:class:`Problem` whose message is translatable (English msgid, Vietnamese catalogue).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.utils.translation import gettext_lazy as _

from emulation.text import nfc
from schedules.parsing.results import DueKind, DueParse, Problem, _fmt, _fold, _written

_SEP = r"\s*[/.\-]\s*"


_NGAY = r"(?:ngay\s*)?"


def _date_re(prefix: str) -> str:
    return (
        rf"(?P<{prefix}d>\d{{1,2}})(?:{_SEP}|\s+thang\s+)(?P<{prefix}m>\d{{1,2}})"
        rf"(?:(?:{_SEP}|\s*,?\s+nam\s+)(?P<{prefix}y>\d{{4}}|\d{{2}}))?"
    )


_DEADLINE_RE = re.compile(
    rf"(?:han\s+chot|han\s+cuoi|cham\s+nhat|muon\s+nhat)(?:\s+la)?(?:\s+(?:vao\s+)?ngay)?\s*:?\s*{_date_re('a')}"
)


_BEFORE_RE = re.compile(rf"truoc\s*{_NGAY}{_date_re('a')}")


# A year after a month: "/2024", "/24", ".2024", " năm 2024", or "-2024" (four digits only: "Tháng 03-04" is two months).
_MONTH_YEAR = (
    r"(?:\s*[/.]\s*(?P<{p}y>\d{{4}}|\d{{2}})|\s*-\s*(?P<{p}yd>\d{{4}})|\s*,?\s+nam\s+(?P<{p}yn>\d{{4}}|\d{{2}}))"
)


_MONTH_RE = re.compile(rf"(?:trong\s+)?thang\s*(?P<m>\d{{1,2}}){_MONTH_YEAR.format(p='')}?")


_MONTH_RANGE_RE = re.compile(
    rf"(?:tu\s+|trong\s+)?thang\s*(?P<am>\d{{1,2}}){_MONTH_YEAR.format(p='a')}?"
    rf"\s*(?:den|toi|-)\s*(?:thang\s*)?(?P<bm>\d{{1,2}}){_MONTH_YEAR.format(p='b')}?"
)


_ON_RE = re.compile(rf"(?:vao\s+)?{_NGAY}{_date_re('a')}")


_RANGE_RE = re.compile(
    rf"(?:tu\s*)?{_NGAY}(?:{_date_re('a')}|(?P<aday>\d{{1,2}}))\s*(?:den|toi|-)\s*{_NGAY}{_date_re('b')}"
)


class _Invalid(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    value = int(raw)
    return 2000 + value if len(raw) == 2 else value


def _real_date(day: int, month: int, year: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _Invalid(
            Problem("invalid_date", _("%(value)s is not a valid date."), {"value": _written(day, month, year)})
        ) from None


def _exists_some_year(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])


def _exists_in(day: int, month: int, year: int, start: dt.date) -> bool:
    try:
        return dt.date(year, month, day) >= start
    except ValueError:
        return False


def _in_period(value: dt.date, start: dt.date, end: dt.date) -> dt.date:
    if not start <= value <= end:
        raise _Invalid(
            Problem(
                "outside_period",
                _("%(date)s is outside the period (%(start)s – %(end)s)."),
                {"date": _fmt(value), "start": _fmt(start), "end": _fmt(end)},
            )
        )
    return value


def _resolve(day: int, month: int, year: int | None, start: dt.date, end: dt.date) -> dt.date:
    """A real date; without a year, the only one inside the period."""
    if year is not None:
        return _real_date(day, month, year)
    if not _exists_some_year(day, month):
        raise _Invalid(
            Problem("invalid_date", _("%(value)s is not a valid date."), {"value": _written(day, month, None)})
        )
    found = []
    for candidate_year in range(start.year, end.year + 1):
        try:
            candidate = dt.date(candidate_year, month, day)
        except ValueError:
            continue
        if start <= candidate <= end:
            found.append(candidate)
    return _only_one(found, written=_written(day, month, None), start=start, end=end)


def _only_one(candidates: list, *, written: str, start: dt.date, end: dt.date):
    """The single place a year-less date or month falls in the period, or a problem saying why not."""
    params = {"value": written, "start": _fmt(start), "end": _fmt(end)}
    if not candidates:
        raise _Invalid(
            Problem("outside_period", _("%(value)s does not fall within the period (%(start)s – %(end)s)."), params)
        )
    if len(candidates) > 1:
        raise _Invalid(
            Problem(
                "ambiguous_year",
                _("%(value)s falls more than once in the period (%(start)s – %(end)s); write the year."),
                params,
            )
        )
    return candidates[0]


def _month_window(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _resolve_month(month: int, year: int | None, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The whole month, inside the period; without a year, the only such month in the period."""
    written = f"{month:02d}/{year}" if year is not None else f"{month:02d}"
    if not 1 <= month <= 12:
        raise _Invalid(Problem("invalid_date", _("%(value)s is not a valid month."), {"value": written}))
    if year is not None:
        first, last = _month_window(year, month)
        return _in_period(first, start, end), _in_period(last, start, end)
    windows = [_month_window(y, month) for y in range(start.year, end.year + 1)]
    inside = [(first, last) for first, last in windows if start <= first and last <= end]
    return _only_one(inside, written=written, start=start, end=end)


def _month_year(match: re.Match, prefix: str) -> int | None:
    return _year(match[f"{prefix}y"] or match[f"{prefix}yd"] or match[f"{prefix}yn"])


def _month_range(match: re.Match, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """First day of the first month to the last day of the last one.

    A year written once at the end belongs to the last month; a first month after the last one
    is in the year before ("Từ tháng 11 đến tháng 2 năm 2026": 01/11/2025 – 28/02/2026). Without
    any year the months are placed in the period, as a year-less month is.
    """
    first_month, last_month = int(match["am"]), int(match["bm"])
    first_year, last_year = _month_year(match, "a"), _month_year(match, "b")
    for month, year in ((first_month, first_year), (last_month, last_year)):
        if not 1 <= month <= 12:
            written = f"{month:02d}/{year}" if year is not None else f"{month:02d}"
            raise _Invalid(Problem("invalid_date", _("%(value)s is not a valid month."), {"value": written}))
    crosses = first_month > last_month
    if last_year is None and first_year is not None:
        last_year = first_year + 1 if crosses else first_year
    if last_year is not None:
        if first_year is None:
            first_year = last_year - 1 if crosses else last_year
        first, last = _month_window(first_year, first_month)[0], _month_window(last_year, last_month)[1]
        if first > last:
            raise _Invalid(
                Problem(
                    "end_before_start",
                    _("The end date %(end)s is before the start date %(start)s."),
                    {"start": _fmt(first), "end": _fmt(last)},
                )
            )
        return _in_period(first, start, end), _in_period(last, start, end)
    windows = []
    for year in range(start.year - 1, end.year + 1):
        first = _month_window(year, first_month)[0]
        last = _month_window(year + 1 if crosses else year, last_month)[1]
        if start <= first and last <= end:
            windows.append((first, last))
    written = f"{first_month:02d}–{last_month:02d}"
    return _only_one(windows, written=written, start=start, end=end)


def _clean_phrase(text: str) -> str:
    key = _fold(nfc(text))
    key = re.sub(r"\([^)]*\)", " ", key)  # "(thứ Bảy)", "(dự kiến)"
    key = key.replace("–", "-").replace("—", "-")
    return " ".join(key.split()).strip(" .;:,")


def parse_due(
    text: str | None,
    *,
    period_start: dt.date,
    period_end: dt.date,
    before_is_inclusive: bool = False,
) -> DueParse:
    """Read a "Thời gian hoàn thành" phrase. Never raises: unreadable phrases come back flagged.

    "Trước ngày D" ends on D − 1, or on D when ``before_is_inclusive``; "Hạn chót D" and
    "Chậm nhất ngày D" end on D. "Ngày D" is the one day D. Year-less dates are placed in
    the period; a year-less range start takes the end's year (the year before if that
    would put it after the end).
    """
    original = nfc(text)
    key = _clean_phrase(original)
    if not key:
        return DueParse(text=original, problem=Problem("empty", _("No completion time is given.")))

    kind: DueKind | None = None
    try:
        if match := _DEADLINE_RE.fullmatch(key):
            kind = DueKind.BEFORE
            due = _point(match, "a", period_start, period_end)
            return DueParse(text=original, kind=kind, due_on=_in_period(due, period_start, period_end))
        if match := _BEFORE_RE.fullmatch(key):
            kind = DueKind.BEFORE
            written = _point(match, "a", period_start, period_end)
            due = written if before_is_inclusive else written - dt.timedelta(days=1)
            return DueParse(text=original, kind=kind, due_on=_in_period(due, period_start, period_end))
        if match := _MONTH_RANGE_RE.fullmatch(key):
            kind = DueKind.RANGE
            first, last = _month_range(match, period_start, period_end)
            return DueParse(text=original, kind=kind, opens_on=first, due_on=last)
        if match := _MONTH_RE.fullmatch(key):
            kind = DueKind.MONTH
            first, last = _resolve_month(int(match["m"]), _month_year(match, ""), period_start, period_end)
            return DueParse(text=original, kind=kind, opens_on=first, due_on=last)
        if match := _ON_RE.fullmatch(key):
            kind = DueKind.ON
            day = _in_period(_point(match, "a", period_start, period_end), period_start, period_end)
            return DueParse(text=original, kind=kind, opens_on=day, due_on=day)
        if match := _RANGE_RE.fullmatch(key):
            kind = DueKind.RANGE
            first, last = _range(match, period_start, period_end)
            return DueParse(text=original, kind=kind, opens_on=first, due_on=last)
    except _Invalid as error:
        return DueParse(text=original, kind=kind, problem=error.problem)
    return DueParse(
        text=original,
        problem=Problem(
            "unreadable", _("Could not read a date in “%(text)s”; set the date by hand."), {"text": original}
        ),
    )


def _point(match: re.Match, prefix: str, start: dt.date, end: dt.date) -> dt.date:
    return _resolve(int(match[f"{prefix}d"]), int(match[f"{prefix}m"]), _year(match[f"{prefix}y"]), start, end)


def _range(match: re.Match, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    last = _point(match, "b", start, end)
    if match["aday"]:
        day, month, year = int(match["aday"]), last.month, last.year
    else:
        day, month, year = int(match["ad"]), int(match["am"]), _year(match["ay"])
    if year is None:
        if not _exists_some_year(day, month):
            raise _Invalid(
                Problem("invalid_date", _("%(value)s is not a valid date."), {"value": _written(day, month, None)})
            )
        year = last.year
        if (month, day) > (last.month, last.day) and _exists_in(day, month, year - 1, start):
            year -= 1  # "Từ 20/12 đến 10/01/2024" crosses the new year
    first = _real_date(day, month, year)
    if first > last:
        raise _Invalid(
            Problem(
                "end_before_start",
                _("The end date %(end)s is before the start date %(start)s."),
                {"start": _fmt(first), "end": _fmt(last)},
            )
        )
    return _in_period(first, start, end), _in_period(last, start, end)
