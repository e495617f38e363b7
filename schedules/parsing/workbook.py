"""The timeline table read from an uploaded workbook, through the one guarded reader of :mod:`emulation.workbooks`.

The reader bounds what the file may cost (size, unpacked size, time, and here at most
:data:`TIMELINE_MAX_ROWS` rows) and refuses anything else with one message; here the header row is found
among the first rows holding a value (its labels matched by :func:`~schedules.parsing.tables._header_field`,
which takes "Nội dung công việc" for "Nội dung"), the numbered rows are gathered (a row without an order
number continues the row above: wrapped or merged cells), and each is read as the pasted table's rows are.

Each milestone costs the import its rows, deadline and reminders: a table of more than :data:`MAX_MILESTONES`
numbered rows, or a cell longer than :data:`MAX_TEXT` characters, is not a plan's timeline and is refused
before anything is saved.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from django.utils.translation import gettext_lazy as _

from emulation.text import nfc
from emulation.workbooks import FORMULA, Row, WorkbookLimits, WorkbookRefused, open_workbook
from emulation.workbooks.guard import grouped
from emulation.workbooks.writing import column_letter
from schedules.parsing.results import MilestoneRow, TimelineImportError, UnitLike, _fmt
from schedules.parsing.tables import _ORDER_CELL, FIELDS, HEADERS, _build_row, _header_field, _join

HEADER_SEARCH_ROWS = 30
CONTINUED = ("content", "due", "actor")  # the cells a row without an order number adds to the row above
TIMELINE_MAX_ROWS = 1_000  # rows holding a value: titles, the header, the rows and their continuations
MAX_MILESTONES = 200  # a plan has a few dozen
MAX_TEXT = 4_000  # characters of one milestone's content, time or units, continuations included


def _cell_text(value: Any) -> str:
    if value is None or value is FORMULA:  # a formula whose result was not saved shows nothing
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
    Problems cite the cell (``column`` letter and ``row``). Raises :class:`TimelineImportError` for a
    file that is not a workbook, that the reader refuses (its message says why), or that has no such header.
    """
    positions, rows = _rows_below_header(fileobj)
    letters = {name: column_letter(index + 1) for name, index in positions.items()}
    unit_list = list(units) if units is not None else None
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
        for number, order, texts in _numbered_rows(rows, positions)
    ]


def _rows_below_header(fileobj) -> tuple[dict[str, int], list[Row]]:
    """The header's columns and the rows below it, from the first sheet (the active one first) that has it."""
    limits = dataclasses.replace(WorkbookLimits.from_settings(), max_rows=TIMELINE_MAX_ROWS)
    try:
        with open_workbook(fileobj, limits=limits) as workbook:
            for sheet in workbook.sheet_order():
                with contextlib.closing(workbook.rows(sheet)) as rows:
                    found = _header_in(rows)
                    if found is not None:
                        return found
    except WorkbookRefused as refused:
        raise _refusal(refused) from None
    raise TimelineImportError(
        _("No header row with the columns %(columns)s was found in the first %(count)s rows."),
        code="no_header",
        params={"columns": " | ".join(HEADERS), "count": HEADER_SEARCH_ROWS},
    )


def _header_in(rows: Iterator[Row]) -> tuple[dict[str, int], list[Row]] | None:
    """The header's columns and the rows below it, when one of the first rows names the four columns."""
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    for index, row in enumerate(head):
        positions = _header_positions(row)
        if set(positions) == set(FIELDS):
            return positions, [*head[index + 1 :], *rows]
    return None


def _header_positions(row: Row) -> dict[str, int]:
    """Field → 0-based column of the labels *row* holds (the first column of each)."""
    positions: dict[str, int] = {}
    for column, value in enumerate(row.cells):
        name = _header_field(_cell_text(value)) if value is not None else None
        if name and name not in positions:
            positions[name] = column
    return positions


def _numbered_rows(rows: Sequence[Row], positions: dict[str, int]) -> list[tuple[int, int | None, dict[str, str]]]:
    """(row number, order, field → text) of each row with an order cell, the rows that continue it joined in."""
    numbered: list[tuple[int, int | None, dict[str, list[str]]]] = []
    for row in rows:
        cells = {name: (row.cells[index] if index < len(row.cells) else None) for name, index in positions.items()}
        texts = {name: _cell_text(value) for name, value in cells.items()}
        if not any(texts.values()):
            continue
        if texts["order"]:
            if len(numbered) == MAX_MILESTONES:
                raise TimelineImportError(
                    _("The table has more than %(limit)s numbered rows: a plan's timeline has fewer milestones."),
                    code="too_many", params={"limit": MAX_MILESTONES},
                )  # fmt: skip
            numbered.append((row.number, _order_value(cells["order"]), {name: [text] for name, text in texts.items()}))
        elif numbered:
            for name in CONTINUED:
                numbered[-1][2][name].append(texts[name])
    if not numbered:
        raise TimelineImportError(
            _("No numbered rows were found: each row must start with its order number (1, 2, …)."), code="no_rows"
        )
    return [(number, order, _joined(number, parts)) for number, order, parts in numbered]


def _joined(number: int, parts: dict[str, list[str]]) -> dict[str, str]:
    """A row's texts, each with the rows that continue it, once the text is known to be of a milestone's size."""
    texts = {name: _join(*pieces) for name, pieces in parts.items()}
    if any(len(text) > MAX_TEXT for text in texts.values()):
        raise TimelineImportError(
            _("Row %(row)s holds a text of more than %(limit)s characters: a milestone's is shorter."),
            code="too_long", params={"row": number, "limit": grouped(MAX_TEXT)},
        )  # fmt: skip
    return texts


def _refusal(refused: WorkbookRefused) -> TimelineImportError:
    """The reader's refusal as the timeline's: its message, but for a file that is no workbook or is too long."""
    if refused.code == "not_xlsx":
        return TimelineImportError(_("The file is not an Excel workbook (.xlsx)."), code="not_xlsx")
    if refused.code == "rows":
        return TimelineImportError(
            _("The sheet has more than %(limit)s rows: a plan's timeline is shorter; upload the appendix's table only."),
            code="rows", params={"limit": grouped(TIMELINE_MAX_ROWS)},
        )  # fmt: skip
    return TimelineImportError(refused.message, code=refused.code)
