from __future__ import annotations

import re
from collections.abc import Iterable
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


def match_actors(text: str | None, *, issuing_unit: UnitLike, units: Iterable[UnitLike]) -> ActorMatch:
    """Map the "Đơn vị thực hiện" text to the issuing unit, the units it manages, school levels or blocks.

    ``units`` are the candidate units (objects with ``pk, name, kind, level, parent_id``;
    inactive ones, ``is_active`` false, are left out). "Đơn vị trực thuộc" means the units
    directly under the issuing unit; a school level means schools of that level anywhere
    under it (a multi-level school has its own level and is not taken for "tiểu học" or "THCS");
    a unit written by its full name is taken as such. Text it does not understand is reported,
    never dropped.
    """
    original = nfc(text)
    if not original:
        return ActorMatch(text=original, problem=Problem("no_actor", _("The row names no unit to act.")))
    candidates = [unit for unit in units if getattr(unit, "is_active", True)]
    working = _fold(original)
    issuer = _issuer_pattern(issuing_unit)
    kinds: set[ActorKind] = set()
    levels: list[str] = []
    blocks: list[int] = []
    all_blocks = False
    schools_only: bool | None = None

    def consume(pattern: re.Pattern) -> list[re.Match]:
        nonlocal working
        matches = list(pattern.finditer(working))
        for match in matches:
            working = working[: match.start()] + " " * (match.end() - match.start()) + working[match.end() :]
        return matches

    named: set[Any] = set()
    for unit in sorted(candidates, key=lambda unit: len(unit.name or ""), reverse=True):
        name = _fold(nfc(unit.name))
        if name and consume(re.compile(rf"\b{_words_re(name)}(?!\w)")):
            if unit.pk == issuing_unit.pk:
                kinds.add(ActorKind.ISSUING_UNIT)
            else:
                kinds.add(ActorKind.UNITS)
                named.add(unit.pk)
    for pattern, kind in ((_BLOCK_HEADS_RE, ActorKind.BLOCK_HEADS), (_BLOCKS_RE, ActorKind.BLOCKS)):
        for match in consume(pattern):
            kinds.add(kind)
            numbers = _numbers(match["nums"])
            blocks.extend(numbers)
            all_blocks = all_blocks or not numbers
    level_re = re.compile(
        rf"\b(?:{_ALL_UNITS})?(?:(?:truong|cap|bac)\s+)?(?P<levels>(?:{_LEVEL})(?:{_LIST_SEP}(?:(?:truong|cap|bac)\s+)?"
        rf"(?:{_LEVEL}))*)\b(?:\s+truc\s+thuoc(?:\s+{issuer})?)?"
    )
    for match in consume(level_re):
        kinds.add(ActorKind.LEVEL)
        for word in re.findall(rf"\b(?:{_LEVEL})\b", match["levels"]):
            level = _LEVEL_WORDS[" ".join(word.split())]
            if level not in levels:
                levels.append(level)
    sub_units_re = re.compile(
        rf"\b(?:{_ALL_UNITS})?{_UNIT_WORD.format(name='what')}\s+truc\s+thuoc(?:\s+{issuer})?"
        rf"|\b{_ALL_UNITS}{_UNIT_WORD.format(name='bare')}\b"
    )
    for match in consume(sub_units_re):
        kinds.add(ActorKind.SUB_UNITS)
        only_schools = not (match["what"] or match["bare"]).startswith("don vi")
        schools_only = only_schools if schools_only is None else (schools_only and only_schools)
    if consume(re.compile(rf"\b{issuer}")):
        kinds.add(ActorKind.ISSUING_UNIT)

    leftover = _CONNECTORS_RE.sub(lambda m: " " * len(m.group()), working)
    rest = [original[m.start() : m.end()] for m in re.finditer(r"\S+(?:\s+\S+)*", leftover)]

    selected: set[Any] = set(named)
    if ActorKind.SUB_UNITS in kinds:
        selected |= {
            unit.pk
            for unit in candidates
            if unit.parent_id == issuing_unit.pk and (not schools_only or unit.kind == UnitKind.SCHOOL)
        }
    if ActorKind.LEVEL in kinds:
        selected |= {unit.pk for unit in _descendants(issuing_unit.pk, candidates) if unit.level in levels}
    unit_ids = [issuing_unit.pk] if ActorKind.ISSUING_UNIT in kinds else []
    unit_ids += [unit.pk for unit in candidates if unit.pk in selected and unit.pk != issuing_unit.pk]

    problem = None
    if not kinds:
        problem = Problem(
            "unmatched_actor",
            _("“%(text)s” does not name units the system knows; choose the units by hand."),
            {"text": original},
        )
    elif rest:
        problem = Problem(
            "partly_unmatched_actor",
            _("Part of “%(text)s” was not recognised (“%(rest)s”); check the units."),
            {"text": original, "rest": " … ".join(rest)},
        )
    elif kinds & {ActorKind.SUB_UNITS, ActorKind.LEVEL} and not selected - named:
        problem = Problem(
            "no_units",
            _("No unit managed by %(unit)s matches “%(text)s”."),
            {"unit": issuing_unit.name, "text": original},
        )
    return ActorMatch(
        text=original,
        kinds=tuple(kind for kind in ActorKind if kind in kinds),
        unit_ids=tuple(unit_ids),
        levels=tuple(levels),
        block_numbers=tuple(sorted(set(blocks))),
        all_blocks=all_blocks and not blocks,
        problem=problem,
    )
