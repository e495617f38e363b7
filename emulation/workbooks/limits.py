"""What an uploaded workbook may be, read from the settings in one place, and the one refusal when it is not."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext

from .. import uploads

MIB = 1024 * 1024


class WorkbookRefused(ValidationError):
    """The workbook is not read: ``message`` (in the active language) says why, ``code`` names the check."""

    def __init__(self, message: str, *, code: str):
        super().__init__(str(message), code=code)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class WorkbookLimits:
    """Bounds on what reading one workbook may cost. :meth:`from_settings` gives the configured ones."""

    max_bytes: int = 5 * MIB  # the file as uploaded (UPLOAD_MAX_BYTES_WORKBOOKS)
    max_unpacked_bytes: int = 64 * MIB  # all its parts unpacked together
    max_ratio: int = 100  # a part's unpacked size over its packed size; Excel's own parts stay under ~30
    max_members: int = 500  # parts in the ZIP; Excel writes a few dozen
    max_shared_strings: int = 200_000  # different texts of the workbook
    max_rows: int = 20_000  # rows with a value, title and header rows included
    max_columns: int = 100  # columns read; cells further right are ignored
    time_budget: float = 10.0  # seconds from opening to the last row
    empty_stretch: int = 1_000  # empty rows after the data that end the reading

    @classmethod
    def from_settings(cls) -> "WorkbookLimits":
        default = cls()
        return cls(
            max_bytes=uploads.max_bytes_for("workbooks"),
            max_unpacked_bytes=int(getattr(settings, "WORKBOOK_MAX_UNPACKED_BYTES", default.max_unpacked_bytes)),
            max_ratio=int(getattr(settings, "WORKBOOK_MAX_COMPRESSION_RATIO", default.max_ratio)),
            max_members=int(getattr(settings, "WORKBOOK_MAX_MEMBERS", default.max_members)),
            max_shared_strings=int(getattr(settings, "WORKBOOK_MAX_SHARED_STRINGS", default.max_shared_strings)),
            max_rows=int(getattr(settings, "WORKBOOK_MAX_ROWS", default.max_rows)),
            max_columns=int(getattr(settings, "WORKBOOK_MAX_COLUMNS", default.max_columns)),
            time_budget=float(getattr(settings, "WORKBOOK_TIME_BUDGET_SECONDS", default.time_budget)),
        )


class Deadline:
    """The moment the time budget runs out; :meth:`check` refuses the workbook past it."""

    def __init__(self, seconds: float, *, name: str):
        self.seconds, self.name = seconds, name
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            message = gettext("Reading “%(name)s” took longer than %(seconds)s seconds: split it into smaller files.")
            raise WorkbookRefused(
                message % {"name": self.name, "seconds": number_format(self.seconds, decimal_pos=0)}, code="too_slow"
            )
