from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _

from emulation.text import nfc
from schedules.parsing.actors import match_actors
from schedules.parsing.dates import parse_due
from schedules.parsing.prose import prose_items
from schedules.parsing.results import MilestoneRow, Problem, TimelineImportError, UnitLike, _fold

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
    """A row of column names: two or more known names in separate cells, or "TT Nội dung …" run together."""
    cells = [text for _offset, text in _split_cells(line) if text]
    if len(cells) >= 2:
        names = {_header_field(cell) for cell in cells} - {None}
        return len(names) >= 2 and bool(names & {"content", "due"}) and _ORDER_CELL.fullmatch(cells[0]) is None
    key = _fold(nfc(line))
    return re.match(r"s?tt\b", key) is not None and "noi dung" in key


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
    """Read the appendix table pasted from Word or a PDF, or a timeline written as prose.

    Lines before the first header and the headers themselves (repeated on each PDF page) are skipped; a row starts with its order
    number ("1.", "1", "01"); other lines continue the row above (blank lines are ignored).
    Without a header, month headings followed by "- task" lines are read by :func:`prose_items`,
    one milestone per task, numbered in order.
    When ``issuing_unit`` and ``units`` are given, each row's actor text is matched too.
    Raises :class:`TimelineImportError` when no numbered row is found.
    """
    lines = nfc_lines(text)
    unit_list = list(units) if units is not None else None
    options = {
        "period_start": period_start,
        "period_end": period_end,
        "before_is_inclusive": before_is_inclusive,
        "issuing_unit": issuing_unit,
        "units": unit_list,
    }
    if not any(_is_header_line(line) for line in lines):
        numbered = [
            (n, line) for n, line in enumerate(lines, start=1) if line.strip() and not _PAGE_NUMBER.fullmatch(line)
        ]
        if items := prose_items(numbered):
            return [
                _build_row(row=item.line, order=order, cells=[item.content, item.due_text, ""], **options)
                for order, item in enumerate(items, start=1)
            ]
    records: list[_Record] = []
    header_starts: list[int] | None = None
    seen_header = False
    for number, raw in enumerate(lines, start=1):
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
    rows = []
    for record in records:
        cells = _tabbed_cells(record) if record.tabbed else _spaced_cells(record, header_starts)
        rows.append(_build_row(row=record.line, order=record.order, cells=cells, **options))
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
