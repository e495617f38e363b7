"""Opening an uploaded workbook through one guarded door, and reading its rows.

:func:`open_workbook` checks the size, lets :mod:`.guard` look inside the ZIP, then lets openpyxl open it
(read-only, values not formulas); the rows are streamed by :mod:`.sheets`. The time budget runs from the
opening to the last row read. Whatever goes wrong, the one exception is :class:`WorkbookRefused`, whose
message says what, in the active language; no other exception leaves this module.
"""

import io
import os
import warnings
from collections.abc import Iterator
from pathlib import Path, PurePath

from django.utils.translation import gettext

from .. import uploads
from . import guard
from .limits import Deadline, WorkbookLimits, WorkbookRefused
from .sheets import Oversized, Row, SheetParser


def _file_of(source) -> tuple[object, int, str, bool]:
    """(an open binary file, its size, its name, whether it is ours to close)."""
    if isinstance(source, str | os.PathLike):
        handle = open(source, "rb")  # noqa: SIM115 (closed by Workbook.close)
        return handle, os.fstat(handle.fileno()).st_size, Path(source).name, True
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(source), len(source), "", True
    size = getattr(source, "size", None)
    if size is None:
        source.seek(0, io.SEEK_END)
        size = source.tell()
    source.seek(0)
    return source, size, PurePath(getattr(source, "name", "") or "").name, False


class Workbook:
    """An opened workbook: its sheets' titles and, sheet by sheet, the rows holding a value."""

    def __init__(self, book, *, file, owned: bool, name: str, limits: WorkbookLimits, deadline: Deadline):
        self._book, self._file, self._owned = book, file, owned
        self.name, self.limits, self.deadline = name, limits, deadline
        self.sheet_names = [sheet.title for sheet in book.worksheets]  # chart sheets left out
        try:
            self.active = book.worksheets.index(book.active)
        except (ValueError, IndexError, AttributeError):
            self.active = 0

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._book.close()
        finally:
            if self._owned:
                self._file.close()

    def sheet_order(self) -> list[int]:
        """The active sheet first, then the others in the workbook's order."""
        return [self.active, *(index for index in range(len(self.sheet_names)) if index != self.active)]

    def rows(self, sheet: int | str = 0) -> Iterator[Row]:
        """The rows of *sheet* (its position or its title) that hold a value, with their numbers."""
        index = self.sheet_names.index(sheet) if sheet in self.sheet_names else sheet
        if not isinstance(index, int) or not 0 <= index < len(self.sheet_names):
            raise guard.refusal("no_sheet", name=self.name)
        worksheet = self._book.worksheets[index]
        title = self.sheet_names[index]
        parser = SheetParser(
            shared_strings=worksheet._shared_strings,
            date_styles=self._book._date_formats,
            timedelta_styles=self._book._timedelta_formats,
            epoch=self._book.epoch,
            limits=self.limits,
        )

        def too_many() -> WorkbookRefused:
            message = gettext("The sheet “%(sheet)s” has more than %(limit)s rows: split it into several files.")
            return WorkbookRefused(
                message % {"sheet": title, "limit": guard.grouped(self.limits.max_rows)}, code="rows"
            )

        try:
            with self._book._archive.open(worksheet._worksheet_path) as stream:
                yield from parser.rows(stream, limits=self.limits, deadline=self.deadline, on_too_many=too_many)
        except WorkbookRefused:
            raise
        except Oversized:
            raise guard.refusal("structure", name=self.name, part=worksheet._worksheet_path) from None
        except Exception:  # Damaged, a part that does not unpack, or XML that is not a worksheet
            raise guard.refusal("damaged", name=self.name) from None


def open_workbook(source, *, name: str = "", limits: WorkbookLimits | None = None) -> Workbook:
    """Open *source* (a path, bytes, or an uploaded or other binary file) once it has passed every check.

    Use it as a context manager, or close it. *name* is the file's name in messages (its own by default).
    """
    limits = limits or WorkbookLimits.from_settings()
    file, size, own_name, owned = _file_of(source)
    name = name or own_name or gettext("the workbook")
    deadline = Deadline(limits.time_budget, name=name)
    try:
        if size > limits.max_bytes:
            message = uploads.too_large_message(name=name, size=size, limit=limits.max_bytes)
            raise WorkbookRefused(message, code="too_large")
        if size == 0:
            raise WorkbookRefused(uploads.empty_message(name=name), code="empty")
        guard.inspect(file, name=name, limits=limits, deadline=deadline)
        book = _load(file, name=name)
        if not book.worksheets:
            book.close()
            raise guard.refusal("no_sheet", name=name)
        deadline.check()
    except BaseException:
        if owned:
            file.close()
        raise
    return Workbook(book, file=file, owned=owned, name=name, limits=limits, deadline=deadline)


def _load(file, *, name: str):
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of the extensions it does not read
            book = load_workbook(file, read_only=True, data_only=True)
            book.worksheets  # noqa: B018 (read the sheets now, under this guard)
    except Exception:  # openpyxl raises many kinds of errors on a file it cannot read
        raise guard.refusal("damaged", name=name) from None
    return book


def read_rows(source, *, name: str = "", limits: WorkbookLimits | None = None, sheet: int | str = 0) -> list[Row]:
    """The rows holding a value of one sheet of *source* (the first by default)."""
    with open_workbook(source, name=name, limits=limits) as workbook:
        return list(workbook.rows(sheet))
