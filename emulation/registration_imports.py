"""The registration workbook: the school's pre-filled template, reading a filled one back, and its checks.

The upload waits under ``VAR_DIR/imports/`` (the staff import's helpers store it) until the user commits or
cancels; :func:`commit_registration_import` reads and checks it again and replaces the lines in one
transaction, only when the whole file is free of problems. Nothing is saved before.

Titles and forms are found by their short name ("LĐTT") or full name ("Lao động tiên tiến"), without
accents or case. One cell may name a title with the title it requires ("LĐTT, CSTĐCS"): that is CSTĐCS.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emulation.selectors.registrations import individual_forms, individual_titles, school_staff
from emulation.services.registrations import LineData, replace_lines

from .enums import AwardKind
from .excel import DATE_FORMAT, column_letter, sheet_title
from .imports import MAX_ROWS, Problem, read_cells, uploaded_cells
from .models import Award, Registration
from .text import nfc, search_key

DATE_RE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
SPLIT_RE = re.compile(r"[,;+\n]+")
INITIATIVE_TITLE_MAX = 300
INITIATIVE_FIELD_MAX = 120
SPARE_ROWS = 50  # empty rows below the staff that keep the drop-down lists


@dataclass(frozen=True)
class Column:
    key: str
    label: object
    width: int


COLUMNS = (
    Column("number", _("No."), 6),
    Column("full_name", _("Full name"), 28),
    Column("date_of_birth", _("Date of birth"), 13),
    Column("position", _("Position"), 18),
    Column("title", _("Registered title"), 22),
    Column("form", _("Registered form of commendation"), 28),
    Column("initiative_title", _("Initiative title"), 40),
    Column("initiative_field", _("Initiative field"), 18),
    Column("person_id", _("Staff code (do not change)"), 10),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = ("full_name", "title")
DATA_KEYS = ("title", "form", "initiative_title", "initiative_field")


def _fold(value) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", search_key(str(value or ""))).split())


def _letter(key: str) -> str:
    return column_letter([column.key for column in COLUMNS].index(key) + 1)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


# --- results -------------------------------------------------------------------------------------------------


@dataclass
class LineRow:
    number: int
    name: str = ""
    person: object = None
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
    rows: list[LineRow] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [problem for row in self.rows for problem in row.problems]

    @property
    def ok(self) -> bool:
        return not self.problems

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


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


# --- the catalogue, by what people write ---------------------------------------------------------------------


class Catalogue:
    """Every active award, found by its short name, full name or code, accent- and case-insensitively."""

    def __init__(self, awards):
        self.awards = list(awards)
        self._found: dict[str, Award] = {}
        for award in self.awards:
            for text in (award.short_name, award.name, award.code):
                if text:
                    self._found.setdefault(_fold(text), award)

    def find(self, text: str) -> Award | None:
        return self._found.get(_fold(text))

    def title(self, value) -> Award | None:
        text = _text(value)
        parts = [part.strip() for part in SPLIT_RE.split(text) if part.strip()]
        if not parts:
            return None
        found = []
        for part in parts:
            award = self.find(part)
            if award is None:
                raise CellError(_("“%(value)s” is not an emulation title of the catalogue.") % {"value": part})
            if award.kind != AwardKind.TITLE:
                raise CellError(
                    _("“%(value)s” is a form of commendation, not a title: write it in column %(column)s.")
                    % {"value": part, "column": _letter("form")}
                )
            if not award.is_individual:
                raise CellError(_("“%(value)s” is a collective title, not a title for a person.") % {"value": part})
            found.append(award)
        # "LĐTT, CSTĐCS": a title written with the title it requires is the higher title.
        required = {award.requires_id for award in found if award.requires_id}
        highest = {award.pk: award for award in found if award.pk not in required}
        if len(highest) > 1:
            raise CellError(
                _("Register one title per person, not “%(value)s”.") % {"value": ", ".join(map(str, highest.values()))}
            )
        return next(iter(highest.values()))

    def form(self, value) -> Award | None:
        text = _text(value)
        parts = [part.strip() for part in SPLIT_RE.split(text) if part.strip()]
        if not parts:
            return None
        if len(parts) > 1:
            raise CellError(_("Register one form of commendation per person, not “%(value)s”.") % {"value": text})
        award = self.find(parts[0])
        if award is None:
            raise CellError(_("“%(value)s” is not a form of commendation of the catalogue.") % {"value": parts[0]})
        if award.kind != AwardKind.FORM:
            raise CellError(
                _("“%(value)s” is a title, not a form of commendation: write it in column %(column)s.")
                % {"value": parts[0], "column": _letter("title")}
            )
        if not award.is_individual:
            raise CellError(_("“%(value)s” is given only to collectives.") % {"value": parts[0]})
        return award


# --- the school's staff --------------------------------------------------------------------------------------


class Staff:
    """The school's active staff, found by staff code, or by full name (and date of birth when given)."""

    def __init__(self, unit):
        self.unit = unit
        self.people = list(school_staff(unit))
        self.by_id = {person.pk: person for person in self.people}
        self.by_name: dict[str, list] = {}
        for person in self.people:
            self.by_name.setdefault(_fold(person.full_name), []).append(person)

    def find(self, *, name: str, born: dt.date | None, code) -> object:
        try:
            person = self.by_id.get(int(code)) if code not in (None, "") else None
        except (TypeError, ValueError):
            person = None
        if person is not None and _fold(person.full_name) == _fold(name):
            return person
        matches = self.by_name.get(_fold(name), [])
        if born is not None:
            matches = [person for person in matches if person.date_of_birth == born]
        if len(matches) == 1:
            return matches[0]
        params = {"name": name, "unit": self.unit.name}
        if len(matches) > 1:
            raise CellError(_("Several staff members are named “%(name)s”: write the date of birth.") % params)
        if born is not None:
            params["date"] = born.strftime("%d/%m/%Y")
            raise CellError(_("“%(name)s”, born %(date)s, is not in the active staff of %(unit)s.") % params)
        raise CellError(_("“%(name)s” is not in the active staff of %(unit)s.") % params)


def _date(value) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = DATE_RE.match(str(value).strip())
    try:
        if not match:
            raise ValueError
        day, month, year = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(
            _("“%(value)s” is not a valid date; write it as dd/mm/yyyy.") % {"value": _text(value)}
        ) from None


# --- reading -------------------------------------------------------------------------------------------------


def _header_positions(header: tuple, result: RegistrationImport) -> dict[str, int]:
    known = {}
    for column in COLUMNS:
        texts = [column.key, str(column.label)]
        for language in ("vi", "en"):
            with translation.override(language):
                texts.append(str(column.label))
        for text in texts:
            known.setdefault(_fold(text), column.key)
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = known.get(_fold(cell)) if cell is not None else None
        if key is not None and key not in positions:
            positions[key] = index
    for key in REQUIRED:
        if key not in positions:
            result.file_problems.append(
                Problem(
                    1,
                    gettext("The column “%(header)s” is missing: download the template and copy the data into it.")
                    % {"header": COLUMN_BY_KEY[key].label},
                )
            )
    return positions


def _problem(row: LineRow, positions: dict[str, int], key: str, message: str) -> None:
    index = positions.get(key)
    row.problems.append(
        Problem(
            row.number,
            str(message),
            column=column_letter(index + 1) if index is not None else "",
            header=str(COLUMN_BY_KEY[key].label),
        )
    )


def _check_duplicates(result: RegistrationImport, positions: dict[str, int]) -> None:
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
            message = _(
                "%(name)s is already on row %(row)s; %(higher)s includes %(lower)s: keep one row, with %(higher)s."
            )
        else:
            message = _("%(name)s is already on row %(row)s: keep one row per person.")
        _problem(row, positions, "full_name", message % params)


def _required_pair(first: Award | None, second: Award | None) -> tuple[Award | None, Award | None]:
    """(lower, higher) when one of the two titles is the title the other requires."""
    if first is None or second is None:
        return None, None
    if second.requires_id == first.pk:
        return first, second
    if first.requires_id == second.pk:
        return second, first
    return None, None


def read_registration_workbook(source, *, registration: Registration) -> RegistrationImport:
    """Check every row of *source* (a stored upload's path or a file) against the school; write nothing."""

    header, lines = uploaded_cells(source) if isinstance(source, Path) else read_cells(source)
    result = RegistrationImport()
    positions = _header_positions(tuple(header), result)
    if result.file_problems:
        return result
    if len(lines) > MAX_ROWS:
        message = gettext("The workbook has more than %(count)s rows: split it into several files.") % {
            "count": MAX_ROWS
        }
        result.file_problems.append(Problem(lines[MAX_ROWS][0], message))
        return result
    staff = Staff(registration.unit)
    catalogue = Catalogue(Award.objects.filter(is_active=True))

    for number, cells in lines:

        def cell(key, cells=cells):
            index = positions.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        row = LineRow(number=number, name=_text(cell("full_name")))
        if not any(_text(cell(key)) for key in ("full_name", *DATA_KEYS)):
            continue  # only the STT (or the staff code) is left: an unused row of the template

        def check(key, clean, row=row):
            try:
                return clean()
            except CellError as error:
                _problem(row, positions, key, error.message)
                return None

        row.title = check("title", lambda: catalogue.title(cell("title")))
        row.form = check("form", lambda: catalogue.form(cell("form")))
        row.initiative_title = _text(cell("initiative_title"))
        row.initiative_field = _text(cell("initiative_field"))
        for key, limit in (("initiative_title", INITIATIVE_TITLE_MAX), ("initiative_field", INITIATIVE_FIELD_MAX)):
            if len(getattr(row, key)) > limit:
                _problem(row, positions, key, gettext("Too long: at most %(limit)s characters.") % {"limit": limit})
        has_data = bool(row.title or row.form or row.initiative_title or row.initiative_field) or bool(row.problems)
        if has_data:
            if not row.name:
                _problem(row, positions, "full_name", _("The full name is missing."))
            else:
                born = check("date_of_birth", lambda: _date(cell("date_of_birth")))
                row.person = check(
                    "full_name",
                    lambda born=born, name=row.name: staff.find(name=name, born=born, code=cell("person_id")),
                )
        result.rows.append(row)
    _check_duplicates(result, positions)
    return result


def commit_registration_import(*, source, registration: Registration, by) -> RegistrationImport:
    """Check *source* again and, when it has no problem at all, replace the lines in one transaction."""
    result = read_registration_workbook(source, registration=registration)
    if not result.ok:
        raise ValidationError(
            gettext("The workbook has problems; nothing was saved. Fix them and upload the file again.")
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
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    staff = list(school_staff(registration.unit))
    lines = {line.person_id: line for line in registration.lines.select_related("title", "form")}
    titles = list(individual_titles())
    forms = list(individual_forms())

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = lines_sheet_title()
    sheet.append([str(column.label) for column in COLUMNS])
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[column_letter(index)].width = column.width
    sheet.column_dimensions[_letter("person_id")].hidden = True
    sheet.freeze_panes = "C2"
    for number, person in enumerate(staff, start=1):
        line = lines.get(person.pk)
        sheet.append(
            [
                number, person.full_name, person.date_of_birth, person.position,
                str(line.title) if line and line.title else None,
                str(line.form) if line and line.form else None,
                line.initiative_title if line else None,
                line.initiative_field if line else None,
                person.pk,
            ]
        )  # fmt: skip
        sheet.cell(row=number + 1, column=3).number_format = DATE_FORMAT
    last_row = len(staff) + 1 + SPARE_ROWS

    lists = workbook.create_sheet(lists_sheet_title())
    lists.append([gettext("Individual titles"), gettext("Individual forms of commendation")])
    for index in (1, 2):
        lists.cell(row=1, column=index).font = Font(bold=True)
        lists.column_dimensions[column_letter(index)].width = 40
    for index in range(max(len(titles), len(forms))):
        lists.append(
            [str(titles[index]) if index < len(titles) else None, str(forms[index]) if index < len(forms) else None]
        )
    quoted = lists.title.replace("'", "''")
    for key, letter, count in (("title", "A", len(titles)), ("form", "B", len(forms))):
        if not count:
            continue
        rule = DataValidation(
            type="list", formula1=f"'{quoted}'!${letter}$2:${letter}${count + 1}", allow_blank=True,
            showErrorMessage=True, errorStyle="warning",
        )  # fmt: skip
        rule.errorTitle = str(COLUMN_BY_KEY[key].label)
        rule.error = gettext("Choose a value from the list.")
        rule.add(f"{_letter(key)}2:{_letter(key)}{last_row}")
        sheet.add_data_validation(rule)
    return workbook
