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
    if key.startswith(("don vi", "bo phan thuc hien", "nguoi thuc hien", "nguoi phu trach", "phu trach", "chu tri")):
        return "actor"
    if key == "thuc hien":
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


_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*")  # "|---|:---|" under a markdown header


def _as_cells_line(line: str) -> str | None:
    """A "|"-separated line ("1 | Họp | Ngày 15/8/2024 | Phòng GDĐT", or "| … |" from markdown) as a tabbed one."""
    if "\t" in line or "|" not in line:
        return line
    if _TABLE_RULE.fullmatch(line):
        return None
    stripped = line.strip()
    stripped = stripped[1:] if stripped.startswith("|") else stripped
    stripped = stripped[:-1] if stripped.endswith("|") else stripped
    return "\t".join(part.strip() for part in stripped.split("|"))


@dataclass(frozen=True)
class _Layout:
    """The columns a header row names, in its order (None for a column the reader does not use)."""

    fields: tuple[str | None, ...]
    starts: tuple[int, ...]  # offsets of the cells, for a header laid out with spaces

    @classmethod
    def of(cls, line: str) -> _Layout | None:
        cells = _split_cells(line)
        fields = tuple(_header_field(text) for _offset, text in cells)
        if len({name for name in fields if name}) < 2:
            return None  # "TT Nội dung Thời gian …" run together: the usual four columns
        return cls(fields=fields, starts=tuple(offset for offset, _text in cells))

    @property
    def numbered(self) -> bool:
        """Rows start with their order number, as without a header."""
        return self.fields[0] == "order"

    @property
    def data_fields(self) -> tuple[str | None, ...]:
        return self.fields[1:] if self.numbered else self.fields


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
    order: int | None
    first_cells: list[tuple[int, str]]
    tabbed: bool
    more: list[str] = field(default_factory=list)
    canonical: bool = False  # cells already [content, due, actor], whatever the header's order


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
    number ("1.", "1", "01"); other lines continue the row above (blank lines are ignored). Cells are
    separated by tabs (Word), runs of spaces (PDF) or "|". A header maps its columns by name, in any
    order and any subset; under a header without a leading "TT" column each line of two cells or more is
    a row, numbered as it comes. Order numbers used twice are flagged on each row.
    Without a header, month headings followed by "- task" lines are read by :func:`prose_items`,
    one milestone per task, numbered in order.
    When ``issuing_unit`` and ``units`` are given, each row's actor text is matched too.
    Raises :class:`TimelineImportError` when no numbered row is found.
    """
    lines = nfc_lines(text)
    options = {
        "period_start": period_start,
        "period_end": period_end,
        "before_is_inclusive": before_is_inclusive,
        "issuing_unit": issuing_unit,
        "units": list(units) if units is not None else None,
    }
    if not any(_is_header_line(line) for line in lines) and (rows := _prose_rows(lines, options)):
        return rows
    records, layout, header_starts = _table_records(lines)
    if not records:
        raise TimelineImportError(
            _("No numbered rows were found: each row must start with its order number (1, 2, …)."), code="no_rows"
        )
    rows = _table_rows(records, layout, header_starts, options)
    _flag_repeated_orders(rows)
    return rows


def _prose_rows(lines: list[str], options: dict) -> list[MilestoneRow]:
    """Month headings with "- task" lines: one row per task, numbered in order (none if it is not prose)."""
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip() and not _PAGE_NUMBER.fullmatch(line)]
    return [
        _build_row(row=item.line, order=order, cells=[item.content, item.due_text, ""], **options)
        for order, item in enumerate(prose_items(numbered), start=1)
    ]


def _table_records(lines: list[str]) -> tuple[list[_Record], _Layout | None, list[int] | None]:
    """The table's records (a numbered line and the lines continuing it), its header layout and cell starts."""
    records: list[_Record] = []
    layout: _Layout | None = None
    header_starts: list[int] | None = None
    seen_header = False
    for number, raw in enumerate(lines, start=1):
        line = _as_cells_line(raw)
        if line is None or not line.strip():
            continue
        if _is_header_line(line):
            if not seen_header:
                records.clear()  # numbered lines above the first header are headings ("4. Khung kế hoạch…")
                seen_header = True
            layout = _Layout.of(line)
            if "\t" not in line:
                starts = [offset for offset, _cell in _split_cells(line)]
                header_starts = starts[1:4] if layout is None else starts[1:] if layout.numbered else starts
            continue
        if layout is not None and not layout.numbered:
            _read_by_line(records, number, line, layout)
            continue
        started = _row_start(line)
        if started is not None:
            order, cells = started
            records.append(_Record(line=number, order=order, first_cells=cells, tabbed="\t" in line))
        elif records and not _PAGE_NUMBER.fullmatch(line):
            records[-1].more.append(line)
    return records, layout, header_starts


def _table_rows(records, layout, header_starts, options: dict) -> list[MilestoneRow]:
    """Each record's cells, mapped by the header's names where it has them, read into a milestone row."""
    rows = []
    for index, record in enumerate(records, start=1):
        cells = _tabbed_cells(record) if record.tabbed else _spaced_cells(record, header_starts)
        extra = None
        if layout is not None and not record.canonical:
            cells, order, extra = _by_name(cells, layout)
            record.order = order if order is not None else record.order
        if record.order is None and layout is not None and "order" not in layout.fields:
            record.order = index  # a table without an order column: rows are numbered as they come
        row = _build_row(row=record.line, order=record.order, cells=cells, **options)
        if extra is not None:
            row.problems.insert(0, replace(extra, row=record.line))
        rows.append(row)
    return rows


def _read_by_line(records: list[_Record], number: int, line: str, layout: _Layout) -> None:
    """Under a header without a leading order column, each line of two cells or more is a row."""
    cells = [(offset, text) for offset, text in _split_cells(line.rstrip())]
    order = None
    if "order" not in layout.fields and cells:
        if len(cells) == len(layout.fields) + 1 and (match := _ORDER_CELL.fullmatch(cells[0][1])):
            order, cells = int(match[1]), cells[1:]  # an order column the header does not name
        elif match := _ORDER_PREFIX.match(cells[0][1]):
            order, cells = int(match[1]), [(cells[0][0] + match.end(), cells[0][1][match.end() :]), *cells[1:]]
    if sum(1 for _offset, text in cells if text) >= 2:
        records.append(_Record(line=number, order=order, first_cells=cells, tabbed=True))
    elif records and not _PAGE_NUMBER.fullmatch(line):
        records[-1].more.append(line.strip())


def _by_name(cells: list[str], layout: _Layout) -> tuple[list[str], int | None, Problem | None]:
    """[content, due, actor] from cells in the header's order, the order number if it has a column,
    and a problem when the row has more cells than the header."""
    named: dict[str, str] = {"order": "", "content": "", "due": "", "actor": ""}
    fields = layout.data_fields
    last = next((name for name in reversed(fields) if name), "content")
    problem = None
    for index, cell in enumerate(cells):
        name = fields[index] if index < len(fields) else last
        if name:
            named[name] = _join(named[name], cell)
    if len(cells) > len(fields):
        problem = Problem(
            "extra_cells",
            _("The row has %(count)s cells instead of %(expected)s; the extra text was put in the last column."),
            {"count": len(cells) + len(layout.fields) - len(fields), "expected": len(layout.fields)},
            field=last,
        )
    match = _ORDER_CELL.fullmatch(named["order"]) if "order" in fields else None
    return [named["content"], named["due"], named["actor"]], int(match[1]) if match else None, problem


def _flag_repeated_orders(rows: list[MilestoneRow]) -> None:
    lines: dict[int, list[int]] = {}
    for row in rows:
        if row.order is not None:
            lines.setdefault(row.order, []).append(row.row)
    for row in rows:
        repeated = lines.get(row.order, [])
        if len(repeated) > 1:
            row.problems.append(
                Problem(
                    "repeated_order",
                    _("Order number %(order)s is used more than once (lines %(lines)s)."),
                    {"order": row.order, "lines": ", ".join(map(str, repeated))},
                    field="order",
                    row=row.row,
                )
            )


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
    # A first line with all its cells sets its own columns; a shorter one follows the header's.
    starts = [offset for offset, _text in record.first_cells]
    if header_starts and len(header_starts) > 1 and len(starts) < len(header_starts):
        starts = header_starts
    if len(starts) <= 1 and record.more:
        record.canonical = True
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
                    _(
                        "The row has %(count)s cells instead of %(expected)s; the extra text was put in the last column."
                    ),
                    {"count": len(cells) + 1, "expected": 4},
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
