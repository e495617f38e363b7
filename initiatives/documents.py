"""The recognition decision as an official document: context for ``documents/initiative_decision.html``, PDF."""

from django.db.models import Prefetch
from django.template.defaultfilters import floatformat
from django.utils.text import slugify

from emulation.documents.jobs import Rendered
from emulation.documents.layout import (
    DOCUMENT_TYPE_NAMES,
    Signature,
    annex_caption,
    document_header,
    keep_year_ranges,
    recipient_lines,
)
from emulation.documents.pdf import render_pdf
from emulation.enums import DocumentType
from initiatives.enums import InitiativeScope
from initiatives.models import InitiativeAuthor, RecognitionDecision
from initiatives.services.decisions import article_1

ANNEX_TITLE = "DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN"


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def decision_entries(decision: RecognitionDecision):
    return (
        decision.entries.select_related("initiative__field", "initiative__unit")
        .prefetch_related(Prefetch("initiative__authors", InitiativeAuthor.objects.order_by("order", "pk")))
        .order_by("order", "pk")
    )


def annex_rows(entries) -> list[dict]:
    """STT | Tên sáng kiến | Tác giả | Chức vụ, đơn vị | Lĩnh vực | Điểm | Phạm vi ảnh hưởng, recognised entries only."""
    rows = []
    for number, entry in enumerate((entry for entry in entries if entry.recognised), start=1):
        authors = list(entry.initiative.authors.all())
        rows.append(
            {
                "number": number,
                "title": entry.initiative.title,
                "authors": [author.full_name for author in authors],
                "positions": [", ".join(part for part in (author.position, author.workplace) if part)
                              for author in authors],
                "field": entry.initiative.field.name if entry.initiative.field else "",
                "score": floatformat(entry.score, -2) if entry.score is not None else "",
                "scope": InitiativeScope(entry.scope).printed if entry.scope else "",
            }
        )  # fmt: skip
    return rows


def decision_context(decision: RecognitionDecision) -> dict:
    unit = decision.council.unit
    header = document_header(
        unit=unit, doc_type=DocumentType.DECISION, issued=decision.issued_number, issued_on=decision.issued_on
    )
    entries = list(decision_entries(decision))
    rows = annex_rows(entries)
    return {
        "header": header,
        "doc_type_name": DOCUMENT_TYPE_NAMES[DocumentType.DECISION],
        "summary": keep_year_ranges(decision.summary),
        "authority": decision.authority.upper(),
        "grounds": paragraphs(decision.grounds),
        "proposal": decision.proposal.strip(),
        "articles": [
            article_1(decision, recognised=len(rows)),
            *(text for text in (decision.article_2.strip(), decision.article_3.strip()) if text),
        ],
        "recipients": recipient_lines(decision.recipients),
        "signature": Signature(
            prefix=decision.signer_prefix,
            authority=decision.signer_authority,
            position=decision.signer_position,
            name=decision.signer_name,
        ),  # fmt: skip
        "annex_title": ANNEX_TITLE,
        "annex_caption": annex_caption(
            doc_type=DocumentType.DECISION, symbol=header.symbol, issued_on=decision.issued_on, issuer_name=unit.name
        ),
        "rows": rows,
    }


def decision_filename(decision: RecognitionDecision, extension: str) -> str:
    name = decision.symbol.replace("/", "-") if decision.symbol else f"du-thao-{decision.pk}"
    return f"quyet-dinh-cong-nhan-sang-kien-{slugify(name.replace('Đ', 'D').replace('đ', 'd'))}.{extension}"


def render_decision_pdf(decision_id: int, progress=lambda percent: None, params: dict | None = None) -> Rendered:
    decision = RecognitionDecision.objects.select_related("council__unit", "council__period", "issued_number").get(
        pk=decision_id
    )
    context = decision_context(decision)
    progress(30)
    content = render_pdf(template_name="documents/initiative_decision.html", context=context)
    progress(95)
    return Rendered(filename=decision_filename(decision, "pdf"), content=content)


def can_view_decision_pdf(user, decision_id: int, params: dict | None = None) -> bool:
    decision = RecognitionDecision.objects.select_related("council__unit").filter(pk=decision_id).first()
    return decision is not None and user.has_perm("initiatives.view_recognitiondecision", decision)
