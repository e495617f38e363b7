"""Reading a plan's timeline (the "Khung kế hoạch thời gian" appendix) from pasted text or an Excel sheet.

Three pure readers, no database access:

* :func:`parse_due` reads a Vietnamese date phrase ("Trước ngày 11/11/2023", "Trong tháng 11/2023",
  "Từ 15/3 đến 29/3/2024", …) into the last day and, for windows, the first day;
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
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO, Protocol

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emulation.enums import SchoolLevel, UnitKind
from emulation.text import nfc

# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Problem:
    """Something the importer could not read. ``message`` renders in the active language."""

    code: str
    template: Any  # a lazy English msgid with %(name)s placeholders
    params: Mapping[str, Any] = field(default_factory=dict)
    field: str = ""  # "order", "content", "due" or "actor" in a table row
    row: int | None = None  # line of the pasted text, or row of the Excel sheet
    column: str = ""  # Excel column letter ("C"); empty for pasted text

    @property
    def message(self) -> str:
        return str(self.template) % dict(self.params)

    @property
    def where(self) -> str:
        if self.column and self.row is not None:
            return gettext("cell %(ref)s") % {"ref": f"{self.column}{self.row}"}
        if self.row is not None:
            return gettext("line %(number)s") % {"number": self.row}
        return ""

    def __str__(self) -> str:
        where = self.where
        return f"{where}: {self.message}" if where else self.message


class DueKind(models.TextChoices):
    BEFORE = "before", _("Before a date")
    ON = "on", _("On a date")
    MONTH = "month", _("Within a month")
    RANGE = "range", _("From a date to a date")


@dataclass(frozen=True)
class DueParse:
    """A completion-time phrase read against a period.

    ``due_on`` is the last day to act; ``opens_on`` the first day of a window (None for a
    plain deadline). When the phrase cannot be used, both are None and ``problem`` says why;
    ``kind`` is then the form that was recognised, or None when nothing was.
    """

    text: str
    kind: DueKind | None = None
    opens_on: dt.date | None = None
    due_on: dt.date | None = None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def summary(self) -> str:
        """What the user is shown beside the phrase, e.g. "Last day: 10/11/2023"."""
        if self.problem is not None:
            return self.problem.message
        if self.kind == DueKind.BEFORE:
            return gettext("Last day: %(due)s") % {"due": _fmt(self.due_on)}
        if self.kind == DueKind.ON:
            return gettext("On %(due)s") % {"due": _fmt(self.due_on)}
        return gettext("From %(start)s to %(due)s") % {"start": _fmt(self.opens_on), "due": _fmt(self.due_on)}


class ActorKind(models.TextChoices):
    ISSUING_UNIT = "issuing_unit", _("The issuing unit")
    SUB_UNITS = "sub_units", _("The units it manages")
    LEVEL = "level", _("Schools of a level")
    UNITS = "units", _("Units named in the text")
    BLOCKS = "blocks", _("Emulation blocks")
    BLOCK_HEADS = "block_heads", _("Heads of emulation blocks")


@dataclass(frozen=True)
class ActorMatch:
    """Who must act, read from the "Đơn vị thực hiện" text.

    ``unit_ids`` lists the units found (the issuing unit and/or units it manages);
    blocks are returned by number since they are resolved elsewhere (``all_blocks`` when
    the text names blocks without numbers).
    """

    text: str
    kinds: tuple[ActorKind, ...] = ()
    unit_ids: tuple[int, ...] = ()
    levels: tuple[str, ...] = ()
    block_numbers: tuple[int, ...] = ()
    all_blocks: bool = False
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass
class MilestoneRow:
    """One numbered row of the timeline table. ``row`` is its first line (text) or sheet row (Excel)."""

    row: int
    order: int | None
    content: str
    due_text: str
    due: DueParse
    actor_text: str
    problems: list[Problem] = field(default_factory=list)
    actors: ActorMatch | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


class TimelineImportError(ValidationError):
    """The input as a whole cannot be read (not an Excel file, no header, no numbered row)."""


class UnitLike(Protocol):
    pk: Any
    name: str
    kind: str
    level: str
    parent_id: Any


# --------------------------------------------------------------------------- text helpers


def _fold(text: str) -> str:
    """Lower-case, accent-free, đ → d, one character for one: offsets match ``text``."""
    out = []
    for char in text:
        base = "".join(c for c in unicodedata.normalize("NFD", char.lower()) if not unicodedata.combining(c))
        base = base.replace("đ", "d")
        out.append(base if len(base) == 1 else char)
    return "".join(out)


def _fmt(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _written(day: int | None, month: int, year: int | None) -> str:
    parts = ([f"{day:02d}"] if day is not None else []) + [f"{month:02d}"] + ([str(year)] if year else [])
    return "/".join(parts)


# --------------------------------------------------------------------------- date phrases

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
_MONTH_RE = re.compile(r"(?:trong\s+)?thang\s*(?P<m>\d{1,2})(?:(?:\s*[/.\-]\s*|\s+nam\s+)(?P<y>\d{4}|\d{2}))?")
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
        if match := _MONTH_RE.fullmatch(key):
            kind = DueKind.MONTH
            first, last = _resolve_month(int(match["m"]), _year(match["y"]), period_start, period_end)
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


# --------------------------------------------------------------------------- tables

FIELDS = ("order", "content", "due", "actor")
HEADERS = ("TT", "Nội dung", "Thời gian hoàn thành", "Đơn vị thực hiện")
_ORDER_CELL = re.compile(r"\s*(\d{1,3})\s*[.)]?\s*")
_ORDER_PREFIX = re.compile(r"\s*(\d{1,3})\s*[.)]\s+(?=\S)")
_PAGE_NUMBER = re.compile(r"\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*")  # "2" or "- 2 -" alone on a line, from a PDF
_CELL_RUN = re.compile(r"\S+(?: \S+)*")  # runs separated by two or more spaces


def _header_field(cell: str) -> str | None:
    key = " ".join(_fold(nfc(cell)).replace(".", " ").split())
    if key in {"tt", "stt", "so tt", "so thu tu", "thu tu"}:
        return "order"
    if key.startswith("noi dung") or key in {"cong viec", "nhiem vu"}:
        return "content"
    if key.startswith(("thoi gian", "thoi han", "han hoan thanh", "han nop")) or key == "thoi diem":
        return "due"
    if key.startswith(("don vi", "bo phan thuc hien", "nguoi thuc hien")) or key == "thuc hien":
        return "actor"
    return None


def _is_header_line(line: str) -> bool:
    key = _fold(nfc(line))
    return "noi dung" in key and ("thoi gian" in key or "don vi" in key or re.search(r"\bs?tt\b", key) is not None)


def _split_cells(line: str) -> list[tuple[int, str]]:
    """(offset, text) of each cell: tab-separated, or runs of two or more spaces."""
    if "\t" in line:
        cells, offset = [], 0
        for part in line.split("\t"):
            cells.append((offset, part.strip()))
            offset += len(part) + 1
        return cells
    return [(m.start(), m.group()) for m in _CELL_RUN.finditer(line)]


def _row_start(line: str) -> tuple[int, list[tuple[int, str]]] | None:
    """The order number and the data cells (offset, text) of a line that starts a row."""
    cells = [(offset, text) for offset, text in _split_cells(line.rstrip()) if text or "\t" in line]
    while cells and not cells[0][1]:
        cells.pop(0)  # leading tabs
    if not cells:
        return None
    offset, first = cells[0]
    if match := _ORDER_CELL.fullmatch(first):
        if len(cells) == 1 and not re.search(r"[.)]\s*$", first):
            return None  # a bare number alone on a line: a page number, not a row
        return int(match[1]), cells[1:]
    if match := _ORDER_PREFIX.match(first):
        return int(match[1]), [(offset + match.end(), first[match.end() :]), *cells[1:]]
    return None


@dataclass
class _Record:
    line: int
    order: int
    first_cells: list[tuple[int, str]]
    tabbed: bool
    more: list[str] = field(default_factory=list)


def parse_timeline_text(
    text: str,
    *,
    period_start: dt.date,
    period_end: dt.date,
    before_is_inclusive: bool = False,
    issuing_unit: UnitLike | None = None,
    units: Iterable[UnitLike] | None = None,
) -> list[MilestoneRow]:
    """Read the appendix table pasted from Word or a PDF.

    Lines before the first header and the headers themselves (repeated on each PDF page) are skipped; a row starts with its order
    number ("1.", "1", "01"); other lines continue the row above (blank lines are ignored).
    When ``issuing_unit`` and ``units`` are given, each row's actor text is matched too.
    Raises :class:`TimelineImportError` when no numbered row is found.
    """
    records: list[_Record] = []
    header_starts: list[int] | None = None
    seen_header = False
    for number, raw in enumerate(nfc_lines(text), start=1):
        if not raw.strip():
            continue
        if _is_header_line(raw):
            if not seen_header:
                records.clear()  # numbered lines above the first header are headings ("4. Khung kế hoạch…")
                seen_header = True
            if "\t" not in raw:
                header_starts = [offset for offset, _cell in _split_cells(raw)][1:4]
            continue
        started = _row_start(raw)
        if started is not None:
            order, cells = started
            records.append(_Record(line=number, order=order, first_cells=cells, tabbed="\t" in raw))
        elif records and not _PAGE_NUMBER.fullmatch(raw):
            records[-1].more.append(raw)
    if not records:
        raise TimelineImportError(
            _("No numbered rows were found: each row must start with its order number (1, 2, …)."), code="no_rows"
        )
    unit_list = list(units) if units is not None else None
    rows = []
    for record in records:
        cells = _tabbed_cells(record) if record.tabbed else _spaced_cells(record, header_starts)
        rows.append(
            _build_row(
                row=record.line,
                order=record.order,
                cells=cells,
                period_start=period_start,
                period_end=period_end,
                before_is_inclusive=before_is_inclusive,
                issuing_unit=issuing_unit,
                units=unit_list,
            )
        )
    return rows


def nfc_lines(text: str) -> list[str]:
    """Lines in NFC, keeping tabs and runs of spaces (they separate cells)."""
    normal = unicodedata.normalize("NFC", text or "").replace("\xa0", " ").replace("\r\n", "\n").replace("\r", "\n")
    return normal.split("\n")


def _join(*parts: str) -> str:
    return " ".join(" ".join(part.split()) for part in parts if part and part.strip())


def _tabbed_cells(record: _Record) -> list[str]:
    cells = [text for _offset, text in record.first_cells]
    width = len(cells)
    for line in record.more:
        parts = line.rstrip("\n").split("\t")
        if len(parts) - 1 == width and width > 1:  # a full-width line: cell by cell (order column first)
            for index, part in enumerate(parts[1:]):
                cells[index] = _join(cells[index], part)
        else:  # a cell broken across lines: the text continues the last cell
            cells[-1] = _join(cells[-1], parts[0])
            cells.extend(part.strip() for part in parts[1:])
    return cells


def _spaced_cells(record: _Record, header_starts: list[int] | None) -> list[str]:
    # A first line with all three cells sets its own columns; a shorter one follows the header's.
    starts = [offset for offset, _text in record.first_cells]
    if len(starts) < 3 and header_starts and len(header_starts) == 3:
        starts = header_starts
    if len(starts) <= 1 and record.more:
        return _one_cell_per_line(record)
    cells = [""] * max(len(starts), 1)
    fragments = list(record.first_cells)
    for line in record.more:
        fragments.extend(_split_cells(line.rstrip()))
    for offset, text in fragments:
        index = max((i for i, start in enumerate(starts) if start <= offset + 2), default=0)
        cells[index] = _join(cells[index], text)
    return cells


def _one_cell_per_line(record: _Record) -> list[str]:
    """A PDF copy that puts each cell on its own line: the due phrase separates content from actor."""
    lines = [text for _o, text in record.first_cells] + [" ".join(line.split()) for line in record.more]
    bounds = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
    for index, line in enumerate(lines[1:], start=1):
        if parse_due(line, period_start=bounds[0], period_end=bounds[1]).kind is not None:
            return [_join(*lines[:index]), line, _join(*lines[index + 1 :])]
    return [_join(*lines)]


def _build_row(
    *,
    row: int,
    order: int | None,
    cells: list[str],
    period_start: dt.date,
    period_end: dt.date,
    before_is_inclusive: bool,
    issuing_unit: UnitLike | None,
    units: list[UnitLike] | None,
    columns: Mapping[str, str] | None = None,
) -> MilestoneRow:
    columns = columns or {}
    problems: list[Problem] = []

    def at(problem: Problem, name: str) -> Problem:
        return replace(problem, field=name, row=row, column=columns.get(name, ""))

    cells = [_join(cell) for cell in cells]
    if len(cells) > 3:
        problems.append(
            at(
                Problem(
                    "extra_cells",
                    _("The row has %(count)s cells instead of 4; the extra text was put in the last column."),
                    {"count": len(cells) + 1},
                ),
                "actor",
            )
        )
        cells = [cells[0], cells[1], _join(*cells[2:])]
    content, due_text, actor_text = (cells + ["", "", ""])[:3]
    if order is None:
        problems.append(at(Problem("no_order", _("The order number is missing or unreadable.")), "order"))
    if not content:
        problems.append(at(Problem("no_content", _("The row has no content.")), "content"))
    due = parse_due(due_text, period_start=period_start, period_end=period_end, before_is_inclusive=before_is_inclusive)
    if due.problem is not None:
        problems.append(at(due.problem, "due"))
    actors = None
    if not actor_text:
        problems.append(at(Problem("no_actor", _("The row names no unit to act.")), "actor"))
    elif issuing_unit is not None and units is not None:
        actors = match_actors(actor_text, issuing_unit=issuing_unit, units=units)
        if actors.problem is not None:
            problems.append(at(actors.problem, "actor"))
    return MilestoneRow(
        row=row,
        order=order,
        content=content,
        due_text=due_text,
        due=due,
        actor_text=actor_text,
        problems=problems,
        actors=actors,
    )


# --------------------------------------------------------------------------- Excel

HEADER_SEARCH_ROWS = 30


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _fmt(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _order_value(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    match = _ORDER_CELL.fullmatch(_cell_text(value))
    return int(match[1]) if match else None


def parse_timeline_xlsx(
    fileobj: BinaryIO,
    *,
    period_start: dt.date,
    period_end: dt.date,
    before_is_inclusive: bool = False,
    issuing_unit: UnitLike | None = None,
    units: Iterable[UnitLike] | None = None,
) -> list[MilestoneRow]:
    """Read the timeline from an Excel sheet whose header row names the four columns.

    Rows with an empty order cell continue the row above (wrapped or merged cells).
    Problems cite the cell (``column`` letter and ``row``). Raises
    :class:`TimelineImportError` for a file that is not a workbook or has no such header.
    """
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise TimelineImportError(_("The file is not an Excel workbook (.xlsx)."), code="not_xlsx") from None
    try:
        sheets = [workbook.active, *[ws for ws in workbook.worksheets if ws is not workbook.active]]
        for sheet in sheets:
            rows = list(sheet.iter_rows(values_only=True))
            found = _find_header(rows)
            if found is not None:
                break
        else:
            raise TimelineImportError(
                _("No header row with the columns %(columns)s was found in the first %(count)s rows."),
                code="no_header",
                params={"columns": " | ".join(HEADERS), "count": HEADER_SEARCH_ROWS},
            )
    finally:
        workbook.close()

    header_index, positions = found
    letters = {name: get_column_letter(index + 1) for name, index in positions.items()}
    unit_list = list(units) if units is not None else None
    pending: list[tuple[int, int | None, dict[str, str]]] = []
    for number, values in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells = {name: (values[index] if index < len(values) else None) for name, index in positions.items()}
        texts = {name: _cell_text(value) for name, value in cells.items()}
        if not any(texts.values()):
            continue
        if texts["order"]:
            pending.append((number, _order_value(cells["order"]), texts))
        elif pending:
            previous = pending[-1][2]
            for name in ("content", "due", "actor"):
                previous[name] = _join(previous[name], texts[name])
    if not pending:
        raise TimelineImportError(
            _("No numbered rows were found: each row must start with its order number (1, 2, …)."), code="no_rows"
        )
    return [
        _build_row(
            row=number,
            order=order,
            cells=[texts["content"], texts["due"], texts["actor"]],
            period_start=period_start,
            period_end=period_end,
            before_is_inclusive=before_is_inclusive,
            issuing_unit=issuing_unit,
            units=unit_list,
            columns=letters,
        )
        for number, order, texts in pending
    ]


def _find_header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
    for index, values in enumerate(rows[:HEADER_SEARCH_ROWS]):
        positions: dict[str, int] = {}
        for column, value in enumerate(values):
            name = _header_field(_cell_text(value)) if value is not None else None
            if name and name not in positions:
                positions[name] = column
        if set(positions) == set(FIELDS):
            return index, positions
    return None


# --------------------------------------------------------------------------- actors

_ISSUER_ALIASES = {
    UnitKind.DISTRICT_OFFICE: [
        "phong giao duc va dao tao",
        "phong giao duc - dao tao",
        "phong giao duc",
        "phong gd&dt",
        "phong gd-dt",
        "phong gd - dt",
        "phong gd dt",
        "phong gddt",
        "phong gd",
        "pgd&dt",
        "pgddt",
        "pgd",
        "phong",
    ],
    UnitKind.PROVINCE_DEPARTMENT: [
        "so giao duc va dao tao",
        "so gd&dt",
        "so gd-dt",
        "so gddt",
        "so gd",
        "sgd&dt",
        "sgddt",
        "so",
    ],
    UnitKind.COMMUNE_COMMITTEE: [
        "uy ban nhan dan xa",
        "uy ban nhan dan phuong",
        "ubnd xa",
        "ubnd phuong",
        "ubnd",
    ],
    UnitKind.SCHOOL: ["nha truong"],
}
_LEVEL_WORDS = {
    "mam non": SchoolLevel.PRESCHOOL,
    "mau giao": SchoolLevel.PRESCHOOL,
    "nha tre": SchoolLevel.PRESCHOOL,
    "mn": SchoolLevel.PRESCHOOL,
    "tieu hoc": SchoolLevel.PRIMARY,
    "th": SchoolLevel.PRIMARY,
    "trung hoc co so": SchoolLevel.LOWER_SECONDARY,
    "thcs": SchoolLevel.LOWER_SECONDARY,
    "trung hoc pho thong": SchoolLevel.UPPER_SECONDARY,
    "thpt": SchoolLevel.UPPER_SECONDARY,
}
_LEVEL = "|".join(r"\s+".join(word.split()) for word in sorted(_LEVEL_WORDS, key=len, reverse=True))
_LIST_SEP = r"\s*(?:,|;|&|\+|-|va\b)\s*"
_NUMS = rf"\d+(?:{_LIST_SEP}(?:so\s*)?\d+)*"
_BLOCK_WORD = r"(?:khoi|cum)"
_BLOCK_HEADS_RE = re.compile(
    rf"\b(?:{_BLOCK_WORD}\s+truong|truong\s+(?:cac\s+)?{_BLOCK_WORD})(?:\s+cac)?(?:\s+{_BLOCK_WORD})?"
    rf"(?:\s+thi\s+dua)?(?:\s+so)?\s*(?P<nums>{_NUMS})?"
)
_BLOCKS_RE = re.compile(rf"\b(?:cac\s+)?{_BLOCK_WORD}(?:\s+thi\s+dua)?(?:\s+so)?\s*(?P<nums>{_NUMS})?")
_CONNECTORS_RE = re.compile(r"\b(?:va|cac|cung|voi|tat\s+ca|toan\s+the)\b|[,;&+/\-.():]")
_ALL_UNITS = r"(?:(?:tat\s+ca\s+)?cac\s+|tat\s+ca\s+)"
_UNIT_WORD = r"(?P<{name}>don\s+vi|truong(?:\s+hoc)?|co\s+so(?:\s+giao\s+duc)?)"


def _words_re(words: str) -> str:
    return r"\s+".join(re.escape(word) for word in words.split())


def _issuer_pattern(issuing_unit: UnitLike) -> str:
    aliases = set(_ISSUER_ALIASES.get(getattr(issuing_unit, "kind", ""), []))
    for attribute in ("name", "print_name", "symbol"):
        value = _fold(nfc(getattr(issuing_unit, attribute, "") or ""))
        if value:
            aliases.add(value)
    place = _fold(nfc(getattr(issuing_unit, "place_name", "") or ""))
    alternatives = "|".join(_words_re(alias) for alias in sorted(aliases, key=len, reverse=True))
    qualifier = r"(?:\s+(?:huyen|quan|thi\s+xa|thanh\s+pho|tinh|xa|phuong))?"
    if place:
        qualifier += rf"(?:\s+{_words_re(place)})?"
    # The name must end there: "Phòng Nội vụ" is not "Phòng".
    return rf"(?:{alternatives}){qualifier}(?=\s*(?:$|[,;&+()]|va\b|\-))"


def _descendants(root_pk: Any, units: list[UnitLike]) -> list[UnitLike]:
    children: dict[Any, list[UnitLike]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    found, stack = [], [root_pk]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child.pk)
    return found


def _numbers(raw: str | None) -> list[int]:
    if not raw:
        return []
    numbers: list[int] = []
    for piece in re.finditer(r"(\d+)(?:\s*-\s*(\d+))?", raw):
        low, high = int(piece[1]), int(piece[2] or piece[1])
        numbers.extend(range(low, high + 1) if low <= high else [low, high])
    return sorted(set(numbers))


def match_actors(text: str | None, *, issuing_unit: UnitLike, units: Iterable[UnitLike]) -> ActorMatch:
    """Map the "Đơn vị thực hiện" text to the issuing unit, the units it manages, school levels or blocks.

    ``units`` are the candidate units (objects with ``pk, name, kind, level, parent_id``;
    inactive ones, ``is_active`` false, are left out). "Đơn vị trực thuộc" means the units
    directly under the issuing unit; a school level means schools of that level anywhere
    under it (a multi-level school has its own level and is not taken for "tiểu học" or "THCS");
    a unit written by its full name is taken as such. Text it does not understand is reported,
    never dropped.
    """
    original = nfc(text)
    if not original:
        return ActorMatch(text=original, problem=Problem("no_actor", _("The row names no unit to act.")))
    candidates = [unit for unit in units if getattr(unit, "is_active", True)]
    working = _fold(original)
    issuer = _issuer_pattern(issuing_unit)
    kinds: set[ActorKind] = set()
    levels: list[str] = []
    blocks: list[int] = []
    all_blocks = False
    schools_only: bool | None = None

    def consume(pattern: re.Pattern) -> list[re.Match]:
        nonlocal working
        matches = list(pattern.finditer(working))
        for match in matches:
            working = working[: match.start()] + " " * (match.end() - match.start()) + working[match.end() :]
        return matches

    named: set[Any] = set()
    for unit in sorted(candidates, key=lambda unit: len(unit.name or ""), reverse=True):
        name = _fold(nfc(unit.name))
        if name and consume(re.compile(rf"\b{_words_re(name)}(?!\w)")):
            if unit.pk == issuing_unit.pk:
                kinds.add(ActorKind.ISSUING_UNIT)
            else:
                kinds.add(ActorKind.UNITS)
                named.add(unit.pk)
    for pattern, kind in ((_BLOCK_HEADS_RE, ActorKind.BLOCK_HEADS), (_BLOCKS_RE, ActorKind.BLOCKS)):
        for match in consume(pattern):
            kinds.add(kind)
            numbers = _numbers(match["nums"])
            blocks.extend(numbers)
            all_blocks = all_blocks or not numbers
    level_re = re.compile(
        rf"\b(?:{_ALL_UNITS})?(?:(?:truong|cap|bac)\s+)?(?P<levels>(?:{_LEVEL})(?:{_LIST_SEP}(?:(?:truong|cap|bac)\s+)?"
        rf"(?:{_LEVEL}))*)\b(?:\s+truc\s+thuoc(?:\s+{issuer})?)?"
    )
    for match in consume(level_re):
        kinds.add(ActorKind.LEVEL)
        for word in re.findall(rf"\b(?:{_LEVEL})\b", match["levels"]):
            level = _LEVEL_WORDS[" ".join(word.split())]
            if level not in levels:
                levels.append(level)
    sub_units_re = re.compile(
        rf"\b(?:{_ALL_UNITS})?{_UNIT_WORD.format(name='what')}\s+truc\s+thuoc(?:\s+{issuer})?"
        rf"|\b{_ALL_UNITS}{_UNIT_WORD.format(name='bare')}\b"
    )
    for match in consume(sub_units_re):
        kinds.add(ActorKind.SUB_UNITS)
        only_schools = not (match["what"] or match["bare"]).startswith("don vi")
        schools_only = only_schools if schools_only is None else (schools_only and only_schools)
    if consume(re.compile(rf"\b{issuer}")):
        kinds.add(ActorKind.ISSUING_UNIT)

    leftover = _CONNECTORS_RE.sub(lambda m: " " * len(m.group()), working)
    rest = [original[m.start() : m.end()] for m in re.finditer(r"\S+(?:\s+\S+)*", leftover)]

    selected: set[Any] = set(named)
    if ActorKind.SUB_UNITS in kinds:
        selected |= {
            unit.pk
            for unit in candidates
            if unit.parent_id == issuing_unit.pk and (not schools_only or unit.kind == UnitKind.SCHOOL)
        }
    if ActorKind.LEVEL in kinds:
        selected |= {unit.pk for unit in _descendants(issuing_unit.pk, candidates) if unit.level in levels}
    unit_ids = [issuing_unit.pk] if ActorKind.ISSUING_UNIT in kinds else []
    unit_ids += [unit.pk for unit in candidates if unit.pk in selected and unit.pk != issuing_unit.pk]

    problem = None
    if not kinds:
        problem = Problem(
            "unmatched_actor",
            _("“%(text)s” does not name units the system knows; choose the units by hand."),
            {"text": original},
        )
    elif rest:
        problem = Problem(
            "partly_unmatched_actor",
            _("Part of “%(text)s” was not recognised (“%(rest)s”); check the units."),
            {"text": original, "rest": " … ".join(rest)},
        )
    elif kinds & {ActorKind.SUB_UNITS, ActorKind.LEVEL} and not selected - named:
        problem = Problem(
            "no_units",
            _("No unit managed by %(unit)s matches “%(text)s”."),
            {"unit": issuing_unit.name, "text": original},
        )
    return ActorMatch(
        text=original,
        kinds=tuple(kind for kind in ActorKind if kind in kinds),
        unit_ids=tuple(unit_ids),
        levels=tuple(levels),
        block_numbers=tuple(sorted(set(blocks))),
        all_blocks=all_blocks and not blocks,
        problem=problem,
    )
