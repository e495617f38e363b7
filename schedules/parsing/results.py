from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Problem:
    """Something the importer could not read. ``message`` renders in the active language."""

    code: str
    template: Any  # a lazy English msgid with %(name)s placeholders
    params: Mapping[str, Any] = field(default_factory=dict)
    field: str = ""  # "order", "content", "due" or "actor" in a table row
    row: int | None = None  # line of the pasted text, or row of the Excel sheet
    column: str = ""  # Excel column letter ("C"); empty for pasted text

    @property
    def message(self) -> str:
        return str(self.template) % dict(self.params)

    @property
    def where(self) -> str:
        if self.column and self.row is not None:
            return gettext("cell %(ref)s") % {"ref": f"{self.column}{self.row}"}
        if self.row is not None:
            return gettext("line %(number)s") % {"number": self.row}
        return ""

    def __str__(self) -> str:
        where = self.where
        return f"{where}: {self.message}" if where else self.message


class DueKind(models.TextChoices):
    BEFORE = "before", _("Before a date")
    ON = "on", _("On a date")
    MONTH = "month", _("Within a month")
    RANGE = "range", _("From a date to a date")


@dataclass(frozen=True)
class DueParse:
    """A completion-time phrase read against a period.

    ``due_on`` is the last day to act; ``opens_on`` the first day of a window (None for a
    plain deadline). When the phrase cannot be used, both are None and ``problem`` says why;
    ``kind`` is then the form that was recognised, or None when nothing was.
    """

    text: str
    kind: DueKind | None = None
    opens_on: dt.date | None = None
    due_on: dt.date | None = None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def summary(self) -> str:
        """What the user is shown beside the phrase, e.g. "Last day: 10/11/2023"."""
        if self.problem is not None:
            return self.problem.message
        if self.kind == DueKind.BEFORE:
            return gettext("Last day: %(due)s") % {"due": _fmt(self.due_on)}
        if self.kind == DueKind.ON:
            return gettext("On %(due)s") % {"due": _fmt(self.due_on)}
        return gettext("From %(start)s to %(due)s") % {"start": _fmt(self.opens_on), "due": _fmt(self.due_on)}


class ActorKind(models.TextChoices):
    ISSUING_UNIT = "issuing_unit", _("The issuing unit")
    SUB_UNITS = "sub_units", _("The units it manages")
    LEVEL = "level", _("Schools of a level")
    UNITS = "units", _("Units named in the text")
    BLOCKS = "blocks", _("Emulation blocks")
    BLOCK_HEADS = "block_heads", _("Heads of emulation blocks")


@dataclass(frozen=True)
class ActorMatch:
    """Who must act, read from the "Đơn vị thực hiện" text.

    ``unit_ids`` lists the units found (the issuing unit and/or units it manages);
    blocks are returned by number since they are resolved elsewhere (``all_blocks`` when
    the text names blocks without numbers).
    """

    text: str
    kinds: tuple[ActorKind, ...] = ()
    unit_ids: tuple[int, ...] = ()
    levels: tuple[str, ...] = ()
    block_numbers: tuple[int, ...] = ()
    all_blocks: bool = False
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass
class MilestoneRow:
    """One numbered row of the timeline table. ``row`` is its first line (text) or sheet row (Excel)."""

    row: int
    order: int | None
    content: str
    due_text: str
    due: DueParse
    actor_text: str
    problems: list[Problem] = field(default_factory=list)
    actors: ActorMatch | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


class TimelineImportError(ValidationError):
    """The input as a whole cannot be read (not an Excel file, no header, no numbered row)."""


class UnitLike(Protocol):
    pk: Any
    name: str
    kind: str
    level: str
    parent_id: Any


def _fold(text: str) -> str:
    """Lower-case, accent-free, đ → d, one character for one: offsets match ``text``."""
    out = []
    for char in text:
        base = "".join(c for c in unicodedata.normalize("NFD", char.lower()) if not unicodedata.combining(c))
        base = base.replace("đ", "d")
        out.append(base if len(base) == 1 else char)
    return "".join(out)


def _fmt(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _written(day: int | None, month: int, year: int | None) -> str:
    parts = ([f"{day:02d}"] if day is not None else []) + [f"{month:02d}"] + ([str(year)] if year else [])
    return "/".join(parts)
