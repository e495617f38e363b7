"""The staff workbook: its columns, its template, reading an upload and checking every row, the rows to fix.

An upload waits in :data:`UPLOADS` until the user commits or cancels; nothing reaches the staff table before
:func:`emulation.services.staff.commit_staff_import`, which reads and checks the file again (the data may
have changed since the preview). The sheet is found by its header (below title rows, on any sheet), and
the columns the template does not have are named as ignored. Rows with a problem are skipped and listed;
the user can download them (:func:`problems_workbook`), fix them and upload that file.
"""

import datetime as dt
import functools
from dataclasses import dataclass, replace

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emulation.enums import Sex, StaffCategory

from .cells import CellError, Choice, Column, Problem, read_email, read_id_number, read_name, read_phone, read_text
from .dates import read_past_date
from .headers import Header
from .limits import WorkbookRefused
from .pending import Pending, PendingUploads
from .reading import open_workbook
from .roundtrip import TEMPLATE_ROWS, problem_rows_workbook, template_workbook
from .sheets import Row
from .staff_checks import UnitTargets, check_duplicates, units_sheet_title
from .tables import Table, sheet_rows, table_from_rows
from .writing import (
    DATE_FORMAT,
    TEXT_FORMAT,
    add_dropdown,
    cell_value,
    column_letter,
    list_range,
    sheet_title,
    write_header,
)

UPLOADS = PendingUploads("staff-import")
NAME_MAX = 120


def read_full_name(value) -> str:
    """A person's full name: a name (:func:`~.cells.read_name`) of at least two words."""
    name = read_name(value, max_length=NAME_MAX, required=False)
    if not name:
        raise CellError(gettext("The full name is missing."))
    if len(name.split(" ")) < 2:
        raise CellError(gettext("Enter the full name: family name and given name."))
    return name


COLUMNS = (
    Column(
        "full_name", _("Full name"), 28, required=True, reader=read_full_name, aliases=("ho ten", "ho va ten day du")
    ),
    Column("sex", _("Sex"), 10, required=True, reader=Choice(Sex), aliases=("gioi",)),
    Column(
        "date_of_birth", _("Date of birth"), 13, reader=read_past_date, aliases=("ngay thang nam sinh",),
        number_format=DATE_FORMAT,
    ),
    Column("unit", _("Unit"), 40, aliases=("truong", "don vi cong tac")),  # its reader: the user's units
    Column("position", _("Position"), 22, reader=functools.partial(read_text, max_length=NAME_MAX)),
    Column("category", _("Category"), 13, required=True, reader=Choice(StaffCategory)),
    Column(
        "sector_start_date", _("Date of entering the sector"), 15, reader=read_past_date,
        aliases=("ngay vao nganh giao duc",), number_format=DATE_FORMAT,
    ),
    Column(
        "national_id", _("Identity number"), 15, reader=read_id_number,
        aliases=("cccd", "so cmnd", "cmnd", "so dinh danh", "so cccd/cmnd"), number_format=TEXT_FORMAT,
    ),
    Column("email", _("Email"), 26, reader=read_email, aliases=("e-mail", "thu dien tu")),
    Column(
        "phone", _("Phone"), 14, reader=read_phone, aliases=("so dien thoai", "dien thoai di dong"),
        number_format=TEXT_FORMAT,
    ),
)  # fmt: skip

# The example row of the template (data, not interface text). An uploaded row equal to it is skipped.
EXAMPLE = {
    "full_name": "Nguyễn Thị Mai",
    "sex": Sex.FEMALE,
    "date_of_birth": dt.date(1985, 5, 17),
    "position": "Giáo viên",
    "category": StaffCategory.TEACHER,
    "sector_start_date": dt.date(2007, 9, 1),
    "national_id": "074185000123",
    "email": "mai.nt@example.edu.vn",
    "phone": "0912345678",
}


def staff_sheet_title() -> str:
    return sheet_title(gettext("Staff list"))


def staff_columns(targets: UnitTargets) -> tuple[Column, ...]:
    """The columns as *targets*' user reads them: the unit among theirs, required unless they have one only."""
    return tuple(
        replace(column, reader=targets.read, required=targets.only is None) if column.key == "unit" else column
        for column in COLUMNS
    )


@dataclass
class StaffImport(Table):
    """What the workbook holds for a user: the records, their problems, the rows skipped, or why it was refused."""

    example_row: int | None = None  # the template's example row, skipped
    refusal: str = ""  # why the workbook could not be read at all
    created: int = 0  # people written by the commit

    @property
    def ignored(self) -> str:
        return self.header.ignored_message()


def read_sheet(source, *, name: str = "") -> list[Row]:
    """The rows of the sheet holding the staff table, from any sheet, the active one first."""
    with open_workbook(source, name=name) as workbook:
        return sheet_rows(workbook, COLUMNS)


def _is_example(values: dict) -> bool:
    return values.get("full_name") == EXAMPLE["full_name"] and values.get("national_id") == EXAMPLE["national_id"]


def _check_dates(table: Table, columns) -> None:
    label = next(column.label for column in columns if column.key == "sector_start_date")
    for record in table.records:
        born, entered = record.values.get("date_of_birth"), record.values.get("sector_start_date")
        if born and entered and entered <= born:
            message = gettext("The date of entering the sector must be after the date of birth.")
            index = table.header.positions["sector_start_date"]
            record.problems.append(Problem.at(record.number, index, label, message))


def read_staff_workbook(source, *, user) -> StaffImport:
    """Read *source* (a pending upload, whose rows are read once, or a file) and check every row; write nothing."""
    targets = UnitTargets.for_user(user)
    columns = staff_columns(targets)
    try:
        rows = (
            source.rows(functools.partial(read_sheet, name=source.name))
            if isinstance(source, Pending)
            else read_sheet(source)
        )
    except WorkbookRefused as refusal:
        return StaffImport(header=Header(row=None), refusal=str(refusal))
    table = table_from_rows(rows, columns)
    result = StaffImport(header=table.header, file_problems=table.file_problems)
    if result.file_problems:
        return result
    for record in table.records:
        if result.example_row is None and _is_example(record.values):
            result.example_row = record.number
        else:
            result.records.append(record)
    if not result.records:
        result.file_problems.append(Problem(table.header.row, gettext("The sheet has no rows below the header.")))
        return result
    _check_dates(result, columns)
    check_duplicates(result.records, result.header, columns)
    return result


def staff_template_workbook(*, user):
    """The empty staff workbook: headers, one example row, drop-down lists, and a sheet of the user's units."""
    targets = UnitTargets.for_user(user)
    example = {
        **EXAMPLE,
        "sex": str(Sex(EXAMPLE["sex"]).label),
        "category": str(StaffCategory(EXAMPLE["category"]).label),
        "unit": targets.label(targets.units[0]) if targets.units else "",
    }
    workbook = template_workbook(COLUMNS, title=staff_sheet_title(), example=example)
    sheet = workbook.worksheets[0]
    units = workbook.create_sheet(units_sheet_title())
    write_header(units, [gettext("Unit"), gettext("Document symbol"), gettext("Managed by")], [48, 16, 48])
    for unit in targets.units:
        managed_by = unit.parent.name if unit.parent_id else ""
        units.append([cell_value(targets.label(unit)), cell_value(unit.symbol), cell_value(managed_by)])
    if targets.units:
        letter = column_letter(next(index for index, column in enumerate(COLUMNS, start=1) if column.key == "unit"))
        add_dropdown(
            sheet, cells=f"{letter}2:{letter}{TEMPLATE_ROWS + 1}",
            source=list_range(units, column=1, first_row=2, last_row=len(targets.units) + 1),
            title=str(gettext("Unit")), message=gettext("Choose a value from the list."),
        )  # fmt: skip
    return workbook


def problems_workbook(result: StaffImport):
    """The rows that were not imported, as they were written, with a last column saying what to fix."""
    return problem_rows_workbook(result, title=staff_sheet_title())
