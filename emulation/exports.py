"""Lists as rows, written once and rendered as .xlsx by :mod:`emulation.excel`."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from .imports import COLUMNS
from .models import Person

# Number, the staff workbook's columns (so an exported list can be edited and imported), status.
STAFF_EXPORT_WIDTHS = (6, *(column.width for column in COLUMNS), 14)


def staff_export_filename() -> str:
    name = gettext("staff-list")
    return f"{name}-{timezone.localdate():%Y%m%d}.xlsx"


def staff_export_header() -> list[str]:
    return [gettext("No."), *(str(column.label) for column in COLUMNS), gettext("Status")]


def staff_export_rows(people: QuerySet[Person]) -> Iterator[list]:
    """One row per person of *people* (with ``select_related("unit")``), streamed from the database."""
    active, inactive = gettext("Active"), gettext("Inactive")
    for number, person in enumerate(people.iterator(chunk_size=2000), start=1):
        yield [
            number,
            person.full_name,
            person.get_sex_display(),
            person.date_of_birth,
            person.unit.name,
            person.position,
            person.get_category_display(),
            person.sector_start_date,
            person.national_id,
            person.email,
            person.phone,
            active if person.is_active else inactive,
        ]
