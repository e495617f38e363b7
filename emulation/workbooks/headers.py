"""Finding a sheet's header: which row it is, which column holds what, and what is missing or left aside.

The header may sit below title rows ("DANH SÁCH CÁN BỘ…"): the first ``search_rows`` rows holding a value
are tried, and the one naming the most known columns wins (the earliest on a tie). A column is known by
its label in Vietnamese or English, its key or an alias, without accents, case or bracketed notes, in
any order. Required columns that are missing and columns named twice are problems; other headers are
listed as ignored.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from .cells import CellError, Column, Problem, fold, read_text, shown
from .sheets import Row
from .writing import column_letter

HEADER_SEARCH_ROWS = 30


class HeaderMap:
    """Folded header text → column key, for *columns*."""

    def __init__(self, columns: Sequence[Column]):
        self.columns = {column.key: column for column in columns}
        self.keys: dict[str, str] = {}
        for column in columns:
            for text in column.header_texts():
                self.keys.setdefault(fold(text), column.key)

    def key_of(self, value) -> str | None:
        if value is None or not isinstance(value, str | int | float):
            return None
        return self.keys.get(fold(value))


@dataclass
class Header:
    row: int | None  # the header's row number in the sheet; None when none was found
    cells: tuple = ()  # the header row as written
    positions: dict[str, int] = field(default_factory=dict)  # key → 0-based column index
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (letter, text) of headers not read
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.row is not None and not self.problems

    def letter(self, key: str) -> str:
        return column_letter(self.positions[key] + 1)

    def ignored_message(self) -> str:
        """The note listing the headers not read ("… D (Ghi chú), H (Trạng thái)."), or "" when all are read."""
        if not self.ignored:
            return ""
        listed = ", ".join(f"{letter} ({text})" for letter, text in self.ignored)
        return gettext("These columns are not read: %(columns)s.") % {"columns": listed}


def _match(row: Row, header_map: HeaderMap) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for index, value in enumerate(row.cells):
        key = header_map.key_of(value)
        if key is not None:
            found.setdefault(key, []).append(index)
    return found


def find_header(rows: Sequence[Row], columns: Sequence[Column], *, search_rows: int = HEADER_SEARCH_ROWS) -> Header:
    header_map = HeaderMap(columns)
    required = [column for column in columns if column.required]
    best, best_found, best_score = None, {}, (0, 0)
    for row in rows[:search_rows]:
        found = _match(row, header_map)
        score = (sum(1 for column in required if column.key in found), len(found))
        if score > best_score:
            best, best_found, best_score = row, found, score
    if best is None:
        first = rows[0].number if rows else 1
        names = ", ".join(f"“{column.label}”" for column in (required or columns))
        message = gettext("No header row naming the columns %(columns)s was found in the first %(count)s rows.")
        return Header(row=None, problems=[Problem(first, message % {"columns": names, "count": search_rows})])
    header = Header(row=best.number, cells=best.cells)
    for key, indexes in best_found.items():
        header.positions[key] = indexes[0]
        if len(indexes) > 1:
            message = gettext("The column “%(header)s” appears twice (columns %(first)s and %(second)s).") % {
                "header": header_map.columns[key].label,
                "first": column_letter(indexes[0] + 1),
                "second": column_letter(indexes[1] + 1),
            }
            header.problems.append(Problem(best.number, message))
    for column in required:
        if column.key not in header.positions:
            message = gettext("The column “%(header)s” is missing: download the template and copy the data into it.")
            header.problems.append(Problem(best.number, message % {"header": column.label}))
    taken = {index for indexes in best_found.values() for index in indexes}
    for index, value in enumerate(best.cells):
        if index not in taken:
            text = _header_text(value)
            if text:
                header.ignored.append((column_letter(index + 1), text))
    return header


def _header_text(value) -> str:
    try:
        return read_text(value, max_length=10_000)
    except CellError:  # a formula or an Excel error as a header
        return shown(value)
