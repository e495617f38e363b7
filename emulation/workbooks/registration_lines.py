"""The registration workbook: the school's pre-filled template, reading a filled one back, and its checks.

An upload waits in :func:`uploads_for` its registration until the user commits or cancels;
:func:`commit_registration_import` reads and checks it again and, only when the whole file is free of
problems, hands its lines to :func:`~emulation.services.registrations.replace_lines`, the one state change
(the commit itself only glues the reader to it). Nothing is saved before.

Titles, forms and people are found by :mod:`.registration_checks`.
"""

import functools
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emulation.models import Award, Person, Registration
from emulation.selectors.organisation import active_staff
from emulation.selectors.registrations import individual_forms, individual_titles
from emulation.services.registrations import LineData, replace_lines

from .cells import CellError, Column, Problem, is_blank, read_text
from .dates import read_past_date
from .headers import Header, find_header
from .limits import WorkbookRefused
from .pending import Pending, PendingUploads
from .reading import open_workbook
from .registration_checks import Catalogue, Staff, staff_code
from .sheets import Row
from .tables import sheet_rows
from .writing import DATE_FORMAT, add_dropdown, cell_value, column_letter, list_range, sheet_title, write_header

NAME_MAX = 120
INITIATIVE_TITLE_MAX = 300
INITIATIVE_FIELD_MAX = 120
SPARE_ROWS = 50  # empty rows below the staff that keep the drop-down lists

COLUMNS = (
    Column("number", _("No."), 6),
    Column("full_name", _("Full name"), 28, required=True, reader=functools.partial(read_text, max_length=NAME_MAX)),
    Column("date_of_birth", _("Date of birth"), 13, reader=read_past_date, number_format=DATE_FORMAT),
    Column("position", _("Position"), 18),
    Column("title", _("Registered title"), 22, required=True),  # read by the catalogue
    Column("form", _("Registered form of commendation"), 28),  # read by the catalogue
    Column(
        "initiative_title", _("Initiative title"), 40,
        reader=functools.partial(read_text, max_length=INITIATIVE_TITLE_MAX),
    ),
    Column(
        "initiative_field", _("Initiative field"), 18,
        reader=functools.partial(read_text, max_length=INITIATIVE_FIELD_MAX),
    ),
    Column("person_id", _("Staff code (do not change)"), 10),
)  # fmt: skip
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
DATA_KEYS = ("title", "form", "initiative_title", "initiative_field")


def uploads_for(registration: Registration) -> PendingUploads:
    """The uploads waiting for *registration*: one per session."""
    return PendingUploads(f"registration-import:{registration.pk}")


def _template_letter(key: str) -> str:
    return column_letter([column.key for column in COLUMNS].index(key) + 1)


# --- results -------------------------------------------------------------------------------------------------


@dataclass
class LineRow:
    number: int
    name: str = ""
    person: Person | None = None
    title: Award | None = None
    form: Award | None = None
    initiative_title: str = ""
    initiative_field: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_blank(self) -> bool:
        return not (self.title or self.form or self.initiative_title or self.initiative_field)


@dataclass
class RegistrationImport:
    header: Header = field(default_factory=lambda: Header(row=None))
    rows: list[LineRow] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    refusal: str = ""  # why the workbook could not be read at all

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [problem for row in self.rows for problem in row.problems]

    @property
    def ok(self) -> bool:
        return not self.refusal and not self.problems

    @property
    def ignored(self) -> str:
        return self.header.ignored_message()

    @property
    def lines(self) -> list[LineData]:
        return [
            LineData(
                person=row.person,
                title=row.title,
                form=row.form,
                initiative_title=row.initiative_title,
                initiative_field=row.initiative_field,
            )  # fmt: skip
            for row in self.rows
            if row.person is not None and not row.is_blank
        ]


# --- reading -------------------------------------------------------------------------------------------------


def read_sheet(source, *, name: str = "") -> list[Row]:
    """The rows of the sheet holding the registration table, from any sheet, the active one first."""
    with open_workbook(source, name=name) as workbook:
        return sheet_rows(workbook, COLUMNS)


def _problem(row: LineRow, header: Header, key: str, message: str) -> None:
    index = header.positions.get(key)
    if index is None:
        row.problems.append(Problem(row.number, str(message)))
    else:
        row.problems.append(Problem.at(row.number, index, COLUMN_BY_KEY[key].label, message))


def _required_pair(first: Award | None, second: Award | None) -> tuple[Award | None, Award | None]:
    """(lower, higher) when one of the two titles is the title the other requires."""
    if first is None or second is None:
        return None, None
    if second.requires_id == first.pk:
        return first, second
    if first.requires_id == second.pk:
        return second, first
    return None, None


def _check_duplicates(result: RegistrationImport) -> None:
    first: dict[int, LineRow] = {}
    for row in result.rows:
        if row.person is None or row.is_blank:
            continue
        earlier = first.get(row.person.pk)
        if earlier is None:
            first[row.person.pk] = row
            continue
        params = {"name": row.person.full_name, "row": earlier.number}
        lower, higher = _required_pair(earlier.title, row.title)
        if lower is not None:
            params.update(lower=str(lower), higher=str(higher))
            message = gettext(
                "%(name)s is already on row %(row)s; %(higher)s includes %(lower)s: keep one row, with %(higher)s."
            )
        else:
            message = gettext("%(name)s is already on row %(row)s: keep one row per person.")
        _problem(row, result.header, "full_name", message % params)


def _read_line(cells: tuple, *, header: Header, number: int, catalogue: Catalogue, staff: Staff) -> LineRow | None:
    """The line a row holds, its problems named; None for a row of the template left unused."""

    def cell(key):
        index = header.positions.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    if all(is_blank(cell(key)) for key in ("full_name", *DATA_KEYS)):
        return None  # only the number (or the staff code) is left
    row = LineRow(number=number)
    readers = {"title": catalogue.title, "form": catalogue.form}

    def read(key):
        try:
            return readers.get(key, COLUMN_BY_KEY[key].read)(cell(key))
        except CellError as error:
            _problem(row, header, key, error.message)
            return None

    for key in DATA_KEYS:
        value = read(key)
        if value:
            setattr(row, key, value)
    if row.is_blank and not row.problems:
        return row
    try:
        row.name = COLUMN_BY_KEY["full_name"].read(cell("full_name"))
    except CellError as error:
        _problem(row, header, "full_name", error.message)
        return row
    if not row.name:
        _problem(row, header, "full_name", gettext("The full name is missing."))
        return row
    born = read("date_of_birth")
    try:
        row.person = staff.find(name=row.name, born=born, code=staff_code(cell("person_id")))
    except CellError as error:
        _problem(row, header, "full_name", error.message)
    return row


def read_registration_workbook(source, *, registration: Registration) -> RegistrationImport:
    """Check every row of *source* (a pending upload, read once, or a file) against the school; write nothing."""
    try:
        rows = (
            source.rows(functools.partial(read_sheet, name=source.name))
            if isinstance(source, Pending)
            else read_sheet(source)
        )
    except WorkbookRefused as refusal:
        return RegistrationImport(refusal=str(refusal))
    header = find_header(rows, COLUMNS)
    result = RegistrationImport(header=header, file_problems=list(header.problems))
    if header.problems:
        return result

    def letter(key: str) -> str:
        return header.letter(key) if key in header.positions else _template_letter(key)

    catalogue = Catalogue(Award.objects.filter(is_active=True), letter=letter)
    staff = Staff(registration.unit)
    for number, cells in rows:
        if number <= header.row:
            continue
        line = _read_line(cells, header=header, number=number, catalogue=catalogue, staff=staff)
        if line is not None:
            result.rows.append(line)
    _check_duplicates(result)
    return result


def commit_registration_import(*, source, registration: Registration, by) -> RegistrationImport:
    """Check *source* again and, when it has no problem at all, replace the lines in one transaction."""
    result = read_registration_workbook(source, registration=registration)
    if result.refusal:
        raise ValidationError(result.refusal, code="refused")
    if not result.ok:
        raise ValidationError(
            gettext("The workbook has problems; nothing was saved. Fix them and upload the file again."),
            code="problems",
        )
    replace_lines(registration=registration, lines=result.lines, by=by)
    return result


# --- the template ------------------------------------------------------------------------------------------


def lines_sheet_title() -> str:
    return sheet_title(gettext("Emulation registration"))


def lists_sheet_title() -> str:
    return sheet_title(gettext("Lists"))


def registration_workbook(*, registration: Registration):
    """The school's active staff, one row each with their current line, drop-down lists of titles and forms."""
    from openpyxl import Workbook

    staff = list(active_staff(registration.unit))
    lines = {line.person_id: line for line in registration.lines.select_related("title", "form")}
    titles = [str(award) for award in individual_titles()]
    forms = [str(award) for award in individual_forms()]

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = lines_sheet_title()
    write_header(sheet, [column.label for column in COLUMNS], [column.width for column in COLUMNS], freeze="C2")
    sheet.column_dimensions[_template_letter("person_id")].hidden = True
    for number, person in enumerate(staff, start=1):
        line = lines.get(person.pk)
        values = [
            number, person.full_name, person.date_of_birth, person.position,
            str(line.title) if line and line.title else None,
            str(line.form) if line and line.form else None,
            line.initiative_title if line else None,
            line.initiative_field if line else None,
            person.pk,
        ]  # fmt: skip
        sheet.append([cell_value(value) for value in values])
        sheet.cell(row=number + 1, column=3).number_format = DATE_FORMAT
    last_row = len(staff) + 1 + SPARE_ROWS

    lists = workbook.create_sheet(lists_sheet_title())
    write_header(lists, [gettext("Individual titles"), gettext("Individual forms of commendation")], [40, 40])
    for index in range(max(len(titles), len(forms))):
        lists.append(
            [cell_value(titles[index]) if index < len(titles) else None,
             cell_value(forms[index]) if index < len(forms) else None]
        )  # fmt: skip
    for key, column, count in (("title", 1, len(titles)), ("form", 2, len(forms))):
        if not count:
            continue
        letter = _template_letter(key)
        add_dropdown(
            sheet, cells=f"{letter}2:{letter}{last_row}", source=list_range(lists, column=column, first_row=2, last_row=count + 1),
            title=str(COLUMN_BY_KEY[key].label), message=gettext("Choose a value from the list."), warn_only=True,
        )  # fmt: skip
    return workbook
