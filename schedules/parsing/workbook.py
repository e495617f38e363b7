"""The timeline table read from an uploaded workbook, through the one guarded reader of :mod:`emulation.workbooks`.

The reader bounds what the file may cost (size, unpacked size, rows, time) and refuses anything else with
one message; here the header row is found (its labels matched by :func:`~schedules.parsing.tables._header_field`,
which takes "Nội dung công việc" for "Nội dung"), the numbered rows are gathered (a row without an order
number continues the row above: wrapped or merged cells), and each is read as the pasted table's rows are.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, BinaryIO

from django.utils.translation import gettext_lazy as _

from emulation.text import nfc
from emulation.workbooks import FORMULA, Row, WorkbookRefused, open_workbook
from emulation.workbooks.writing import column_letter
from schedules.parsing.results import MilestoneRow, TimelineImportError, UnitLike, _fmt
from schedules.parsing.tables import _ORDER_CELL, FIELDS, HEADERS, _build_row, _header_field, _join

HEADER_SEARCH_ROWS = 30
CONTINUED = ("content", "due", "actor")  # the cells a row without an order number adds to the row above


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
    try:
        with open_workbook(fileobj) as workbook:
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
    numbered: list[tuple[int, int | None, dict[str, str]]] = []
    for row in rows:
        cells = {name: (row.cells[index] if index < len(row.cells) else None) for name, index in positions.items()}
        texts = {name: _cell_text(value) for name, value in cells.items()}
        if not any(texts.values()):
            continue
        if texts["order"]:
            numbered.append((row.number, _order_value(cells["order"]), texts))
        elif numbered:
            previous = numbered[-1][2]
            for name in CONTINUED:
                previous[name] = _join(previous[name], texts[name])
    if not numbered:
        raise TimelineImportError(
            _("No numbered rows were found: each row must start with its order number (1, 2, …)."), code="no_rows"
        )
    return numbered


def _refusal(refused: WorkbookRefused) -> TimelineImportError:
    """The reader's refusal as the timeline's: its message, but for a file that is no workbook at all."""
    if refused.code == "not_xlsx":
        return TimelineImportError(_("The file is not an Excel workbook (.xlsx)."), code="not_xlsx")
    return TimelineImportError(refused.message, code=refused.code)
