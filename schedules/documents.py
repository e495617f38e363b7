"""The plan (KH) as an official document: context for ``documents/plan.html``, PDF and Excel."""

from django.utils import timezone
from django.utils.text import slugify

from emulation.documents.jobs import Rendered
from emulation.documents.layout import (
    DOCUMENT_TYPE_NAMES,
    Signature,
    annex_caption,
    document_header,
    inline_marks,
    keep_year_ranges,
    numbered_heading,
    recipient_lines,
)
from emulation.documents.pdf import render_pdf
from emulation.enums import DocumentType

from .models import Plan


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def timeline_rows(plan: Plan):
    """The annex rows as printed: the time as written in the plan, or the dates when none was written."""
    for milestone in plan.milestones.all():
        if milestone.due_text:
            due = milestone.due_text
        elif milestone.opens_on and milestone.due_on and milestone.opens_on != milestone.due_on:
            due = f"Từ {milestone.opens_on:%d/%m/%Y} đến {milestone.due_on:%d/%m/%Y}"
        elif milestone.due_on:
            due = f"Ngày {milestone.due_on:%d/%m/%Y}"
        else:
            due = ""
        yield {"order": milestone.order, "content": milestone.content, "due": due, "actor": milestone.actor_text}


def plan_year(plan: Plan) -> int:
    """The year a draft's date line shows: this year while the period runs, else the period's nearest year."""
    today = timezone.localdate()
    return min(max(today, plan.period.start_date), plan.period.end_date).year


def plan_context(plan: Plan) -> dict:
    year = plan.issued_on.year if plan.issued_on else plan_year(plan)
    header = document_header(
        unit=plan.issuing_unit,
        doc_type=DocumentType.PLAN,
        issued=plan.issued_number,
        issued_on=plan.issued_on,
        year=year,
    )
    return {
        "draft": not plan.is_issued,
        "header": header,
        "doc_type_name": DOCUMENT_TYPE_NAMES[DocumentType.PLAN],
        "summary": keep_year_ranges(plan.title),
        "grounds": paragraphs(plan.preamble),
        "intro": [inline_marks(paragraph) for paragraph in paragraphs(plan.intro)],
        "sections": [
            {
                "heading": numbered_heading(number, section.heading),
                "paragraphs": [inline_marks(p) for p in paragraphs(section.body)],
            }
            for number, section in enumerate(plan.sections.all(), start=1)
        ],
        "recipients": recipient_lines(plan.recipients),
        "signature": Signature(
            prefix=plan.signer_prefix,
            authority=plan.signer_authority,
            position=plan.signer_position,
            name=plan.signer_name,
        ),
        "annex_title": plan.annex_title,
        "annex_caption": annex_caption(
            doc_type=DocumentType.PLAN,
            symbol=header.symbol,
            issued_on=plan.issued_on,
            issuer_name=plan.issuing_unit.name,
            year=year,
        ),
        "rows": list(timeline_rows(plan)),
    }


def plan_filename(plan: Plan, extension: str) -> str:
    """ "ke-hoach-01-kh-pgddt-2023-12.pdf": number and symbol, year, and the plan's id, since two offices
    may share a symbol and every year starts again at 01; a draft is "ke-hoach-du-thao-12.pdf"."""
    name = f"{plan.symbol.replace('/', '-')}-{plan.issued_on.year}-{plan.pk}" if plan.symbol else f"du-thao-{plan.pk}"
    return f"ke-hoach-{slugify(name.replace('Đ', 'D').replace('đ', 'd'))}.{extension}"


def render_plan_pdf(plan_id: int, progress=lambda percent: None, params: dict | None = None) -> Rendered:
    plan = Plan.objects.select_related("issuing_unit", "period", "issued_number").get(pk=plan_id)
    context = plan_context(plan)
    progress(30)
    content = render_pdf(template_name="documents/plan.html", context=context)
    progress(95)
    return Rendered(filename=plan_filename(plan, "pdf"), content=content)


def can_view_plan(user, plan_id: int, params: dict | None = None) -> bool:
    plan = Plan.objects.select_related("issuing_unit").filter(pk=plan_id).first()
    return plan is not None and user.has_perm("schedules.view_plan", plan)
