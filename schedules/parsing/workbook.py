from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, BinaryIO

from django.utils.translation import gettext_lazy as _

from emulation.text import nfc
from schedules.parsing.results import MilestoneRow, TimelineImportError, UnitLike, _fmt
from schedules.parsing.tables import _ORDER_CELL, FIELDS, HEADERS, _build_row, _header_field, _join

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
