"""The registration workbook's checks that read the database: the catalogue's awards and the school's staff.

Titles and forms are found by their short name ("LĐTT"), full name ("Lao động tiên tiến") or code, without
accents or case; one cell may name a title with the title it requires ("LĐTT, CSTĐCS"): that is CSTĐCS.
A person is found by the hidden staff code, or by full name (and date of birth when given).
"""

import datetime as dt
import re
from collections.abc import Callable

from django.utils.translation import gettext

from emulation.enums import AwardKind
from emulation.models import Award, Person
from emulation.selectors.organisation import active_staff

from .cells import CellError, fold, read_text

SPLIT_RE = re.compile(r"[,;+\n]+")
AWARD_TEXT_MAX = 300


class Catalogue:
    """Every active award, found by its short name, full name or code, accent- and case-insensitively.

    *letter* gives the column where a key is written (a title written as a form is sent there).
    """

    def __init__(self, awards, *, letter: Callable[[str], str]):
        self.letter = letter
        self._found: dict[str, Award] = {}
        for award in awards:
            for text in (award.short_name, award.name, award.code):
                if text:
                    self._found.setdefault(fold(text), award)

    def find(self, text: str) -> Award | None:
        return self._found.get(fold(text))

    def title(self, value) -> Award | None:
        text = read_text(value, max_length=AWARD_TEXT_MAX)
        parts = [part.strip() for part in SPLIT_RE.split(text) if part.strip()]
        if not parts:
            return None
        found = []
        for part in parts:
            award = self.find(part)
            if award is None:
                raise CellError(gettext("“%(value)s” is not an emulation title of the catalogue.") % {"value": part})
            if award.kind != AwardKind.TITLE:
                raise CellError(
                    gettext("“%(value)s” is a form of commendation, not a title: write it in column %(column)s.")
                    % {"value": part, "column": self.letter("form")}
                )
            if not award.is_individual:
                raise CellError(
                    gettext("“%(value)s” is a collective title, not a title for a person.") % {"value": part}
                )
            found.append(award)
        # "LĐTT, CSTĐCS": a title written with the title it requires is the higher title.
        required = {award.requires_id for award in found if award.requires_id}
        highest = {award.pk: award for award in found if award.pk not in required}
        if len(highest) > 1:
            names = ", ".join(map(str, highest.values()))
            raise CellError(gettext("Register one title per person, not “%(value)s”.") % {"value": names})
        return next(iter(highest.values()))

    def form(self, value) -> Award | None:
        text = read_text(value, max_length=AWARD_TEXT_MAX)
        parts = [part.strip() for part in SPLIT_RE.split(text) if part.strip()]
        if not parts:
            return None
        if len(parts) > 1:
            raise CellError(gettext("Register one form of commendation per person, not “%(value)s”.") % {"value": text})
        award = self.find(parts[0])
        if award is None:
            raise CellError(
                gettext("“%(value)s” is not a form of commendation of the catalogue.") % {"value": parts[0]}
            )
        if award.kind != AwardKind.FORM:
            raise CellError(
                gettext("“%(value)s” is a title, not a form of commendation: write it in column %(column)s.")
                % {"value": parts[0], "column": self.letter("title")}
            )
        if not award.is_individual:
            raise CellError(gettext("“%(value)s” is given only to collectives.") % {"value": parts[0]})
        return award


class Staff:
    """The school's active staff, found by staff code, or by full name (and date of birth when given)."""

    def __init__(self, unit):
        self.unit = unit
        self.people = list(active_staff(unit))
        self.by_id = {person.pk: person for person in self.people}
        self.by_name: dict[str, list] = {}
        for person in self.people:
            self.by_name.setdefault(fold(person.full_name), []).append(person)

    def find(self, *, name: str, born: dt.date | None, code) -> Person:
        person = self.by_id.get(code) if isinstance(code, int) else None
        if person is not None and fold(person.full_name) == fold(name):
            return person
        matches = self.by_name.get(fold(name), [])
        if born is not None:
            matches = [person for person in matches if person.date_of_birth == born]
        if len(matches) == 1:
            return matches[0]
        params = {"name": name, "unit": self.unit.name}
        if len(matches) > 1:
            raise CellError(gettext("Several staff members are named “%(name)s”: write the date of birth.") % params)
        if born is not None:
            params["date"] = born.strftime("%d/%m/%Y")
            raise CellError(gettext("“%(name)s”, born %(date)s, is not in the active staff of %(unit)s.") % params)
        raise CellError(gettext("“%(name)s” is not in the active staff of %(unit)s.") % params)


def staff_code(value) -> int | None:
    """The hidden staff code, if the cell still holds one; anything else means "find the person by name"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 19:
        value = int(value.strip())
    return value if isinstance(value, int) and not isinstance(value, bool) else None
