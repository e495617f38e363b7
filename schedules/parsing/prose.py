"""A timeline written as prose rather than as a table.

Many plans give the timeline as a heading per span of months, each followed by one line per task::

    1. Tháng 9/2025:
    - Xây dựng kế hoạch công tác thi đua, khen thưởng.
    **2. Từ tháng 10 đến tháng 12 năm 2025**
    - Nộp sáng kiến về tổ chuyên môn trước ngày 15/11/2025.

Each task is one milestone. It keeps its heading's months as its window, unless it ends (or starts)
with its own date ("… trước ngày 15/11/2025", "Ngày 20/5/2026: …"), which is then its time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from schedules.parsing.dates import parse_due
from schedules.parsing.results import DueKind, _fold

_ANY_TIME = dt.date(1900, 1, 1), dt.date(2999, 12, 31)  # to recognise a phrase, whatever the period


_BULLET = re.compile(r"\s*(?:[-–—•·●▪◦+\uf0b7\uf0a7]|\*(?!\*))\s*(?=\S)")


_MARKUP = re.compile(r"^(?:\s|\*\*|__|#|>)+|(?:\s|\*\*|__)+$")  # **bold**, __bold__, "### heading" from markdown


_NUMBERING = re.compile(r"(?:[ivxlc]+|\d{1,2}|[a-z])\s*[.)](?!\d)\s*")  # "2.", "II.", "a)" (folded text)


_SPAN_START = re.compile(r"(?:tu|trong|thang)\b")  # "Tháng 9/2025", "Từ tháng 10 …", "Từ 01/9 đến 30/9/2025"


# Where a task's own date may start: the rest of the line must then read as a date phrase.
_DATE_START = re.compile(r"\b(?:truoc|han chot|han cuoi|cham nhat|muon nhat|vao|ngay|trong thang|tu)\b")


@dataclass
class ProseItem:
    """One task line (and the lines that continue it), with the time that applies to it."""

    line: int
    text: str
    heading_time: str
    more: list[str] = field(default_factory=list)

    @property
    def content(self) -> str:
        return self._split()[0].rstrip(" .;,")

    @property
    def due_text(self) -> str:
        return self._split()[1] or self.heading_time

    def _split(self) -> tuple[str, str]:
        text = " ".join(" ".join([self.text, *self.more]).split())
        return _own_time(text)


def _is_phrase(text: str, kinds: Iterable[DueKind] | None = None) -> bool:
    kind = parse_due(text, period_start=_ANY_TIME[0], period_end=_ANY_TIME[1]).kind
    return kind is not None and (kinds is None or kind in kinds)


def _heading(line: str) -> tuple[str, str] | None:
    """The month phrase of a heading line, and any task written after its colon."""
    text = _MARKUP.sub("", line)
    key = _fold(text)
    if numbering := _NUMBERING.match(key):
        text, key = text[numbering.end() :], key[numbering.end() :]
    if not _SPAN_START.match(key):
        return None
    phrase, _colon, rest = text.partition(":")
    phrase = _MARKUP.sub("", phrase).strip()
    if not _is_phrase(phrase, (DueKind.MONTH, DueKind.RANGE)):
        return None
    return phrase, _MARKUP.sub("", rest).strip()


def _is_structure(line: str) -> bool:
    """A heading of another part of the plan ("IV. TỔ CHỨC THỰC HIỆN", "**3. Kinh phí**"): the timeline ends."""
    stripped = line.strip()
    if stripped.startswith(("**", "#")):
        return True
    letters = [char for char in stripped if char.isalpha()]
    if len(letters) > 8 and " " in stripped and all(char.isupper() for char in letters):
        return True
    return _NUMBERING.match(_fold(stripped)) is not None


_DEADLINE_WORD = re.compile(r"truoc|han chot|han cuoi|cham nhat|muon nhat")


def _own_time(text: str) -> tuple[str, str]:
    """(content, time) of a task with its own date at its end or before a colon at its start.

    A deadline ("… trước ngày 15/11/2025", "…, ngày 20/5/2026") is taken out of the content; a date
    that is part of the sentence ("Tổ chức lễ kỷ niệm ngày 20/11/2025") stays in it too.
    """
    lead, colon, rest = text.partition(":")
    if colon and rest.strip() and _is_phrase(lead):
        return rest.strip(), lead.strip()
    key = _fold(text)
    for found in _DATE_START.finditer(key):
        tail = text[found.start() :].rstrip(" .;,)")
        content = text[: found.start()].rstrip(" ,;:–-(")
        if content and _is_phrase(tail):
            apart = _DEADLINE_WORD.match(found.group()) or text[len(content) : found.start()].strip() != ""
            return (content if apart else text), tail
    return text, ""


def prose_items(lines: Iterable[tuple[int, str]]) -> list[ProseItem]:
    """The tasks under month headings, from (line number, text) pairs without blank lines.

    Empty unless at least one task line starts with a bullet ("-", "–", "•", "+", "*") under a
    month heading: anything else is left to the table reader. Lines before the first heading
    and after a heading of another part are skipped; a line without a bullet continues the task above.
    """
    items: list[ProseItem] = []
    heading: str | None = None
    current: ProseItem | None = None
    bullets = 0
    for number, line in lines:
        if found := _heading(line):
            heading, task = found
            current = ProseItem(line=number, text=task, heading_time=heading) if task else None
            items.extend([current] if current else [])
        elif heading is not None and (bullet := _BULLET.match(line)):
            current = ProseItem(line=number, text=line[bullet.end() :], heading_time=heading)
            items.append(current)
            bullets += 1
        elif _is_structure(line):
            heading = current = None
        elif current is not None:
            current.more.append(line)
        elif heading is not None:
            current = ProseItem(line=number, text=line, heading_time=heading)
            items.append(current)
    return items if bullets else []
