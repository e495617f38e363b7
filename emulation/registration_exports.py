"""The consolidated registration list as rows, written once and rendered as Excel (write-only) or as a PDF.

The column headings and the document's wording are the ones offices print, fixed
Vietnamese text, never translated. The PDF is long (tens of thousands of lines at province scale),
so it is rendered by a background job (emulation.jobs, kind "registration_list") whose object id
packs the office, the period and the filters.
"""

import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from emulation.documents.jobs import Rendered, register_renderer
from emulation.documents.layout import date_line, period_words
from emulation.documents.pdf import render_pdf
from emulation.selectors.organisation import office_units_of
from emulation.selectors.registrations import (
    NOT_STARTED,
    RegistrationFilters,
    collective_targets,
    consolidated_registrations,
    individual_lines,
)

from .enums import AwardKind, RegistrationState, SchoolLevel
from .excel import XLSX_CONTENT_TYPE, column_letter, sheet_title
from .models import EmulationBlock, Period, Unit

PDF_KIND = "registration_list"
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


# Rows ------------------------------------------------------------------------------------------


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


def individuals_by_school(registrations) -> list[dict]:
    """The PDF's individual table: a heading row per school, then its people numbered from 1 on."""
    schools = []
    lines = individual_lines(registrations).iterator(chunk_size=2000)
    for (_unit_id, unit_name), group in itertools.groupby(lines, key=lambda line: (line[0], line[1])):
        rows = [
            {"name": name, "position": position or "", "title": title or "", "form": form or "", "initiative": idea}
            for _u, _n, name, position, title, form, idea in group
        ]
        schools.append({"name": unit_name, "rows": rows})
    return schools


# Excel -----------------------------------------------------------------------------------------


def consolidated_xlsx(filters: RegistrationFilters, *, include_waiting: bool = False) -> bytes:
    """Two sheets, "Tập thể" then "Cá nhân", streamed in openpyxl's write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    registrations = consolidated_registrations(filters, include_waiting=include_waiting)
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def write(title, headers, widths, rows):
        sheet = workbook.create_sheet(title=sheet_title(title))
        sheet.freeze_panes = "A2"
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[column_letter(index)].width = width
        header = []
        for value in headers:
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = bold
            cell.alignment = wrap
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append(row)

    write(COLLECTIVE_SHEET, COLLECTIVE_HEADERS, COLLECTIVE_WIDTHS, collective_rows(registrations))
    write(INDIVIDUAL_SHEET, INDIVIDUAL_HEADERS, INDIVIDUAL_WIDTHS, individual_rows(registrations))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, *, filename: str):

    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def list_filename(filters: RegistrationFilters, extension: str, *, prefix: str = "danh-sach-dang-ky-thi-dua") -> str:
    return f"{prefix}-{slugify(filters.period.name)}.{extension}"


# The PDF job -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListJob:
    """What the background PDF lists: the office (the job's object) and the filters (its parameters)."""

    office_id: int
    period_id: int
    level: str = ""
    block_id: int | None = None
    state: str = ""
    include_waiting: bool = False

    @property
    def params(self) -> dict:
        return {
            "period": self.period_id,
            "level": self.level,
            "block": self.block_id,
            "state": self.state,
            "waiting": self.include_waiting,
        }

    @classmethod
    def of(cls, office_id: int, params: dict) -> "ListJob":
        return cls(
            office_id=office_id,
            period_id=params["period"],
            level=params.get("level", ""),
            block_id=params.get("block"),
            state=params.get("state", ""),
            include_waiting=bool(params.get("waiting")),
        )


def job_for(filters: RegistrationFilters, *, include_waiting: bool) -> ListJob:
    return ListJob(
        office_id=filters.office.pk,
        period_id=filters.period.pk,
        level=filters.level,
        block_id=filters.block.pk if filters.block else None,
        state=filters.state,
        include_waiting=include_waiting,
    )


def filters_of(job: ListJob) -> RegistrationFilters:
    office = Unit.objects.get(pk=job.office_id)
    period = Period.objects.get(pk=job.period_id)
    block = EmulationBlock.objects.filter(pk=job.block_id).first() if job.block_id else None
    return RegistrationFilters(office=office, period=period, level=job.level, block=block, state=job.state)


def filter_words(filters: RegistrationFilters) -> str:
    """The filters as the document states them, e.g. "Khối thi đua: Khối 1; cấp học: Tiểu học"."""
    parts = []
    if filters.block is not None:
        parts.append(f"Khối thi đua: {filters.block.name}")
    if filters.level:
        parts.append(f"cấp học: {str(SchoolLevel(filters.level).label).lower()}")
    if filters.state and filters.state != NOT_STARTED:
        parts.append(f"tình trạng: {str(RegistrationState(filters.state).label).lower()}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def list_context(filters: RegistrationFilters, *, include_waiting: bool) -> dict:
    registrations = consolidated_registrations(filters, include_waiting=include_waiting)
    office = filters.office
    return {
        "office": office,
        "governing_body": office.governing_body.upper(),
        "issuer": office.print_name.upper(),
        "place_date": date_line(office.place_name, timezone.localdate()),
        "list_title": f"DANH SÁCH ĐĂNG KÝ THI ĐUA {period_words(filters.period)}",
        "filter_words": filter_words(filters),
        "include_waiting": include_waiting,
        "collectives": [
            {"number": number, "name": name, "titles": titles, "forms": forms, "commitment": commitment}
            for number, name, titles, forms, commitment in collective_rows(registrations)
        ],
        "schools": individuals_by_school(registrations),
    }


def render_registration_list_pdf(object_id: int, progress=lambda percent: None, params: dict | None = None) -> Rendered:
    job = ListJob.of(object_id, params or {})
    filters = filters_of(job)
    with translation.override(settings.LANGUAGE_CODE):
        context = list_context(filters, include_waiting=job.include_waiting)
        progress(20)
        content = render_pdf(template_name="documents/registration_list.html", context=context)
    progress(95)
    return Rendered(filename=list_filename(filters, "pdf"), content=content)


def can_view_registration_list_pdf(user, object_id: int, params: dict | None = None) -> bool:
    """The office's staff only: the job's object is the office, which must be one the user follows."""
    if not user.has_perm("emulation.view_registration_list"):
        return False
    return any(office.pk == object_id for office in office_units_of(user))


def register_pdf_renderer() -> None:
    register_renderer(PDF_KIND, render=render_registration_list_pdf, can_view=can_view_registration_list_pdf)
