"""The staff workbook's checks that read the database: which units a user may import into, and who is there.

A unit is written by its name, by "name (symbol)" when two units share a name, or by its symbol, without
accents or case. The same person twice (full name, date of birth, unit) and an identity number used twice
are named, whether the other is in the file or already in the staff list.
"""

import functools
from collections import defaultdict
from collections.abc import Sequence

from django.utils.translation import gettext

from emulation.models import Person, Unit
from emulation.selectors.organisation import units_visible_to

from ..text import search_key
from .cells import CellError, Column, Problem, read_text, shown
from .headers import Header
from .tables import Record
from .writing import sheet_title

ID_BATCH = 900  # identity numbers per query (SQLite allows 999 parameters)


def units_sheet_title() -> str:
    return sheet_title(gettext("Units"))


@functools.lru_cache(maxsize=4096)
def _key(value: str) -> str:
    return search_key(value)


class UnitTargets:
    """The active units where a user may edit staff, found by name, by "name (symbol)" or by symbol."""

    def __init__(self, units: list[Unit]):
        self.units = units
        by_name = defaultdict(list)
        for unit in units:
            by_name[_key(unit.name)].append(unit)
        self.labels: dict[int, str] = {}
        self._found: dict[str, set[Unit]] = defaultdict(set)
        for unit in units:
            unique = len(by_name[_key(unit.name)]) == 1
            self.labels[unit.pk] = unit.name if unique else f"{unit.name} ({unit.symbol})"
            for text in (unit.name, f"{unit.name} ({unit.symbol})", unit.symbol):
                self._found[_key(text)].add(unit)

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
        return set(self._found.get(_key(text), ()))

    def read(self, value) -> Unit:
        """The unit a cell names; a blank cell is the user's only unit, if they have one."""
        text = read_text(value)
        if not text:
            if self.only is not None:
                return self.only
            raise CellError(gettext("The unit is missing."))
        found = self.find(text)
        params = {"value": text, "sheet": units_sheet_title()}
        if len(found) > 1:
            raise CellError(
                gettext("“%(value)s” names several units: write the name as in the sheet “%(sheet)s”.") % params
            )
        if not found:
            raise CellError(
                gettext("“%(value)s” is not a unit whose staff you may import; see the sheet “%(sheet)s”.") % params
            )
        return found.pop()


def _person_key(values: dict) -> tuple | None:
    if "full_name" not in values or "unit" not in values or "date_of_birth" not in values:
        return None
    return (values["unit"].pk, values["full_name"].casefold(), values["date_of_birth"])


def check_duplicates(records: Sequence[Record], header: Header, columns: Sequence[Column]) -> None:
    """The same person twice (name, date of birth, unit) or an identity number twice, in the file or the table."""
    labels = {column.key: column.label for column in columns}

    def problem(record: Record, key: str, message: str) -> None:
        record.problems.append(Problem.at(record.number, header.positions[key], labels[key], message))

    keyed = [record for record in records if _person_key(record.values)]
    unit_ids = {record.values["unit"].pk for record in keyed}
    existing = {
        (unit_id, name.casefold(), born)
        for unit_id, name, born in Person.objects.filter(unit_id__in=unit_ids).values_list(
            "unit_id", "full_name", "date_of_birth"
        )
    }
    first_row: dict[tuple, int] = {}
    for record in keyed:
        key, values = _person_key(record.values), record.values
        if key in existing:
            params = {"name": values["full_name"], "unit": values["unit"].name}
            if values["date_of_birth"]:
                params["date"] = shown(values["date_of_birth"])
                message = gettext("%(name)s, born %(date)s, is already in the staff list of %(unit)s.") % params
            else:
                message = gettext("%(name)s is already in the staff list of %(unit)s.") % params
            problem(record, "full_name", message)
        elif key in first_row:
            message = gettext("The same person as in row %(row)s (same full name, date of birth and unit).")
            problem(record, "full_name", message % {"row": first_row[key]})
        else:
            first_row[key] = record.number

    numbered = [record for record in records if record.values.get("national_id")]
    wanted = sorted({record.values["national_id"] for record in numbered})
    taken = set()
    for start in range(0, len(wanted), ID_BATCH):
        taken.update(
            Person.objects.filter(national_id__in=wanted[start : start + ID_BATCH], is_active=True).values_list(
                "national_id", flat=True
            )
        )
    first_id_row: dict[str, int] = {}
    for record in numbered:
        number = record.values["national_id"]
        if number in taken:
            message = gettext("The identity number %(value)s already belongs to a staff member.") % {"value": number}
            problem(record, "national_id", message)
        elif number in first_id_row:
            message = gettext("The identity number %(value)s is also in row %(row)s.")
            problem(record, "national_id", message % {"value": number, "row": first_id_row[number]})
        else:
            first_id_row[number] = record.number
