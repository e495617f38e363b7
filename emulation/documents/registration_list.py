"""The consolidated registration list as a PDF in the NĐ 30/2020 layout, rendered by a background job.

The list is long (tens of thousands of lines at province scale), so it is rendered by a document job
(kind :data:`PDF_KIND`) whose object is the office and whose parameters are the period and the filters.
Its rows are those of the Excel list (:mod:`emulation.workbooks.registration_list`); its wording is the
one offices print, fixed Vietnamese text, never translated.
"""

import itertools
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import slugify

from emulation.documents.jobs import Rendered, register_renderer
from emulation.documents.layout import date_line, period_words
from emulation.documents.pdf import render_pdf
from emulation.enums import RegistrationState, SchoolLevel
from emulation.models import EmulationBlock, Period, Unit
from emulation.selectors.organisation import office_units_of
from emulation.selectors.registrations import (
    NOT_STARTED,
    RegistrationFilters,
    consolidated_registrations,
    individual_lines,
)
from emulation.workbooks.registration_list import LIST_PREFIX, collective_rows

PDF_KIND = "registration_list"


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


def pdf_filename(filters: RegistrationFilters) -> str:
    return f"{LIST_PREFIX}-{slugify(filters.period.name)}.pdf"


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
    return Rendered(filename=pdf_filename(filters), content=content)


def can_view_registration_list_pdf(user, object_id: int, params: dict | None = None) -> bool:
    """The office's staff only: the job's object is the office, which must be one the user follows."""
    if not user.has_perm("emulation.view_registration_list"):
        return False
    return any(office.pk == object_id for office in office_units_of(user))


def register_pdf_renderer() -> None:
    register_renderer(PDF_KIND, render=render_registration_list_pdf, can_view=can_view_registration_list_pdf)
