"""The one rule for a date in an uploaded cell.

A date cell; text written dd/mm/yyyy with "/", "." or "-" between (the same twice), day and month of one or
two digits; yyyy-mm-dd (with a midnight time, as some programs export it); or an Excel day number in a
cell not formatted as a date. A bare year (1985) is refused rather than read as day 1985 of 1900. Days
that do not exist (31/02), dates before 1900 and, when asked, dates after a limit are refused, each with a
message naming what was written.
"""

import calendar
import datetime as dt
import re
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext

from .cells import CellError, blank_value, check_readable, is_blank, shown

EARLIEST_DATE = dt.date(1900, 1, 1)
EXCEL_SERIAL_MAX = 2_958_465  # 31/12/9999
DATE_RE = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})")
ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?")


def _from_serial(number: float) -> dt.date:
    from openpyxl.utils.datetime import from_excel

    return from_excel(number).date()


def read_date(
    value,
    *,
    not_after: dt.date | Callable[[], dt.date] | None = None,
    not_before: dt.date = EARLIEST_DATE,
    required: bool = False,
) -> dt.date | None:
    """A date: a date cell, dd/mm/yyyy (or with . or - between), yyyy-mm-dd, or an Excel day number.

    *not_after* (a date, or a function giving one, such as ``timezone.localdate``) refuses later dates.
    """
    check_readable(value)
    if is_blank(value):
        return blank_value(required, None)
    written = shown(value).strip()
    if isinstance(value, dt.datetime):
        parsed = value.date()
    elif isinstance(value, dt.date):
        parsed = value
    elif isinstance(value, bool):
        raise CellError(gettext("“%(value)s” is not a valid date; write it as dd/mm/yyyy.") % {"value": written})
    elif isinstance(value, int | float):
        if float(value).is_integer() and 1900 <= value <= 2100:
            raise CellError(
                gettext("“%(value)s” is only a year: write the whole date as dd/mm/yyyy.") % {"value": written}
            )
        if not 1 <= value <= EXCEL_SERIAL_MAX:
            raise CellError(gettext("“%(value)s” is not a valid date; write it as dd/mm/yyyy.") % {"value": written})
        parsed = _from_serial(value)
    else:
        parsed = _parse_date_text(written)
    if parsed < not_before:
        raise CellError(
            gettext("“%(value)s” is before %(limit)s: check the year.")
            % {"value": written, "limit": not_before.strftime("%d/%m/%Y")}
        )
    limit = not_after() if callable(not_after) else not_after
    if limit is not None and parsed > limit:
        if limit >= timezone.localdate():
            raise CellError(gettext("%(value)s is in the future.") % {"value": parsed.strftime("%d/%m/%Y")})
        raise CellError(
            gettext("“%(value)s” is after %(limit)s.") % {"value": written, "limit": limit.strftime("%d/%m/%Y")}
        )
    return parsed


def _parse_date_text(text: str) -> dt.date:
    if match := DATE_RE.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := ISO_DATE_RE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellError(gettext("“%(value)s” is not a valid date; write it as dd/mm/yyyy.") % {"value": text})
    if not 1 <= month <= 12 or day < 1 or year < 1:
        raise CellError(gettext("“%(value)s” is not a valid date; write it as dd/mm/yyyy.") % {"value": text})
    days = calendar.monthrange(year, month)[1]
    if day > days:
        raise CellError(
            gettext("“%(value)s” does not exist: month %(month)s of %(year)s has %(days)s days.")
            % {"value": text, "month": month, "year": year, "days": days}
        )
    return dt.date(year, month, day)


def read_past_date(value, *, required: bool = False) -> dt.date | None:
    """A date that has already come: a date of birth, of entering the sector."""
    return read_date(value, not_after=timezone.localdate, required=required)
