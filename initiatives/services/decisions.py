"""The recognition decision (Quyết định công nhận sáng kiến): draft it from the council's results, then issue it.

Issuing is one transaction: the decision's row and every initiative's row are locked, the results are computed
once more and frozen into the entries, the number comes from the register, each initiative moves to its outcome
and is logged, the assignments close. Any refusal on the way leaves nothing written, the number included.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.dates import check_near_period
from emulation.documents.numbering import allocate_number
from emulation.enums import CouncilRole, DocumentType, PeriodKind, UnitKind
from emulation.models import Council
from emulation.text import nfc, vietnamese_sort_key
from initiatives.enums import DecisionState, InitiativeAction, InitiativeScope, InitiativeState
from initiatives.models import Assignment, DecisionEntry, Initiative, RecognitionDecision
from initiatives.services.evaluation import compute_result, ensure_scoring_form
from initiatives.services.initiatives import notify_school, transition

# How the head of each kind of unit is written on a decision (the law's wording, never translated): before the
# unit's printed name in the authority line ("HIỆU TRƯỞNG TRƯỜNG …", "TRƯỞNG PHÒNG GIÁO DỤC …"), and as the
# signer's authority line.
AUTHORITY_HEADS = {
    UnitKind.SCHOOL: "HIỆU TRƯỞNG",
    UnitKind.DISTRICT_OFFICE: "TRƯỞNG",
    UnitKind.COMMUNE_COMMITTEE: "CHỦ TỊCH",
    UnitKind.PROVINCE_DEPARTMENT: "GIÁM ĐỐC",
}
SIGNER_HEADS = {
    UnitKind.SCHOOL: "HIỆU TRƯỞNG",
    UnitKind.DISTRICT_OFFICE: "TRƯỞNG PHÒNG",
    UnitKind.COMMUNE_COMMITTEE: "CHỦ TỊCH",
    UnitKind.PROVINCE_DEPARTMENT: "GIÁM ĐỐC",
}
# The scope a council recognises at by default: its own level.
COUNCIL_SCOPES = {
    UnitKind.SCHOOL: InitiativeScope.BASE,
    UnitKind.DISTRICT_OFFICE: InitiativeScope.LOCAL,
    UnitKind.COMMUNE_COMMITTEE: InitiativeScope.LOCAL,
    UnitKind.PROVINCE_DEPARTMENT: InitiativeScope.PROVINCE,
}
DEFAULT_GROUNDS = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành Điều lệ Sáng kiến;",
    "Căn cứ Thông tư số 18/2013/TT-BKHCN ngày 01 tháng 8 năm 2013 của Bộ Khoa học và Công nghệ hướng dẫn thi hành "
    "một số quy định của Điều lệ Sáng kiến;",
)
TEXT_FIELDS = (
    "summary", "authority", "grounds", "proposal", "article_2", "article_3", "signer_prefix", "signer_authority",
    "signer_position", "signer_name", "recipients",
)  # fmt: skip


def council_scope(council: Council) -> InitiativeScope:
    return COUNCIL_SCOPES.get(council.unit.kind, InitiativeScope.BASE)


def period_words(council: Council) -> str:
    """ "năm học 2024 - 2025" or "năm 2025", as a decision's summary writes the period."""
    name = council.period.name.replace("-", " - ").replace("  ", " ")
    return f"năm học {name}" if council.period.kind == PeriodKind.SCHOOL_YEAR else f"năm {name}"


def default_fields(council: Council) -> dict:
    """A draft's wording from the council: the summary, the authority, the grounds, the articles, the signer."""
    unit = council.unit
    grounds = list(DEFAULT_GROUNDS)
    if council.decision_number:
        date = f" ngày {council.decision_date:%d/%m/%Y}" if council.decision_date else ""
        grounds.append(f"Căn cứ Quyết định số {council.decision_number}{date} về việc thành lập Hội đồng sáng kiến;")
    chair = council.members.filter(role=CouncilRole.CHAIR).select_related("person").first()
    return {
        "summary": f"Về việc công nhận sáng kiến {period_words(council)}",
        "authority": f"{AUTHORITY_HEADS.get(unit.kind, 'THỦ TRƯỞNG')} {nfc(unit.print_name).upper()}",
        "grounds": "\n".join(grounds),
        "proposal": "Theo đề nghị của Hội đồng sáng kiến.",
        "article_2": "Quyết định này có hiệu lực kể từ ngày ký.",
        "article_3": "Hội đồng sáng kiến, các bộ phận có liên quan và các cá nhân có tên tại Điều 1 chịu trách "
        "nhiệm thi hành Quyết định này.",
        "signer_authority": SIGNER_HEADS.get(unit.kind, "THỦ TRƯỞNG"),
        "signer_name": chair.person.full_name if chair else "",
        "recipients": "Như Điều 3;\nLưu: VT, HĐSK.",
    }  # fmt: skip


def article_1(decision: RecognitionDecision, *, recognised: int) -> str:
    """ "Công nhận 12 sáng kiến năm học 2024 - 2025 (có danh sách kèm theo)." """
    return f"Công nhận {recognised:02d} sáng kiến {period_words(decision.council)} (có danh sách kèm theo)."


def open_assignments(council: Council, initiative_ids) -> dict[int, Assignment]:
    return {
        assignment.initiative_id: assignment
        for assignment in Assignment.objects.filter(
            council=council, initiative_id__in=list(initiative_ids), is_closed=False
        )  # fmt: skip
    }


def _check_decidable(*, council: Council, initiatives, exclude_decision=None) -> dict[int, Assignment]:
    """Every initiative is under evaluation by *council* and in none of its other drafts; their assignments."""
    initiatives = list(initiatives)
    assignments = open_assignments(council, [initiative.pk for initiative in initiatives])
    other_drafts = DecisionEntry.objects.filter(
        decision__council=council, decision__state=DecisionState.DRAFT, initiative__in=initiatives
    )
    if exclude_decision is not None:
        other_drafts = other_drafts.exclude(decision=exclude_decision)
    in_drafts = set(other_drafts.values_list("initiative_id", flat=True))
    refused = [
        initiative.title
        for initiative in initiatives
        if initiative.state != InitiativeState.UNDER_EVALUATION
        or initiative.pk not in assignments
        or initiative.pk in in_drafts
    ]
    if refused:
        raise ValidationError(
            _("These initiatives are not (any more) waiting for this council's decision: %(titles)s.")
            % {"titles": "; ".join(sorted(refused))},
            code="state",
        )
    return assignments


@transaction.atomic
def create_decision(*, council: Council, initiatives, by, **fields) -> RecognitionDecision:
    """A draft decision on *initiatives* (under evaluation by *council*): each recognised if its result passes."""
    council = Council.objects.select_for_update().select_related("unit", "period").get(pk=council.pk)
    initiatives = list(Initiative.objects.filter(pk__in=[i.pk for i in initiatives]).select_related("unit"))
    if not initiatives:
        raise ValidationError(_("Choose the initiatives the decision is about."), code="empty")
    assignments = _check_decidable(council=council, initiatives=initiatives)
    values = {**default_fields(council), **{k: v for k, v in fields.items() if k in TEXT_FIELDS}}
    decision = RecognitionDecision.objects.create(council=council, created_by=by, **values)
    scope = council_scope(council)
    DecisionEntry.objects.bulk_create(
        [
            DecisionEntry(
                decision=decision, initiative=initiative, assignment=assignments[initiative.pk], order=order,
                recognised=assignments[initiative.pk].passes,
                scope=scope if assignments[initiative.pk].passes else "",
            )
            for order, initiative in enumerate(sorted(initiatives, key=_annex_order), start=1)
        ]
    )  # fmt: skip
    return decision


def _annex_order(initiative: Initiative):
    return (vietnamese_sort_key(initiative.unit.name), vietnamese_sort_key(initiative.title), initiative.pk)


def _lock_draft(decision: RecognitionDecision) -> RecognitionDecision:
    locked = (
        RecognitionDecision.objects.select_for_update(of=("self",))
        .select_related("council__unit", "council__period")
        .get(pk=decision.pk)
    )
    if locked.state != DecisionState.DRAFT:
        raise ValidationError(_("This decision has been issued: it can no longer be changed."), code="issued")
    return locked


@transaction.atomic
def update_decision(*, decision: RecognitionDecision, by, **fields) -> RecognitionDecision:
    locked = _lock_draft(decision)
    changed = []
    for name, value in fields.items():
        if name not in TEXT_FIELDS:
            raise TypeError(f"not a field of the decision's text: {name}")
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
        changed.append(name)
    locked.full_clean(exclude=["council", "issued_number", "created_by", "issued_by"])
    locked.save(update_fields=[*changed, "updated_at"])
    return locked


@dataclass(frozen=True)
class EntryChoice:
    recognised: bool
    scope: str = ""
    reason: str = ""


@transaction.atomic
def set_entries(*, decision: RecognitionDecision, by, choices: dict[int, EntryChoice]) -> int:
    """Set, entry by entry (keyed by id), recognised or not, the scope reached and the reasons of a refusal."""
    locked = _lock_draft(decision)
    entries = {entry.pk: entry for entry in locked.entries.filter(pk__in=list(choices))}
    for pk, choice in choices.items():
        entry = entries.get(pk)
        if entry is None:
            continue
        entry.recognised = choice.recognised
        entry.scope = InitiativeScope(choice.scope).value if choice.recognised and choice.scope else ""
        if choice.recognised and not entry.scope:
            entry.scope = council_scope(locked.council).value
        entry.reason = "" if choice.recognised else choice.reason.strip()
    DecisionEntry.objects.bulk_update(list(entries.values()), ["recognised", "scope", "reason"])
    locked.save(update_fields=["updated_at"])
    return len(entries)


@transaction.atomic
def add_to_decision(*, decision: RecognitionDecision, initiatives, by) -> int:
    locked = _lock_draft(decision)
    initiatives = [i for i in Initiative.objects.filter(pk__in=[i.pk for i in initiatives]).select_related("unit")
                   if not locked.entries.filter(initiative=i).exists()]  # fmt: skip
    assignments = _check_decidable(council=locked.council, initiatives=initiatives, exclude_decision=locked)
    last = locked.entries.order_by("-order").values_list("order", flat=True).first() or 0
    scope = council_scope(locked.council)
    DecisionEntry.objects.bulk_create(
        [
            DecisionEntry(
                decision=locked, initiative=initiative, assignment=assignments[initiative.pk], order=last + index,
                recognised=assignments[initiative.pk].passes, scope=scope if assignments[initiative.pk].passes else "",
            )
            for index, initiative in enumerate(sorted(initiatives, key=_annex_order), start=1)
        ]
    )  # fmt: skip
    return len(initiatives)


@transaction.atomic
def remove_from_decision(*, decision: RecognitionDecision, entry_ids, by) -> int:
    locked = _lock_draft(decision)
    deleted, _rows = locked.entries.filter(pk__in=list(entry_ids)).delete()
    return deleted


@transaction.atomic
def delete_decision(*, decision: RecognitionDecision, by) -> None:
    _lock_draft(decision).delete()


def decision_problems(*, decision: RecognitionDecision, entries: list[DecisionEntry]) -> list[str]:
    """What keeps a draft from being issued, in sentences (the results are those computed just now)."""
    problems = []
    if not entries:
        problems.append(_("The decision is about no initiative yet."))
    for field, message in (
        ("authority", _("Give the issuing authority.")),
        ("signer_authority", _("Give the signer's authority line.")),
        ("signer_name", _("Give the signer's name.")),
    ):
        if not getattr(decision, field).strip():
            problems.append(message)
    for entry in entries:
        if entry.recognised and not entry.passes:
            problems.append(
                _("“%(title)s” did not reach the threshold or the council's vote: it cannot be recognised.")
                % {"title": entry.initiative.title}
            )
        if not entry.recognised and not entry.reason.strip():
            problems.append(
                _("“%(title)s”: give the reasons it is not recognised.") % {"title": entry.initiative.title}
            )
    return problems


@transaction.atomic
def issue_decision(*, decision: RecognitionDecision, by, issued_on: dt.date | None = None) -> RecognitionDecision:
    """Number the decision, freeze the results, move every initiative to its outcome, tell those concerned."""
    locked = _lock_draft(decision)
    council = locked.council
    issued_on = issued_on or timezone.localdate()
    check_near_period(issued_on, period=council.period, field="issued_on")
    entries = list(locked.entries.select_related("assignment").order_by("order", "pk"))
    initiatives = {
        initiative.pk: initiative
        for initiative in Initiative.objects.select_for_update(of=("self",))
        .select_related("unit", "period")
        .filter(pk__in=[entry.initiative_id for entry in entries])
        .order_by("pk")
    }
    for entry in entries:
        entry.initiative = initiatives[entry.initiative_id]
    _check_decidable(council=council, initiatives=initiatives.values(), exclude_decision=locked)
    form = ensure_scoring_form(council=council)
    for entry in entries:
        entry.assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("council__unit", "initiative__unit")
            .get(pk=entry.assignment_id)
        )
        result = compute_result(assignment=entry.assignment, form=form)
        entry.score, entry.votes_for, entry.votes_against = result.score, result.votes_for, result.votes_against
        entry.abstentions, entry.vote_base_count, entry.passes = result.abstentions, result.base_count, result.passes
        entry.aggregate, entry.threshold = form.aggregate, form.threshold
        entry.vote_base, entry.vote_fraction = form.vote_base, form.vote_fraction
    problems = decision_problems(decision=locked, entries=entries)
    if problems:
        raise ValidationError(problems, code="problems")
    DecisionEntry.objects.bulk_update(
        entries,
        ["score", "votes_for", "votes_against", "abstentions", "vote_base_count", "passes", "aggregate", "threshold",
         "vote_base", "vote_fraction"],
    )  # fmt: skip
    locked.issued_number = allocate_number(
        unit=council.unit, doc_type=DocumentType.DECISION, issued_on=issued_on, title=locked.summary, subject=locked
    )
    comment = _("Decision %(symbol)s") % {"symbol": locked.issued_number.symbol}
    for entry in entries:
        _decide(entry=entry, by=by, comment=comment)
    locked.state, locked.issued_at, locked.issued_by = DecisionState.ISSUED, timezone.now(), by
    locked.save(update_fields=["issued_number", "state", "issued_at", "issued_by", "updated_at"])
    outcomes = [(entry.initiative_id, entry.recognised, entry.reason) for entry in entries]
    transaction.on_commit(lambda: _notify_outcomes(decision_id=locked.pk, outcomes=outcomes))
    for name in ("state", "issued_number", "issued_at", "issued_by", "updated_at"):
        setattr(decision, name, getattr(locked, name))
    return decision


def _decide(*, entry: DecisionEntry, by, comment: str) -> None:
    initiative = entry.initiative
    if entry.recognised:
        wider = not initiative.scope or InitiativeScope(entry.scope).rank > InitiativeScope(initiative.scope).rank
        transition(locked=initiative, action=InitiativeAction.RECOGNISE, by=by, comment=comment,
                   scope=entry.scope if wider else initiative.scope, outcome_reason="", score=entry.score)  # fmt: skip
    elif initiative.scope:  # recognised below already: a refusal above leaves that recognition as it was
        transition(locked=initiative, action=InitiativeAction.KEEP, by=by, comment=f"{comment}: {entry.reason}",
                   score=entry.score)  # fmt: skip
    else:
        transition(locked=initiative, action=InitiativeAction.REJECT, by=by, comment=f"{comment}: {entry.reason}",
                   outcome_reason=entry.reason, score=entry.score)  # fmt: skip
    Assignment.objects.filter(pk=entry.assignment_id).update(
        is_closed=True, score=entry.score, votes_for=entry.votes_for, votes_against=entry.votes_against,
        abstentions=entry.abstentions, vote_base_count=entry.vote_base_count, passes=entry.passes,
    )  # fmt: skip


def _notify_outcomes(*, decision_id: int, outcomes: list[tuple[int, bool, str]]) -> None:
    decision = RecognitionDecision.objects.select_related("issued_number").get(pk=decision_id)
    recognised_title = _("Your initiative “%(title)s” was recognised (decision %(symbol)s)")
    refused_title = _("Your initiative “%(title)s” was not recognised (decision %(symbol)s)")
    for initiative_id, recognised, reason in outcomes:
        notify_school(
            initiative_id=initiative_id, title=recognised_title if recognised else refused_title, body=reason,
            extra={"symbol": decision.symbol},
        )  # fmt: skip
