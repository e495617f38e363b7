from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from emulation.enums import SchoolLevel, UnitKind
from emulation.text import nfc
from schedules.parsing.results import ActorKind, ActorMatch, Problem, UnitLike, _fold

_ISSUER_ALIASES = {
    UnitKind.DISTRICT_OFFICE: [
        "phong giao duc va dao tao",
        "phong giao duc - dao tao",
        "phong giao duc",
        "phong gd&dt",
        "phong gd-dt",
        "phong gd - dt",
        "phong gd dt",
        "phong gddt",
        "phong gd",
        "pgd&dt",
        "pgddt",
        "pgd",
        "phong",
    ],
    UnitKind.PROVINCE_DEPARTMENT: [
        "so giao duc va dao tao",
        "so gd&dt",
        "so gd-dt",
        "so gddt",
        "so gd",
        "sgd&dt",
        "sgddt",
        "so",
    ],
    UnitKind.COMMUNE_COMMITTEE: [
        "uy ban nhan dan xa",
        "uy ban nhan dan phuong",
        "ubnd xa",
        "ubnd phuong",
        "ubnd",
    ],
    UnitKind.SCHOOL: ["nha truong"],
}


_LEVEL_WORDS = {
    "mam non": SchoolLevel.PRESCHOOL,
    "mau giao": SchoolLevel.PRESCHOOL,
    "nha tre": SchoolLevel.PRESCHOOL,
    "mn": SchoolLevel.PRESCHOOL,
    "tieu hoc": SchoolLevel.PRIMARY,
    "th": SchoolLevel.PRIMARY,
    "trung hoc co so": SchoolLevel.LOWER_SECONDARY,
    "thcs": SchoolLevel.LOWER_SECONDARY,
    "trung hoc pho thong": SchoolLevel.UPPER_SECONDARY,
    "thpt": SchoolLevel.UPPER_SECONDARY,
}


_LEVEL = "|".join(r"\s+".join(word.split()) for word in sorted(_LEVEL_WORDS, key=len, reverse=True))


_LIST_SEP = r"\s*(?:,|;|&|\+|-|va\b)\s*"


_NUMS = rf"\d+(?:{_LIST_SEP}(?:so\s*)?\d+)*"


_BLOCK_WORD = r"(?:khoi|cum)"


_BLOCK_HEADS_RE = re.compile(
    rf"\b(?:{_BLOCK_WORD}\s+truong|truong\s+(?:cac\s+)?{_BLOCK_WORD})(?:\s+cac)?(?:\s+{_BLOCK_WORD})?"
    rf"(?:\s+thi\s+dua)?(?:\s+so)?\s*(?P<nums>{_NUMS})?"
)


_BLOCKS_RE = re.compile(rf"\b(?:cac\s+)?{_BLOCK_WORD}(?:\s+thi\s+dua)?(?:\s+so)?\s*(?P<nums>{_NUMS})?")


_CONNECTORS_RE = re.compile(r"\b(?:va|cac|cung|voi|tat\s+ca|toan\s+the)\b|[,;&+/\-.():]")


_ALL_UNITS = r"(?:(?:tat\s+ca\s+)?cac\s+|tat\s+ca\s+)"


_UNIT_WORD = r"(?P<{name}>don\s+vi|truong(?:\s+hoc)?|co\s+so(?:\s+giao\s+duc)?)"


def _words_re(words: str) -> str:
    return r"\s+".join(re.escape(word) for word in words.split())


def _issuer_pattern(issuing_unit: UnitLike) -> str:
    aliases = set(_ISSUER_ALIASES.get(getattr(issuing_unit, "kind", ""), []))
    for attribute in ("name", "print_name", "symbol"):
        value = _fold(nfc(getattr(issuing_unit, attribute, "") or ""))
        if value:
            aliases.add(value)
    place = _fold(nfc(getattr(issuing_unit, "place_name", "") or ""))
    alternatives = "|".join(_words_re(alias) for alias in sorted(aliases, key=len, reverse=True))
    qualifier = r"(?:\s+(?:huyen|quan|thi\s+xa|thanh\s+pho|tinh|xa|phuong))?"
    if place:
        qualifier += rf"(?:\s+{_words_re(place)})?"
    # The name must end there: "Phòng Nội vụ" is not "Phòng".
    return rf"(?:{alternatives}){qualifier}(?=\s*(?:$|[,;&+()]|va\b|\-))"


def _descendants(root_pk: Any, units: list[UnitLike]) -> list[UnitLike]:
    children: dict[Any, list[UnitLike]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    found, stack = [], [root_pk]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child.pk)
    return found


def _numbers(raw: str | None) -> list[int]:
    if not raw:
        return []
    numbers: list[int] = []
    for piece in re.finditer(r"(\d+)(?:\s*-\s*(\d+))?", raw):
        low, high = int(piece[1]), int(piece[2] or piece[1])
        numbers.extend(range(low, high + 1) if low <= high else [low, high])
    return sorted(set(numbers))


@dataclass
class _Reading:
    """What has been read so far of one "Đơn vị thực hiện" text; each phrase read is blanked out of ``working``."""

    original: str
    working: str
    kinds: set[ActorKind] = field(default_factory=set)
    named: set[Any] = field(default_factory=set)  # units written by their own name
    levels: list[str] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)
    all_blocks: bool = False  # "các khối thi đua" without numbers
    schools_only: bool | None = None  # "các trường trực thuộc" (True) or "các đơn vị trực thuộc" (False)

    def consume(self, pattern: re.Pattern) -> list[re.Match]:
        matches = list(pattern.finditer(self.working))
        for match in matches:
            self.working = (
                self.working[: match.start()] + " " * (match.end() - match.start()) + self.working[match.end() :]
            )
        return matches

    def rest(self) -> list[str]:
        """The pieces of the original text that nothing read, connectors aside."""
        leftover = _CONNECTORS_RE.sub(lambda m: " " * len(m.group()), self.working)
        return [self.original[m.start() : m.end()] for m in re.finditer(r"\S+(?:\s+\S+)*", leftover)]


def _read_unit_names(reading: _Reading, candidates: list[UnitLike], issuing_unit: UnitLike) -> None:
    """Units written by their full name, the longest first (so that "Tiểu học Minh Hòa 1" is not "Minh Hòa")."""
    for unit in sorted(candidates, key=lambda unit: len(unit.name or ""), reverse=True):
        name = _fold(nfc(unit.name))
        if name and reading.consume(re.compile(rf"\b{_words_re(name)}(?!\w)")):
            if unit.pk == issuing_unit.pk:
                reading.kinds.add(ActorKind.ISSUING_UNIT)
            else:
                reading.kinds.add(ActorKind.UNITS)
                reading.named.add(unit.pk)


def _read_blocks(reading: _Reading) -> None:
    """ "Khối trưởng các khối thi đua số 1, 2" (their heads), then "các khối thi đua 1,2,3" (their members)."""
    for pattern, kind in ((_BLOCK_HEADS_RE, ActorKind.BLOCK_HEADS), (_BLOCKS_RE, ActorKind.BLOCKS)):
        for match in reading.consume(pattern):
            reading.kinds.add(kind)
            numbers = _numbers(match["nums"])
            reading.blocks.extend(numbers)
            reading.all_blocks = reading.all_blocks or not numbers


def _read_levels(reading: _Reading, issuer: str) -> None:
    """School levels: "các trường Mầm non, Tiểu học trực thuộc Phòng"."""
    level_re = re.compile(
        rf"\b(?:{_ALL_UNITS})?(?:(?:truong|cap|bac)\s+)?(?P<levels>(?:{_LEVEL})(?:{_LIST_SEP}(?:(?:truong|cap|bac)\s+)?"
        rf"(?:{_LEVEL}))*)\b(?:\s+truc\s+thuoc(?:\s+{issuer})?)?"
    )
    for match in reading.consume(level_re):
        reading.kinds.add(ActorKind.LEVEL)
        for word in re.findall(rf"\b(?:{_LEVEL})\b", match["levels"]):
            level = _LEVEL_WORDS[" ".join(word.split())]
            if level not in reading.levels:
                reading.levels.append(level)


def _read_sub_units(reading: _Reading, issuer: str) -> None:
    """ "Các đơn vị trực thuộc (Phòng GDĐT)", "các trường trực thuộc", "tất cả các trường"."""
    sub_units_re = re.compile(
        rf"\b(?:{_ALL_UNITS})?{_UNIT_WORD.format(name='what')}\s+truc\s+thuoc(?:\s+{issuer})?"
        rf"|\b{_ALL_UNITS}{_UNIT_WORD.format(name='bare')}\b"
    )
    for match in reading.consume(sub_units_re):
        reading.kinds.add(ActorKind.SUB_UNITS)
        only_schools = not (match["what"] or match["bare"]).startswith("don vi")
        reading.schools_only = only_schools if reading.schools_only is None else (reading.schools_only and only_schools)


def _read_issuer(reading: _Reading, issuer: str) -> None:
    """The issuing unit by one of its short names ("Phòng GDĐT", "PGDĐT")."""
    if reading.consume(re.compile(rf"\b{issuer}")):
        reading.kinds.add(ActorKind.ISSUING_UNIT)


def _selected_units(reading: _Reading, candidates: list[UnitLike], issuing_unit: UnitLike) -> set[Any]:
    """The units below the issuing unit that the text names, by name, as its sub-units or by school level."""
    selected: set[Any] = set(reading.named)
    if ActorKind.SUB_UNITS in reading.kinds:
        selected |= {
            unit.pk
            for unit in candidates
            if unit.parent_id == issuing_unit.pk and (not reading.schools_only or unit.kind == UnitKind.SCHOOL)
        }
    if ActorKind.LEVEL in reading.kinds:
        selected |= {unit.pk for unit in _descendants(issuing_unit.pk, candidates) if unit.level in reading.levels}
    return selected


def _problem(reading: _Reading, selected: set[Any], issuing_unit: UnitLike) -> Problem | None:
    """Why the units must be checked by hand: nothing read, part of the text not read, or nobody matched."""
    rest = reading.rest()
    if not reading.kinds:
        return Problem(
            "unmatched_actor",
            _("“%(text)s” does not name units the system knows; choose the units by hand."),
            {"text": reading.original},
        )
    if rest:
        return Problem(
            "partly_unmatched_actor",
            _("Part of “%(text)s” was not recognised (“%(rest)s”); check the units."),
            {"text": reading.original, "rest": " … ".join(rest)},
        )
    if reading.kinds & {ActorKind.SUB_UNITS, ActorKind.LEVEL} and not selected - reading.named:
        return Problem(
            "no_units",
            _("No unit managed by %(unit)s matches “%(text)s”."),
            {"unit": issuing_unit.name, "text": reading.original},
        )
    return None


def match_actors(text: str | None, *, issuing_unit: UnitLike, units: Iterable[UnitLike]) -> ActorMatch:
    """Map the "Đơn vị thực hiện" text to the issuing unit, the units it manages, school levels or blocks.

    ``units`` are the candidate units (objects with ``pk, name, kind, level, parent_id``;
    inactive ones, ``is_active`` false, are left out). "Đơn vị trực thuộc" means the units
    directly under the issuing unit; a school level means schools of that level anywhere
    under it (a multi-level school has its own level and is not taken for "tiểu học" or "THCS");
    a unit written by its full name is taken as such. Text it does not understand is reported,
    never dropped.

    The text is read in steps, each blanking out what it read: unit names, blocks, school levels,
    sub-units, then the issuing unit's short names; what is left over is reported.
    """
    original = nfc(text)
    if not original:
        return ActorMatch(text=original, problem=Problem("no_actor", _("The row names no unit to act.")))
    candidates = [unit for unit in units if getattr(unit, "is_active", True)]
    issuer = _issuer_pattern(issuing_unit)
    reading = _Reading(original=original, working=_fold(original))
    _read_unit_names(reading, candidates, issuing_unit)
    _read_blocks(reading)
    _read_levels(reading, issuer)
    _read_sub_units(reading, issuer)
    _read_issuer(reading, issuer)

    selected = _selected_units(reading, candidates, issuing_unit)
    unit_ids = [issuing_unit.pk] if ActorKind.ISSUING_UNIT in reading.kinds else []
    unit_ids += [unit.pk for unit in candidates if unit.pk in selected and unit.pk != issuing_unit.pk]
    return ActorMatch(
        text=original,
        kinds=tuple(kind for kind in ActorKind if kind in reading.kinds),
        unit_ids=tuple(unit_ids),
        levels=tuple(reading.levels),
        block_numbers=tuple(sorted(set(reading.blocks))),
        all_blocks=reading.all_blocks and not reading.blocks,
        problem=_problem(reading, selected, issuing_unit),
    )
