"""The staff workbook: its template, reading an upload, checking every row, and writing the good rows.

The uploaded file waits under ``VAR_DIR/imports/`` until the user commits or cancels: nothing reaches the
staff table before :func:`commit_staff_import`, which reads and checks the file again (the data may have
changed since the preview) and writes every valid row in one transaction. Rows with a problem are skipped
and listed; the user can download them (:func:`problem_rows_workbook`), fix them and upload that file.
"""

import contextlib
import datetime as dt
import functools
import json
import re
import secrets
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from emulation.selectors.organisation import units_visible_to

from .enums import Sex, StaffCategory
from .excel import DATE_FORMAT, TEXT_FORMAT, column_letter, load_workbook, sheet_title
from .models import Person, Unit
from .text import nfc, search_key, sort_name

MAX_ROWS = 10_000
BATCH_SIZE = 500
UPLOAD_LIFETIME = dt.timedelta(days=1)
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
NAME_MAX = 120
PHONE_RE = re.compile(r"^\+?[0-9 ().-]+$")
DATE_RE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
EARLIEST_DATE = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    width: int
    aliases: tuple[str, ...] = ()  # other headers people write, folded (lower case, no accents)


COLUMNS = (
    Column("full_name", _("Full name"), 28, ("ho ten", "ho va ten day du")),
    Column("sex", _("Sex"), 10, ("gioi",)),
    Column("date_of_birth", _("Date of birth"), 13, ("ngay thang nam sinh",)),
    Column("unit", _("Unit"), 40, ("truong", "don vi cong tac")),
    Column("position", _("Position"), 22),
    Column("category", _("Category"), 13),
    Column("sector_start_date", _("Date of entering the sector"), 15, ("ngay vao nganh giao duc",)),
    Column("national_id", _("Identity number"), 15, ("cccd", "so cmnd", "cmnd", "so dinh danh", "so cccd/cmnd")),
    Column("email", _("Email"), 26, ("e-mail", "thu dien tu")),
    Column("phone", _("Phone"), 14, ("so dien thoai", "dien thoai di dong")),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED_COLUMNS = ("full_name", "sex", "category")

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


@functools.lru_cache(maxsize=4096, typed=True)
def _fold(value) -> str:
    """Header and choice matching: no accents, no case, no bracketed notes, single spaces."""
    text = re.sub(r"\(.*?\)", " ", search_key(str(value or "")))
    return " ".join(re.sub(r"[^a-z0-9/@.+-]+", " ", text).split())


@functools.lru_cache(maxsize=4096)
def _fold_name(value: str) -> str:
    return search_key(value)


def _in_languages(label) -> list[str]:
    """*label* (lazy) in the active language, Vietnamese and English: a file may come from either UI."""
    texts = [str(label)]
    for language in ("vi", "en"):
        with translation.override(language):
            texts.append(str(label))
    return texts


# --- problems and results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    row: int
    message: str
    column: str = ""  # letter, empty when the problem is the whole row or the whole file
    header: str = ""

    def __str__(self) -> str:
        if self.column:
            return gettext("Row %(row)s, column %(column)s (%(header)s): %(message)s") % {
                "row": self.row,
                "column": self.column,
                "header": self.header,
                "message": self.message,
            }
        return gettext("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class StaffRow:
    number: int
    cells: tuple
    values: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class StaffImport:
    rows: list[StaffRow] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)
    header: tuple = ()
    example_row: int | None = None
    created: int = 0

    @property
    def valid_rows(self) -> list[StaffRow]:
        return [row for row in self.rows if row.ok] if not self.file_problems else []

    @property
    def problem_rows(self) -> list[StaffRow]:
        return [row for row in self.rows if not row.ok]

    @property
    def problems(self) -> list[Problem]:
        return self.file_problems + [problem for row in self.rows for problem in row.problems]


class ImportConflict(Exception):
    """The staff table changed between the check and the write; nothing was written."""


# --- units a user may import into --------------------------------------------------------------------------


class UnitTargets:
    """The active units where *user* may edit staff, found by name, by "name (symbol)" or by symbol."""

    def __init__(self, units: list[Unit]):
        self.units = units
        by_name = defaultdict(list)
        for unit in units:
            by_name[_fold(unit.name)].append(unit)
        self.labels = {}
        self._found = defaultdict(set)
        for unit in units:
            unique = len(by_name[_fold(unit.name)]) == 1
            self.labels[unit.pk] = unit.name if unique else f"{unit.name} ({unit.symbol})"
            for key in (unit.name, f"{unit.name} ({unit.symbol})", unit.symbol):
                self._found[_fold_name(key)].add(unit)

    @classmethod
    def for_user(cls, user) -> "UnitTargets":
        visible = units_visible_to(user).filter(is_active=True).select_related("parent").order_by("path")
        return cls([unit for unit in visible if user.has_perm("emulation.manage_staff_unit", unit)])

    @property
    def only(self) -> Unit | None:
        return self.units[0] if len(self.units) == 1 else None

    def label(self, unit: Unit) -> str:
        return self.labels[unit.pk]

    def find(self, text: str) -> set[Unit]:
        return set(self._found.get(_fold_name(text), ()))


# --- cell values ---------------------------------------------------------------------------------------------


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def _shown(value) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return _shown(value)
    return nfc(str(value))


def _limited(value: str, limit: int) -> str:
    if len(value) > limit:
        raise CellError(_("Too long: at most %(limit)s characters.") % {"limit": limit})
    return value


def _date(value, today: dt.date) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        parsed = value.date()
    elif isinstance(value, dt.date):
        parsed = value
    else:
        text = str(value).strip()
        match = DATE_RE.match(text) if isinstance(value, str) else None
        iso = ISO_DATE_RE.match(text) if isinstance(value, str) else None
        try:
            if match:
                day, month, year = (int(part) for part in match.groups())
            elif iso:
                year, month, day = (int(part) for part in iso.groups())
            else:
                raise ValueError
            parsed = dt.date(year, month, day)
        except ValueError:
            raise CellError(
                _("“%(value)s” is not a valid date; write it as dd/mm/yyyy.") % {"value": _shown(value)}
            ) from None
    if parsed < EARLIEST_DATE:
        raise CellError(_("“%(value)s” is not a valid date; write it as dd/mm/yyyy.") % {"value": _shown(value)})
    if parsed > today:
        raise CellError(_("%(value)s is in the future.") % {"value": _shown(parsed)})
    return parsed


class ChoiceColumn:
    """A cell holding one of *choices*, written as its label in Vietnamese or English, or its value."""

    def __init__(self, choices):
        self.labels = ", ".join(str(label) for label in choices.labels)
        self.values = {}
        for choice in choices:
            for text in (choice.value, *_in_languages(choice.label)):
                self.values.setdefault(_fold(text), choice.value)

    def __call__(self, value) -> str:
        text = _text(value)
        if not text:
            raise CellError(_("Missing: write one of %(choices)s.") % {"choices": self.labels})
        try:
            return self.values[_fold(text)]
        except KeyError:
            raise CellError(
                _("“%(value)s” is not one of %(choices)s.") % {"value": text, "choices": self.labels}
            ) from None


def _national_id(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        # Excel drops the leading zero of a number typed into a number cell: 74185000123 → 074185000123.
        if len(text) in (8, 11):
            text = "0" + text
    else:
        text = re.sub(r"[\s.]", "", _text(value))
    if text and (not text.isdigit() or len(text) not in (9, 12)):
        raise CellError(
            _("“%(value)s” is not an identity number: it has 12 digits (9 for an old identity card).")
            % {"value": _shown(value)}
        )
    return text


def _phone(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value)
    if isinstance(value, int) and not text.startswith("0") and len(text) == 9:
        text = "0" + text  # the leading zero Excel dropped
    if not text:
        return ""
    digits = re.sub(r"\D", "", text)
    if not PHONE_RE.match(text) or not 8 <= len(digits) <= 15 or len(text) > 20:
        raise CellError(_("“%(value)s” is not a phone number.") % {"value": text})
    return text


def _email(value) -> str:
    text = _text(value).lower()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(_("“%(value)s” is not an e-mail address.") % {"value": text}) from None
    return text


# --- reading -------------------------------------------------------------------------------------------------


def _header_keys() -> dict[str, str]:
    keys = {}
    for column in COLUMNS:
        for text in (column.key, *_in_languages(column.label), *column.aliases):
            keys.setdefault(_fold(text), column.key)
    return keys


def _map_header(header: tuple, targets: UnitTargets, result: StaffImport) -> dict[str, int]:
    known = _header_keys()
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = known.get(_fold(cell)) if cell is not None else None
        if key is None:
            continue  # other columns (STT, notes, status of an export) are ignored
        if key in positions:
            result.file_problems.append(
                Problem(
                    1,
                    _("The column “%(header)s” appears twice (columns %(first)s and %(second)s).")
                    % {
                        "header": COLUMN_BY_KEY[key].label,
                        "first": column_letter(positions[key] + 1),
                        "second": column_letter(index + 1),
                    },
                )
            )
            continue
        positions[key] = index
    required = [*REQUIRED_COLUMNS, *([] if targets.only else ["unit"])]
    for key in required:
        if key not in positions:
            result.file_problems.append(
                Problem(
                    1,
                    _("The column “%(header)s” is missing: download the template and copy the data into it.")
                    % {"header": COLUMN_BY_KEY[key].label},
                )
            )
    return positions


@dataclass
class _Checks:
    positions: dict[str, int]
    targets: UnitTargets
    today: dt.date
    sex: ChoiceColumn = field(default_factory=lambda: ChoiceColumn(Sex))
    category: ChoiceColumn = field(default_factory=lambda: ChoiceColumn(StaffCategory))


def _check_row(row: StaffRow, checks: _Checks) -> None:
    values, positions, targets = row.values, checks.positions, checks.targets

    def cell(key):
        index = positions.get(key)
        return row.cells[index] if index is not None and index < len(row.cells) else None

    def check(key, clean):
        try:
            values[key] = clean(cell(key))
        except CellError as error:
            index = positions.get(key)
            row.problems.append(
                Problem(
                    row.number,
                    error.message,
                    column=column_letter(index + 1) if index is not None else "",
                    header=str(COLUMN_BY_KEY[key].label),
                )
            )

    def full_name(value):
        name = _text(value)
        if not name:
            raise CellError(_("The full name is missing."))
        if len(name.split(" ")) < 2:
            raise CellError(_("Enter the full name: family name and given name."))
        return _limited(name, NAME_MAX)

    def unit(value):
        text = _text(value)
        if not text:
            if targets.only:
                return targets.only
            raise CellError(_("The unit is missing."))
        found = targets.find(text)
        if len(found) > 1:
            raise CellError(
                _("“%(value)s” names several units: write the name as in the sheet “%(sheet)s”.")
                % {"value": text, "sheet": units_sheet_title()}
            )
        if not found:
            raise CellError(
                _("“%(value)s” is not a unit whose staff you may import; see the sheet “%(sheet)s”.")
                % {"value": text, "sheet": units_sheet_title()}
            )
        return found.pop()

    check("full_name", full_name)
    check("sex", checks.sex)
    check("date_of_birth", lambda value: _date(value, checks.today))
    check("unit", unit)
    check("position", lambda value: _limited(_text(value), NAME_MAX))
    check("category", checks.category)
    check("sector_start_date", lambda value: _date(value, checks.today))
    check("national_id", _national_id)
    check("email", lambda value: _limited(_email(value), 254))
    check("phone", _phone)
    born, entered = values.get("date_of_birth"), values.get("sector_start_date")
    if born and entered and entered <= born:
        index = positions["sector_start_date"]
        row.problems.append(
            Problem(
                row.number,
                gettext("The date of entering the sector must be after the date of birth."),
                column=column_letter(index + 1),
                header=str(COLUMN_BY_KEY["sector_start_date"].label),
            )
        )


def _is_example(values: dict) -> bool:
    return values.get("full_name") == EXAMPLE["full_name"] and values.get("national_id") == EXAMPLE["national_id"]


def _column_problem(row: StaffRow, positions: dict[str, int], key: str, message: str) -> None:
    index = positions[key]
    row.problems.append(
        Problem(row.number, message, column=column_letter(index + 1), header=str(COLUMN_BY_KEY[key].label))
    )


def _person_key(values: dict) -> tuple | None:
    if "full_name" not in values or "unit" not in values or "date_of_birth" not in values:
        return None
    return (values["unit"].pk, values["full_name"].casefold(), values["date_of_birth"])


def _check_duplicates(result: StaffImport, positions: dict[str, int]) -> None:
    """The same person twice (name, date of birth, unit) or an identity number twice, in the file or the table."""
    rows = [row for row in result.rows if _person_key(row.values)]
    unit_ids = {row.values["unit"].pk for row in rows}
    existing = {
        (unit_id, name.casefold(), born)
        for unit_id, name, born in Person.objects.filter(unit_id__in=unit_ids).values_list(
            "unit_id", "full_name", "date_of_birth"
        )
    }
    first_row: dict[tuple, int] = {}
    for row in rows:
        key = _person_key(row.values)
        values = row.values
        if key in existing:
            params = {"name": values["full_name"], "unit": values["unit"].name}
            if values["date_of_birth"]:
                params["date"] = _shown(values["date_of_birth"])
                message = _("%(name)s, born %(date)s, is already in the staff list of %(unit)s.") % params
            else:
                message = _("%(name)s is already in the staff list of %(unit)s.") % params
            _column_problem(row, positions, "full_name", message)
        elif key in first_row:
            _column_problem(
                row,
                positions,
                "full_name",
                _("The same person as in row %(row)s (same full name, date of birth and unit).")
                % {"row": first_row[key]},
            )
        else:
            first_row[key] = row.number

    numbered = [row for row in result.rows if row.values.get("national_id")]
    wanted = sorted({row.values["national_id"] for row in numbered})
    taken = set()
    for start in range(0, len(wanted), 900):
        taken.update(
            Person.objects.filter(national_id__in=wanted[start : start + 900], is_active=True).values_list(
                "national_id", flat=True
            )
        )
    first_id_row: dict[str, int] = {}
    for row in numbered:
        number = row.values["national_id"]
        if number in taken:
            message = _("The identity number %(value)s already belongs to a staff member.") % {"value": number}
            _column_problem(row, positions, "national_id", message)
        elif number in first_id_row:
            message = _("The identity number %(value)s is also in row %(row)s.") % {
                "value": number,
                "row": first_id_row[number],
            }
            _column_problem(row, positions, "national_id", message)
        else:
            first_id_row[number] = row.number


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_cells(source) -> tuple[tuple, list[tuple[int, tuple]]]:
    """The first sheet's header and its non-blank rows as (row number, cells); at most MAX_ROWS + 1 rows."""
    workbook = load_workbook(source)
    try:
        lines = workbook.worksheets[0].iter_rows(values_only=True)
        header = tuple(next(lines, None) or ())
        rows = []
        for number, cells in enumerate(lines, start=2):
            if not all(_blank(value) for value in cells):
                rows.append((number, tuple(cells)))
                if len(rows) > MAX_ROWS:
                    break
    finally:
        workbook.close()
    return header, rows


def _encode(value):
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return str(value)  # times, decimals: shown as written


def _decode(mapping: dict):
    if "datetime" in mapping:
        return dt.datetime.fromisoformat(mapping["datetime"])
    if "date" in mapping:
        return dt.date.fromisoformat(mapping["date"])
    return mapping


def uploaded_cells(path: Path) -> tuple[tuple, list[tuple[int, tuple]]]:
    """:func:`read_cells` of a stored upload, kept beside it: the preview and the commit parse the workbook once."""
    cache = path.with_suffix(".json")
    if cache.exists():
        header, rows = json.loads(cache.read_text(encoding="utf-8"), object_hook=_decode)
        return tuple(header), [(number, tuple(cells)) for number, cells in rows]
    header, rows = read_cells(path)
    cache.write_text(json.dumps([header, rows], default=_encode, ensure_ascii=False), encoding="utf-8")
    return header, rows


def read_staff_workbook(source, *, user) -> StaffImport:
    """Read the first sheet of *source* (a stored upload's path, or a file) and check every row; write nothing."""
    header, lines = uploaded_cells(source) if isinstance(source, Path) else read_cells(source)
    targets = UnitTargets.for_user(user)
    result = StaffImport(header=header)
    positions = _map_header(header, targets, result)
    if result.file_problems:
        return result
    if len(lines) > MAX_ROWS:
        message = _("The workbook has more than %(count)s rows: split it into several files.") % {"count": MAX_ROWS}
        result.file_problems.append(Problem(lines[MAX_ROWS][0], message))
        return result
    checks = _Checks(positions=positions, targets=targets, today=timezone.localdate())
    for number, cells in lines:
        row = StaffRow(number=number, cells=cells)
        _check_row(row, checks)
        if result.example_row is None and _is_example(row.values):
            result.example_row = number
            continue
        result.rows.append(row)
    if not result.rows:
        result.file_problems.append(Problem(2, _("The workbook has no staff rows below the header.")))
        return result
    _check_duplicates(result, positions)
    return result


# --- writing -------------------------------------------------------------------------------------------------


def _person(values: dict) -> Person:
    person = Person(**values)
    # bulk_create does not call Person.save(): fill in what it would.
    person.sort_name = sort_name(person.full_name)
    person.search_name = search_key(person.full_name)
    return person


def commit_staff_import(*, source, user, expected_rows: int | None = None) -> StaffImport:
    """Check *source* again and write its valid rows in one transaction; rows with problems are skipped.

    With *expected_rows* (the count the user saw on the preview), a different count now means the staff
    table or the user's units changed meanwhile: nothing is written (:class:`ImportConflict`).
    """
    result = read_staff_workbook(source, user=user)
    if expected_rows is not None and len(result.valid_rows) != expected_rows:
        raise ImportConflict
    people = [_person(row.values) for row in result.valid_rows]
    try:
        with transaction.atomic():
            bulk_create_with_history(people, Person, batch_size=BATCH_SIZE, default_user=user)
    except IntegrityError:
        raise ImportConflict from None
    result.created = len(people)
    return result


# --- the template and the problem rows ---------------------------------------------------------------------


def staff_sheet_title() -> str:
    return sheet_title(gettext("Staff list"))


def units_sheet_title() -> str:
    return sheet_title(gettext("Units"))


def _styled_header(sheet, labels, widths) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append([str(label) for label in labels])
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, (cell, width) in enumerate(zip(sheet[1], widths, strict=True), start=1):
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _format_columns(sheet) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        letter = column_letter(index)
        if column.key in ("date_of_birth", "sector_start_date"):
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
        elif column.key in ("national_id", "phone"):
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT  # keeps the leading zero


def _letter(key: str) -> str:
    return column_letter(next(index for index, column in enumerate(COLUMNS, start=1) if column.key == key))


def staff_template_workbook(*, user):
    """The empty staff workbook: headers, one example row, drop-down lists, and a sheet of the user's units."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    targets = UnitTargets.for_user(user)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = staff_sheet_title()
    _styled_header(sheet, [column.label for column in COLUMNS], [column.width for column in COLUMNS])
    _format_columns(sheet)
    example_unit = targets.label(targets.units[0]) if targets.units else ""
    example = {**EXAMPLE, "unit": example_unit}
    example["sex"] = Sex(example["sex"]).label
    example["category"] = StaffCategory(example["category"]).label
    sheet.append(
        [str(example[column.key]) if column.key in ("sex", "category") else example[column.key] for column in COLUMNS]
    )
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=2, column=index)
        cell.font = Font(italic=True, color="808080")
        if column.key in ("date_of_birth", "sector_start_date"):
            cell.number_format = DATE_FORMAT
        elif column.key in ("national_id", "phone"):
            cell.number_format = TEXT_FORMAT

    last_row = MAX_ROWS + 1
    pick = gettext("Choose a value from the list.")

    def validation(key, formula):
        rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
        rule.error, rule.errorTitle = pick, str(COLUMN_BY_KEY[key].label)
        rule.add(f"{_letter(key)}2:{_letter(key)}{last_row}")
        sheet.add_data_validation(rule)

    validation("sex", '"{}"'.format(",".join(str(label) for label in Sex.labels)))
    validation("category", '"{}"'.format(",".join(str(label) for label in StaffCategory.labels)))

    units = workbook.create_sheet(units_sheet_title())
    _styled_header(units, [_("Unit"), _("Document symbol"), _("Managed by")], [48, 16, 48])
    for unit in targets.units:
        units.append([targets.label(unit), unit.symbol, unit.parent.name if unit.parent_id else ""])
    if targets.units:
        quoted = units.title.replace("'", "''")
        validation("unit", f"'{quoted}'!$A$2:$A${len(targets.units) + 1}")
    return workbook


def problem_rows_workbook(result: StaffImport):
    """The rows that were not imported, as they were written, with a last column saying what to fix."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(staff_sheet_title())

    def written(value):
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        return value

    width = max(len(result.header), len(COLUMNS))
    header = [str(value) if value is not None else "" for value in result.header]
    header += [""] * (width - len(header))
    sheet.append([*header, gettext("Problems to fix")])
    for row in result.problem_rows:
        cells = list(row.cells) + [None] * (width - len(row.cells))
        messages = "\n".join(str(problem) for problem in row.problems)
        sheet.append([*map(written, cells[:width]), messages])
    return workbook


# --- the uploaded file, kept until commit or cancel ---------------------------------------------------------


def imports_dir() -> Path:
    return Path(settings.VAR_DIR) / "imports"


def upload_path(token: str) -> Path:
    if not TOKEN_RE.match(token or ""):
        raise ValueError("bad import token")
    return imports_dir() / f"{token}.xlsx"


def store_upload(uploaded) -> str:
    """Keep an uploaded workbook under a random name; forget those older than a day."""
    directory = imports_dir()
    directory.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - UPLOAD_LIFETIME.total_seconds()
    for old in [*directory.glob("*.xlsx"), *directory.glob("*.json")]:
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    with upload_path(token).open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    return token


def discard_upload(token: str) -> None:
    with contextlib.suppress(ValueError):
        path = upload_path(token)
        path.unlink(missing_ok=True)
        path.with_suffix(".json").unlink(missing_ok=True)
