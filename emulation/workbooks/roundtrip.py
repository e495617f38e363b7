"""The files a user fills in and sends back: the empty template of some columns, and the rows still to fix.

A template has the columns' labels in the active language (the header finder reads either language back),
their widths and number formats, an optional example row in grey, and a drop-down list on every column
read by a :class:`~.cells.Choice`. The rows to fix are written as they were uploaded, with a last column
saying what is wrong; fixed, the same file can be uploaded again.

openpyxl is imported inside the functions that use it (it is slow to import).
"""

from collections.abc import Sequence

from django.utils.translation import gettext

from .cells import FORMULA, Choice, Column
from .tables import Table
from .writing import add_dropdown, cell_value, column_letter, sheet_title, write_header, write_only_cell

TEMPLATE_ROWS = 10_000  # rows below the header that keep the formats and the drop-down lists
EXAMPLE_COLOR = "808080"


def template_workbook(columns: Sequence[Column], *, title: str, example: dict | None = None, rows: int = TEMPLATE_ROWS):
    """A workbook of one sheet, *title*, ready to be filled in; *example* (key → value) is its second row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    write_header(sheet, [column.label for column in columns], [column.width for column in columns])
    for index, column in enumerate(columns, start=1):
        if column.number_format:
            sheet.column_dimensions[column_letter(index)].number_format = column.number_format
    if example:
        italic = Font(italic=True, color=EXAMPLE_COLOR)
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=2, column=index, value=cell_value(example.get(column.key)))
            cell.font = italic
            if column.number_format:
                cell.number_format = column.number_format
    lists = None
    for index, column in enumerate(columns, start=1):
        if isinstance(column.reader, Choice):
            if lists is None:
                lists = workbook.create_sheet(sheet_title(gettext("Lists")))
            letter = column_letter(index)
            add_dropdown(
                sheet, cells=f"{letter}2:{letter}{rows + 1}", values=[str(label) for label in column.reader.choices.labels],
                title=str(column.label), message=gettext("Choose a value from the list."), lists=lists,
            )  # fmt: skip
    if lists is not None and lists.max_row == 1 and lists["A1"].value is None:
        workbook.remove(lists)  # every list fitted inline
    return workbook


def problem_rows_workbook(table: Table, *, title: str):
    """The rows of *table* with a problem, as written, and a last column saying what to fix (write-only)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    width = max([len(table.header.cells), *(len(record.cells) for record in table.problem_records)])
    header = [_written(value) for value in table.header.cells] + [None] * (width - len(table.header.cells))
    write_header(sheet, [*("" if value is None else value for value in header), gettext("Problems to fix")])
    for record in table.problem_records:
        cells = [_written(value) for value in record.cells] + [None] * (width - len(record.cells))
        messages = "\n".join(str(problem) for problem in record.problems)
        sheet.append([*(write_only_cell(sheet, value) for value in cells), write_only_cell(sheet, messages)])
    return workbook


def _written(value):
    """A cell as uploaded, as it can be written again: a formula without its value leaves the cell empty."""
    return None if value is FORMULA else value
