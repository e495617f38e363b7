"""The staff list as an .xlsx file: the staff workbook's columns, so an exported list can be edited and imported.

Rows are streamed from the database and written in write-only mode, every text made inert
(:func:`~.writing.safe_text`): a name that holds a control character still exports.
"""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from emulation.models import Person

from .staff import COLUMNS
from .writing import write_only_response, xlsx_filename

# Number, the staff workbook's columns, status.
WIDTHS = (6, *(column.width for column in COLUMNS), 14)


def staff_list_header() -> list[str]:
    return [gettext("No."), *(str(column.label) for column in COLUMNS), gettext("Status")]


def staff_list_rows(people: QuerySet[Person]) -> Iterator[list]:
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


def staff_list_response(people: QuerySet[Person]) -> HttpResponse:
    return write_only_response(
        filename=xlsx_filename(gettext("staff-list"), f"{timezone.localdate():%Y%m%d}"),
        title=gettext("Staff list"),
        header=staff_list_header(),
        rows=staff_list_rows(people),
        widths=WIDTHS,
    )
