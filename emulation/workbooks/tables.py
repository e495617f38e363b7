"""A sheet read as a table: the header found, then every row below it read column by column.

The data need not be on the first sheet: :func:`sheet_rows` tries the sheets, the active one first, and
keeps the first whose header names every required column (or, when none does, the one naming the most).
Nothing is written anywhere: the caller decides what to do with the valid records and shows the problems.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from .cells import CellError, Column, Problem
from .headers import HEADER_SEARCH_ROWS, Header, find_header
from .limits import WorkbookLimits
from .reading import Workbook, open_workbook
from .sheets import Row


@dataclass
class Record:
    number: int  # the row's number in the sheet
    cells: tuple  # as written
    values: dict = field(default_factory=dict)  # key → the value its column's reader gave
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Table:
    header: Header
    records: list[Record] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)

    @property
    def valid_records(self) -> list[Record]:
        return [record for record in self.records if record.ok] if not self.file_problems else []

    @property
    def problem_records(self) -> list[Record]:
        return [record for record in self.records if not record.ok]

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [problem for record in self.records for problem in record.problems]


def read_record(row: Row, header: Header, columns: Sequence[Column]) -> Record:
    """Each column's reader on its cell of *row*; a column the header lacks reads an empty cell."""
    record = Record(number=row.number, cells=row.cells)
    for column in columns:
        index = header.positions.get(column.key)
        value = row.cells[index] if index is not None and index < len(row.cells) else None
        try:
            record.values[column.key] = column.read(value)
        except CellError as error:
            if index is None:
                record.problems.append(Problem(row.number, error.message))
            else:
                record.problems.append(Problem.at(row.number, index, column.label, error.message))
    return record


def table_from_rows(rows: Sequence[Row], columns: Sequence[Column], *, search_rows: int = HEADER_SEARCH_ROWS) -> Table:
    header = find_header(rows, columns, search_rows=search_rows)
    table = Table(header=header, file_problems=list(header.problems))
    if header.row is None or header.problems:
        return table
    table.records = [read_record(row, header, columns) for row in rows if row.number > header.row]
    if not table.records:
        table.file_problems.append(Problem(header.row, gettext("The sheet has no rows below the header.")))
    return table


def _score(header: Header, columns: Sequence[Column]) -> tuple[int, int]:
    return (sum(1 for column in columns if column.required and column.key in header.positions), len(header.positions))


def sheet_rows(workbook: Workbook, columns: Sequence[Column], *, search_rows: int = HEADER_SEARCH_ROWS) -> list[Row]:
    """The rows of the sheet holding the table of *columns*: the first, active sheet first, whose header is whole.

    When no sheet's header names every required column, the first rows of the sheet naming the most are
    returned (enough for :func:`find_header` to say what is missing).
    """
    best, best_score = None, (-1, -1)
    for index in workbook.sheet_order():
        rows = workbook.rows(index)
        head = list(itertools.islice(rows, search_rows))
        header = find_header(head, columns, search_rows=search_rows)
        if header.ok:
            return head + list(rows)
        rows.close()
        score = _score(header, columns)
        if score > best_score:
            best, best_score = head, score
    return best or []


def read_table(
    source, *, columns: Sequence[Column], name: str = "", limits: WorkbookLimits | None = None,
    sheet: int | str | None = 0, search_rows: int = HEADER_SEARCH_ROWS,
) -> Table:  # fmt: skip
    """Read one sheet of *source* (None: the one holding the table) as a table of *columns*.

    Raises :class:`~.limits.WorkbookRefused` when the workbook cannot be read.
    """
    with open_workbook(source, name=name, limits=limits) as workbook:
        rows = sheet_rows(workbook, columns, search_rows=search_rows) if sheet is None else list(workbook.rows(sheet))
    return table_from_rows(rows, columns, search_rows=search_rows)
