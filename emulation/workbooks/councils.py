"""Councils as .xlsx: the list of councils with the list page's filters, and one council's members."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from emulation.models import Council

from .writing import write_only_response, xlsx_filename

COUNCIL_LIST_WIDTHS = (6, 40, 34, 12, 18, 14, 28, 10)
MEMBER_WIDTHS = (6, 32, 28, 26)


def council_list_header() -> list[str]:
    return [
        gettext("No."), gettext("Unit"), gettext("Council"), gettext("Period"), gettext("Establishing decision"),
        gettext("Date of the decision"), gettext("Chair"), gettext("Members"),
    ]  # fmt: skip


def council_list_rows(councils: QuerySet[Council]) -> Iterator[list]:
    """One row per council of :func:`~emulation.selectors.councils.council_list` (its chair and count annotated)."""
    for number, council in enumerate(councils.iterator(chunk_size=2000), start=1):
        yield [
            number, council.unit.name, council.get_kind_display(), council.period.name, council.decision_number,
            council.decision_date, council.chair_name or "", council.member_count,
        ]  # fmt: skip


def council_list_response(councils: QuerySet[Council]) -> HttpResponse:
    return write_only_response(
        filename=xlsx_filename(gettext("councils"), f"{timezone.localdate():%Y%m%d}"),
        title=gettext("Councils"),
        header=council_list_header(),
        rows=council_list_rows(councils),
        widths=COUNCIL_LIST_WIDTHS,
    )


def member_export_header() -> list[str]:
    return [gettext("No."), gettext("Full name"), gettext("Position"), gettext("Role in the council")]


def member_export_rows(members) -> Iterator[list]:
    for number, member in enumerate(members, start=1):
        yield [number, member.person.full_name, member.person.position, member.get_role_display()]


def member_list_response(council: Council, members) -> HttpResponse:
    return write_only_response(
        filename=xlsx_filename(gettext("council-members"), council.unit.symbol, council.period.name),
        title=council.get_kind_display(),
        header=member_export_header(),
        rows=member_export_rows(members),
        widths=MEMBER_WIDTHS,
    )
