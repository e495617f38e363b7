"""Excel in and out, for every app: one reader of uploads with its guards, one set of cell readers, one writer.

* :mod:`.cells` — :class:`Column`, :class:`Problem`, :class:`CellError` and the cell readers;
* :mod:`.dates` — the one rule for a date in a cell;
* :mod:`.headers` — finding the header row and mapping its columns;
* :mod:`.reading` — :func:`open_workbook` / :func:`read_rows`, guarded by :mod:`.guard` and :mod:`.limits`;
* :mod:`.tables` — a sheet read as records of columns;
* :mod:`.writing` — inert text, styled headers, drop-downs, responses and file names;
* :mod:`.roundtrip` — the template of some columns, and the rows still to fix;
* :mod:`.pending` — an upload waiting between preview and commit.

On them, one module per workbook: :mod:`.staff` (its checks in :mod:`.staff_checks`) and :mod:`.staff_list`,
:mod:`.registration_lines` (its checks in :mod:`.registration_checks`) and :mod:`.registration_list`,
:mod:`.councils`.
"""

from .cells import FORMULA, CellError, Choice, Column, ExcelError, Problem
from .headers import Header, find_header
from .limits import WorkbookLimits, WorkbookRefused
from .reading import Workbook, open_workbook, read_rows
from .sheets import Row
from .tables import Record, Table, read_table

__all__ = [
    "FORMULA", "CellError", "Choice", "Column", "ExcelError", "Header", "Problem", "Record", "Row", "Table",
    "Workbook", "WorkbookLimits", "WorkbookRefused", "find_header", "open_workbook", "read_rows", "read_table",
]  # fmt: skip
