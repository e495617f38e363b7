"""The rows of one worksheet, streamed from its XML with expat: no tree is built, every cost is bounded.

openpyxl opened the workbook (sheets, shared strings, which styles are dates); the cells are read here so
that a formula saved without its result is told apart from an empty cell (:data:`~.cells.FORMULA`), cells
right of ``max_columns`` are never kept, a row of a hundred thousand cells is refused, and reading stops
after the data (a long run of empty rows), at ``max_rows`` rows, or when the time budget runs out.
"""

import math
import re
from collections.abc import Iterator
from typing import NamedTuple
from xml.parsers import expat

from .cells import EXCEL_TEXT_MAX, FORMULA, ExcelError
from .guard import MAX_CELLS_PER_ROW
from .limits import Deadline, WorkbookLimits

EXCEL_MAX_ROW = 1_048_576
CELL_REF_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?\d*")
INTEGER_RE = re.compile(r"[+-]?\d+")
PARSE_CHUNK_BYTES = 64 * 1024


class Row(NamedTuple):
    number: int  # the row's number in the sheet
    cells: tuple  # its values from column A to its last value (at most max_columns)


class Damaged(Exception):
    """The sheet's XML cannot be read as a worksheet."""


class Oversized(Exception):
    """A row holds more cells than a worksheet can have."""


class _Stop(Exception):
    pass


def _column(reference: str) -> int:
    match = CELL_REF_RE.fullmatch(reference)
    if match is None:
        raise Damaged
    index = 0
    for letter in match[1].upper():
        index = index * 26 + ord(letter) - 64
    if index > MAX_CELLS_PER_ROW:
        raise Damaged
    return index


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


class SheetParser:
    """Rows of a worksheet, given what openpyxl read of the workbook."""

    def __init__(self, *, shared_strings, date_styles, timedelta_styles, epoch, limits: WorkbookLimits):
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        self.from_excel, self.from_iso = from_excel, from_ISO8601
        self.shared_strings = shared_strings
        self.date_styles, self.timedelta_styles, self.epoch = date_styles, timedelta_styles, epoch
        self.max_columns = limits.max_columns
        self.row_number = 0
        self.finished: list[Row] = []
        self._reset_row()
        self._reset_cell()

    def _reset_row(self) -> None:
        self.cells: dict[int, object] = {}
        self.column = 0
        self.cell_count = 0

    def _reset_cell(self) -> None:
        self.in_cell = False
        self.type = "n"
        self.style = 0
        self.formula = False
        self.value: list[str] | None = None
        self.inline: list[str] | None = None
        self.collecting: list[str] | None = None
        self.text_size = 0
        self.phonetic = 0

    # expat handlers ------------------------------------------------------------------------------------------

    def start(self, name: str, attrs: dict) -> None:
        local = name.rpartition(":")[2]
        if local == "c":
            self._reset_cell()
            self.in_cell = True
            self.cell_count += 1
            if self.cell_count > MAX_CELLS_PER_ROW:
                raise Oversized
            reference = attrs.get("r")
            self.column = _column(reference) if reference else self.column + 1
            self.type = attrs.get("t", "n")
            style = attrs.get("s")
            if style:
                if not style.isdigit():
                    raise Damaged
                self.style = int(style)
        elif local == "row":
            self._reset_row()
            number = attrs.get("r")
            if number is None:
                self.row_number += 1
            elif number.isdigit() and 1 <= int(number) <= EXCEL_MAX_ROW:
                self.row_number = int(number)
            else:
                raise Damaged
        elif not self.in_cell:
            return
        elif local == "v":
            self.value = self.collecting = []
        elif local == "f":
            self.formula = True
        elif local == "is":
            self.inline = []
        elif local == "rPh":
            self.phonetic += 1
        elif local == "t" and self.inline is not None and not self.phonetic:
            self.collecting = self.inline

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local in ("v", "t"):
            self.collecting = None
        elif local == "rPh":
            self.phonetic -= 1
        elif local == "c":
            if self.column <= self.max_columns:
                value = self._cell_value()
                if value is not None:
                    self.cells[self.column] = value
            self._reset_cell()
        elif local == "row":
            if self.cells:
                width = max(self.cells)
                self.finished.append(Row(self.row_number, tuple(self.cells.get(i) for i in range(1, width + 1))))
            else:
                self.finished.append(Row(self.row_number, ()))
            self._reset_row()

    def text(self, data: str) -> None:
        if self.collecting is not None and self.text_size <= EXCEL_TEXT_MAX:
            self.collecting.append(data)
            self.text_size += len(data)

    @staticmethod
    def refuse_declarations(*args) -> None:
        raise Damaged

    # values -------------------------------------------------------------------------------------------------

    def _cell_value(self):
        kind = self.type
        if kind == "inlineStr":
            if self.inline:
                return "".join(self.inline)[: EXCEL_TEXT_MAX + 1]
            return FORMULA if self.formula else None
        text = "".join(self.value)[: EXCEL_TEXT_MAX + 1] if self.value else ""
        if not text:
            return FORMULA if self.formula else None
        try:
            return self._typed(kind, text)
        except (ValueError, IndexError, OverflowError, TypeError):
            raise Damaged from None

    def _typed(self, kind: str, text: str):
        if kind == "s":
            if not text.isdigit():
                raise ValueError(text)
            return self.shared_strings[int(text)]
        if kind == "str":
            return text
        if kind == "b":
            return bool(int(text))
        if kind == "e":
            return ExcelError(text)
        if kind == "d":
            return self.from_iso(text)
        if kind != "n":
            raise ValueError(kind)
        number = int(text) if INTEGER_RE.fullmatch(text) else float(text)
        if isinstance(number, float) and not math.isfinite(number):
            raise ValueError(text)
        if self.style in self.date_styles:
            try:
                return self.from_excel(number, self.epoch, timedelta=self.style in self.timedelta_styles)
            except (OverflowError, ValueError):
                return ExcelError("#VALUE!")
        return number

    # reading ------------------------------------------------------------------------------------------------

    def rows(self, stream, *, limits: WorkbookLimits, deadline: Deadline, on_too_many) -> Iterator[Row]:
        """The rows with a value, in order; stops after the data; *on_too_many()* is raised past ``max_rows``."""
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        parser.StartDoctypeDeclHandler = self.refuse_declarations
        parser.EntityDeclHandler = self.refuse_declarations
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        count, last_data = 0, 0
        try:
            while True:
                chunk = stream.read(PARSE_CHUNK_BYTES)
                parser.Parse(chunk, not chunk)
                deadline.check()
                for row in self.finished:
                    if not any(_filled(value) for value in row.cells):
                        if row.number - last_data > limits.empty_stretch:
                            raise _Stop
                        continue
                    if row.number - last_data > limits.empty_stretch:
                        raise _Stop
                    count += 1
                    if count > limits.max_rows:
                        raise on_too_many()
                    last_data = row.number
                    yield row
                self.finished.clear()
                if not chunk:
                    return
        except _Stop:
            return
        except expat.ExpatError:
            raise Damaged from None
