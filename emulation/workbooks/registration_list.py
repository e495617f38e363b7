"""The office's registration lists as .xlsx: the list of schools with their state, and the consolidated list.

The consolidated list's rows are written once here and read by both renderings: two sheets, "Tập thể"
then "Cá nhân", streamed in write-only mode, and the PDF of :mod:`emulation.documents.registration_list`.
Its headings are the ones offices print (domain.md §4), fixed Vietnamese text, never translated.
"""

import itertools
from collections.abc import Iterator

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from emulation.enums import AwardKind, RegistrationState, SchoolLevel
from emulation.selectors.registrations import (
    RegistrationFilters,
    collective_targets,
    consolidated_registrations,
    individual_lines,
    school_rows,
    with_counts,
)

from .writing import sheet_title, workbook_response, write_header, write_only_cell, write_only_response, xlsx_filename

INDIVIDUAL_SHEET = "Cá nhân"
COLLECTIVE_SHEET = "Tập thể"
INDIVIDUAL_HEADERS = (
    "STT",
    "Họ và tên",
    "Chức vụ, đơn vị",
    "Đăng ký danh hiệu",
    "Đăng ký hình thức khen thưởng",
    "Tên sáng kiến",
)
COLLECTIVE_HEADERS = ("STT", "Tên tập thể", "Đăng ký danh hiệu", "Đăng ký hình thức khen thưởng", "Cam kết")
INDIVIDUAL_WIDTHS = (6, 28, 44, 24, 28, 50)
COLLECTIVE_WIDTHS = (6, 44, 28, 28, 60)
SCHOOL_LIST_WIDTHS = (6, 44, 16, 22, 8, 9, 8, 10, 18, 18)
LIST_PREFIX = "danh-sach-dang-ky-thi-dua"
SCHOOL_LIST_PREFIX = "tinh-hinh-dang-ky-thi-dua"


# The consolidated list's rows ---------------------------------------------------------------------


def position_and_unit(position: str, unit_name: str) -> str:
    """ "Giáo viên, Trường Tiểu học Thanh Tuyền"; the unit alone when no position is known."""
    return f"{position}, {unit_name}" if position else unit_name


def individual_rows(registrations) -> Iterator[tuple]:
    """STT | Họ và tên | Chức vụ, đơn vị | Đăng ký danh hiệu | Đăng ký hình thức khen thưởng | Tên sáng kiến."""
    lines = individual_lines(registrations).iterator(chunk_size=2000)
    for number, (_unit_id, unit_name, name, position, title, form, initiative) in enumerate(lines, start=1):
        yield (number, name, position_and_unit(position, unit_name), title or "", form or "", initiative)


def collective_rows(registrations) -> Iterator[tuple]:
    """STT | Tên tập thể | Đăng ký danh hiệu | Đăng ký hình thức khen thưởng | Cam kết: one row per school."""
    targets = collective_targets(registrations).iterator(chunk_size=2000)
    grouped = itertools.groupby(targets, key=lambda target: (target[0], target[1]))
    for number, ((_unit_id, unit_name), group) in enumerate(grouped, start=1):
        titles, forms, commitments = [], [], []
        for _id, _name, award, kind, commitment in group:
            (forms if kind == AwardKind.FORM else titles).append(award)
            if commitment.strip():
                commitments.append(commitment.strip())
        yield (number, unit_name, "; ".join(titles), "; ".join(forms), "\n".join(commitments))


def list_filename(filters: RegistrationFilters) -> str:
    return xlsx_filename(LIST_PREFIX, filters.period.name)


def consolidated_response(filters: RegistrationFilters, *, include_waiting: bool = False) -> HttpResponse:
    """The consolidated list of the filtered schools: "Tập thể" then "Cá nhân", every text made inert."""
    from openpyxl import Workbook

    registrations = consolidated_registrations(filters, include_waiting=include_waiting)
    workbook = Workbook(write_only=True)
    for title, headers, widths, rows in (
        (COLLECTIVE_SHEET, COLLECTIVE_HEADERS, COLLECTIVE_WIDTHS, collective_rows(registrations)),
        (INDIVIDUAL_SHEET, INDIVIDUAL_HEADERS, INDIVIDUAL_WIDTHS, individual_rows(registrations)),
    ):
        sheet = workbook.create_sheet(title=sheet_title(title))
        write_header(sheet, headers, widths)
        for row in rows:
            sheet.append([write_only_cell(sheet, value) for value in row])
    return workbook_response(workbook, filename=list_filename(filters))


# The list of schools ----------------------------------------------------------------------------


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def school_list_header() -> list[str]:
    return [
        gettext("No."), gettext("School"), gettext("School level"), gettext("State"), "LĐTT", "CSTĐCS",
        gettext("Other"), gettext("Collective targets"), gettext("Submitted at"), gettext("Last change"),
    ]  # fmt: skip


def school_list_rows(filters: RegistrationFilters) -> Iterator[tuple]:
    """One row per school concerned, registered or not, with its state and counts per title."""
    for number, row in enumerate(with_counts(school_rows(filters)), start=1):
        yield (
            number,
            row.name,
            str(SchoolLevel(row.level).label) if row.level else "",
            str(RegistrationState(row.reg_state).label) if row.reg_state else gettext("Not started"),
            row.ldtt_lines,
            row.cstdcs_lines,
            row.other_lines,
            row.target_count,
            _local(row.reg_submitted_at),
            _local(row.reg_updated_at),
        )


def school_list_response(filters: RegistrationFilters) -> HttpResponse:
    return write_only_response(
        filename=xlsx_filename(SCHOOL_LIST_PREFIX, filters.period.name),
        title=gettext("Registrations"),
        header=school_list_header(),
        rows=school_list_rows(filters),
        widths=SCHOOL_LIST_WIDTHS,
    )
