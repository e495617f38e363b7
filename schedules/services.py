import datetime as dt
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.dates import check_near_period
from emulation.documents.layout import period_words
from emulation.documents.numbering import allocate_number
from emulation.enums import SCHOOL_MANAGER_ROLES, BlockRole, DeadlineAction, DocumentType, Role
from emulation.models import EmulationBlock, Unit
from emulation.selectors.organisation import accounts_in
from emulation.services.deadlines import deactivate_deadline, upsert_deadline
from emulation.services.notifications import notify, send_notice, site_url
from emulation.text import search_key
from schedules.parsing.actors import match_actors
from schedules.parsing.results import ActorKind
from schedules.parsing.tables import parse_timeline_text
from schedules.parsing.workbook import parse_timeline_xlsx
from schedules.selectors.plans import timeline_basis, timeline_signature

from .enums import LogAction, PlanState
from .models import Milestone, Plan, PlanLog, PlanSection

PLAN_FIELDS = (
    "title", "preamble", "intro", "signer_prefix", "signer_authority", "signer_position", "signer_name",
    "recipients", "annex_title", "before_is_inclusive",
)  # fmt: skip


def log_plan(*, plan: Plan, action: str, by, comment: str = "", from_state: str = "", to_state: str = "") -> PlanLog:
    return PlanLog.objects.create(
        plan=plan, action=action, by=by, comment=comment, from_state=from_state, to_state=to_state or plan.state
    )


@transaction.atomic
def create_plan(*, issuing_unit: Unit, period, by, **fields) -> Plan:
    plan = Plan(issuing_unit=issuing_unit, period=period, created_by=by)
    for name in PLAN_FIELDS:
        if name in fields:
            setattr(plan, name, fields[name])
    if not plan.annex_title:
        plan.annex_title = default_annex_title(plan)
    plan.full_clean()
    plan.save()
    log_plan(plan=plan, action=LogAction.CREATED, by=by)
    return plan


def default_annex_title(plan: Plan) -> str:
    """ "… NĂM HỌC 2023 - 2024" for a school year, "… NĂM 2021" for a calendar year."""
    return f"KHUNG KẾ HOẠCH THỜI GIAN CÔNG TÁC THI ĐUA, KHEN THƯỞNG {period_words(plan.period, spaced=True)}"


def _ensure_draft(plan: Plan) -> None:
    if plan.is_issued:
        raise ValidationError(_("An issued plan can no longer be edited; amend its timeline instead."))


@transaction.atomic
def update_plan(*, plan: Plan, by, **fields) -> Plan:
    """Change a draft's text and signer; once issued, a plan changes only through its milestones."""
    _ensure_draft(plan)
    changed = [name for name in PLAN_FIELDS if name in fields and getattr(plan, name) != fields[name]]
    for name in changed:
        setattr(plan, name, fields[name])
    if not changed:
        return plan
    plan.full_clean()
    plan.save(update_fields=[*changed, "updated_at"])
    log_plan(plan=plan, action=LogAction.EDITED, by=by)
    return plan


@transaction.atomic
def save_plan_section(*, section: PlanSection, by) -> PlanSection:
    """Add or change one section of a draft's body, logged with its heading."""
    _ensure_draft(section.plan)
    creating = section.pk is None
    section.full_clean(exclude=["plan"])
    section.save()
    message = _("Section “%(heading)s” added") if creating else _("Section “%(heading)s” changed")
    log_plan(plan=section.plan, action=LogAction.EDITED, by=by, comment=message % {"heading": section.heading})
    return section


@transaction.atomic
def move_plan_section(*, section: PlanSection, up: bool, by) -> None:
    """Swap *section* with the one above (or below) it; the sections are then numbered 1, 2, 3… again."""
    plan = Plan.objects.select_for_update().get(pk=section.plan_id)
    _ensure_draft(plan)
    sections = list(plan.sections.order_by("order", "pk"))
    index = next((i for i, s in enumerate(sections) if s.pk == section.pk), None)
    other = None if index is None else (index - 1 if up else index + 1)
    if other is None or not 0 <= other < len(sections):
        return
    sections[index], sections[other] = sections[other], sections[index]
    changed = []
    for order, each in enumerate(sections, start=1):
        if each.order != order:
            each.order = order
            changed.append(each)
    PlanSection.objects.bulk_update(changed, ["order"])
    message = _("Section “%(heading)s” moved up") if up else _("Section “%(heading)s” moved down")
    log_plan(plan=plan, action=LogAction.EDITED, by=by, comment=message % {"heading": section.heading})


@transaction.atomic
def delete_plan_section(*, section: PlanSection, by) -> None:
    plan = section.plan
    _ensure_draft(plan)
    heading = section.heading
    section.delete()
    log_plan(
        plan=plan, action=LogAction.EDITED, by=by, comment=_("Section “%(heading)s” removed") % {"heading": heading}
    )


def milestone_units(milestone: Milestone) -> set[Unit]:
    units = set(milestone.actor_units.all())
    for block in milestone.actor_blocks.all():
        units.update(block.members.all())
    return units


def sync_milestone_deadline(*, milestone: Milestone) -> None:
    """Write (or withdraw) the deadline a milestone stands for; active only once the plan is announced."""
    source = f"milestone:{milestone.pk}"
    if milestone.due_on is None:
        deactivate_deadline(source=source)
        return
    plan = milestone.plan
    deadline = upsert_deadline(
        source=source,
        period=plan.period,
        issuing_unit=plan.issuing_unit,
        action=milestone.done_when,
        title=milestone.content,
        opens_on=milestone.opens_on,
        due_on=milestone.due_on,
        units=milestone_units(milestone),
        active=plan.is_announced,
    )
    if milestone.deadline_id != deadline.pk:
        milestone.deadline = deadline
        milestone.save(update_fields=["deadline"])


def sync_deadlines(*, plan: Plan) -> None:
    milestones = plan.milestones.select_related("plan__period", "plan__issuing_unit").prefetch_related(
        "actor_units", "actor_blocks__members"
    )
    for milestone in milestones:
        sync_milestone_deadline(milestone=milestone)


@transaction.atomic
def save_milestone(*, milestone: Milestone, by, units=None, blocks=None, comment: str = "") -> Milestone:
    creating = milestone.pk is None
    if milestone.opens_on and milestone.due_on and milestone.opens_on > milestone.due_on:
        raise ValidationError({"opens_on": _("The window must open before its last day.")})
    milestone.full_clean(exclude=["plan"])
    milestone.save()
    if units is not None:
        milestone.actor_units.set(units)
    if blocks is not None:
        milestone.actor_blocks.set(blocks)
    sync_milestone_deadline(milestone=milestone)
    if milestone.plan.is_issued:
        action = _("Milestone %(order)s added") if creating else _("Milestone %(order)s changed")
        log_plan(
            plan=milestone.plan, action=LogAction.AMENDED, by=by, comment=comment or action % {"order": milestone.order}
        )
    return milestone


@transaction.atomic
def delete_milestone(*, milestone: Milestone, by, comment: str = "") -> None:
    plan = milestone.plan
    if milestone.deadline_id:
        milestone.deadline.delete()
    order = milestone.order
    milestone.delete()
    if plan.is_issued:
        log_plan(
            plan=plan,
            action=LogAction.AMENDED,
            by=by,
            comment=comment or _("Milestone %(order)s removed") % {"order": order},
        )


@transaction.atomic
def issue_plan(*, plan: Plan, by, issued_on: dt.date | None = None) -> Plan:
    """Give the plan its number; on its date (today, or a later day by the beat) the units are told of it."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("issuing_unit", "period").get(pk=plan.pk)
    if plan.is_issued:
        raise ValidationError(_("This plan has already been issued."))
    unready = [m.order for m in plan.milestones.all() if m.due_on is None]
    if unready:
        raise ValidationError(
            _("Set a date for milestone(s) %(orders)s before issuing.") % {"orders": ", ".join(map(str, unready))}
        )
    issued_on = issued_on or timezone.localdate()
    check_near_period(issued_on, period=plan.period, field="issued_on")

    plan.issued_number = allocate_number(
        unit=plan.issuing_unit, doc_type=DocumentType.PLAN, issued_on=issued_on, title=plan.title, subject=plan
    )
    plan.state = PlanState.ISSUED
    plan.save(update_fields=["issued_number", "state", "updated_at"])
    log_plan(plan=plan, action=LogAction.ISSUED, by=by, from_state=PlanState.DRAFT, to_state=PlanState.ISSUED)
    if issued_on <= timezone.localdate():
        _announce(plan)
    else:
        sync_deadlines(plan=plan)
    return plan


def _announce(plan: Plan) -> None:
    """Make the deadlines of a locked, issued plan live and tell the units, once the transaction commits."""
    plan.announced_at = timezone.now()
    plan.save(update_fields=["announced_at", "updated_at"])
    sync_deadlines(plan=plan)
    transaction.on_commit(lambda: notify_plan_issued(plan_id=plan.pk))


def announce_plan(*, plan_id: int) -> bool:
    """Announce one issued plan whose date has come; False if it was announced already (or is not due)."""
    with transaction.atomic():
        plan = (
            Plan.objects.select_for_update(of=("self",))
            .select_related("issuing_unit", "period", "issued_number")
            .filter(pk=plan_id, state=PlanState.ISSUED, announced_at__isnull=True)
            .first()
        )
        if plan is None or plan.issued_on > timezone.localdate():
            return False
        _announce(plan)
        log_plan(plan=plan, action=LogAction.ANNOUNCED, by=None, comment=_("The plan's date has come."))
    return True


def notify_plan_issued(*, plan_id: int) -> None:
    """Tell the units the plan's milestones concern: the bell for their principals and deputies, an e-mail
    for their principals."""

    plan = Plan.objects.select_related("issuing_unit", "issued_number").get(pk=plan_id)
    unit_ids = set()
    for milestone in plan.milestones.prefetch_related("actor_units", "actor_blocks__members"):
        unit_ids.update(unit.pk for unit in milestone_units(milestone))
    url = reverse("schedules:plan-detail", args=[plan.pk])
    notify(
        recipients=accounts_in(unit_ids=unit_ids, roles=SCHOOL_MANAGER_ROLES),
        title=_("New plan %(symbol)s: %(title)s") % {"symbol": plan.symbol, "title": plan.title},
        url=url,
    )
    send_notice(
        recipients=accounts_in(unit_ids=unit_ids, roles=[Role.PRINCIPAL]),
        template="schedules/emails/plan_issued",
        context={
            "plan": plan,
            "office": plan.issuing_unit,
            "milestones": plan.milestones.count(),
            "url": site_url(url),
            "dashboard_url": site_url(reverse("emulation:dashboard")),
        },
    )


def _actors_for(*, plan: Plan, match, units_by_pk: dict, blocks: list) -> tuple[set, set, str]:
    """Units and blocks a parsed "Đơn vị thực hiện" names, and a problem message if any."""

    units = {units_by_pk[pk] for pk in match.unit_ids if pk in units_by_pk}
    chosen_blocks: set = set()
    problems = [match.problem.message] if match.problem else []
    wanted = {block.number: block for block in blocks}
    if match.all_blocks:
        chosen_blocks.update(blocks)
    for number in match.block_numbers:
        if number in wanted:
            chosen_blocks.add(wanted[number])
        else:
            problems.append(_("Emulation block %(number)s does not exist for this period yet.") % {"number": number})
    if ActorKind.BLOCK_HEADS in match.kinds:
        heads = {
            membership.unit
            for block in chosen_blocks
            for membership in block.memberships.all()
            if membership.role == BlockRole.HEAD
        }
        if chosen_blocks and not heads:
            problems.append(_("The blocks named have no head yet."))
        units.update(heads)
        chosen_blocks = set()
    if (match.kinds or match.block_numbers) and not units and not chosen_blocks and not problems:
        problems.append(_("No unit matches."))
    return units, chosen_blocks, " ".join(problems)


# Phrases that name a window ("Trong tháng 11/2023", "Từ 15/3 đến 29/3/2024"); "Ngày 15/8/2024" or
# "Trước ngày …" name only a last day, and the units may act any time before it.
WINDOW_KINDS = ("month", "range")


@dataclass(frozen=True)
class MilestoneDraft:
    """A milestone as an import will write it: shown on the preview, kept in the session until confirmed."""

    row: int
    order: int
    content: str
    due_text: str
    opens_on: dt.date | None
    due_on: dt.date | None
    date_problem: str
    actor_text: str
    actor_problem: str
    unit_ids: tuple[int, ...]
    block_ids: tuple[int, ...]
    done_when: str
    flags: tuple[str, ...]  # every problem but the units', where it was read ("line 3: …")

    @property
    def needs_attention(self) -> bool:
        return self.due_on is None or bool(self.date_problem) or bool(self.actor_problem)

    def as_dict(self) -> dict:
        dates = {name: getattr(self, name) and getattr(self, name).isoformat() for name in ("opens_on", "due_on")}
        return {**asdict(self), **dates}

    @classmethod
    def from_dict(cls, data: dict) -> "MilestoneDraft":
        dates = {name: data[name] and dt.date.fromisoformat(data[name]) for name in ("opens_on", "due_on")}
        tuples = {name: tuple(data[name]) for name in ("unit_ids", "block_ids", "flags")}
        return cls(**{**data, **dates, **tuples})


def read_timeline(*, plan: Plan, text: str = "", file=None) -> list:
    """The rows of the pasted text or Excel sheet, read against the plan's period; nothing is saved."""
    options = {
        "period_start": plan.period.start_date,
        "period_end": plan.period.end_date,
        "before_is_inclusive": plan.before_is_inclusive,
    }
    rows = parse_timeline_xlsx(file, **options) if file else parse_timeline_text(text, **options)
    if not rows:
        raise ValidationError(_("No numbered row was found. Each row must start with its number (1, 2, 3…)."))
    return rows


def draft_timeline(*, plan: Plan, rows: list, replace: bool = True) -> list[MilestoneDraft]:
    """What :func:`write_timeline` would write for these rows: dates, units and blocks, every flag.

    Rows added to a timeline (``replace`` false) are numbered after its current milestones.
    """
    units = list(Unit.objects.filter(path__startswith=plan.issuing_unit.path, is_active=True))
    units_by_pk = {unit.pk: unit for unit in units}
    blocks = list(
        EmulationBlock.objects.filter(period=plan.period, managing_unit=plan.issuing_unit).prefetch_related(
            "memberships__unit"
        )
    )
    start = 0 if replace else plan.milestones.count()
    drafts = []
    for index, row in enumerate(rows, start=1):
        match = match_actors(row.actor_text, issuing_unit=plan.issuing_unit, units=units)
        actor_units, actor_blocks, actor_problem = _actors_for(
            plan=plan, match=match, units_by_pk=units_by_pk, blocks=blocks
        )
        other_problems = [p.message for p in row.problems if p.field not in ("due", "actor")]
        drafts.append(
            MilestoneDraft(
                row=row.row,
                order=(row.order or index) if replace else start + index,
                content=row.content,
                due_text=row.due_text[:200],
                opens_on=row.due.opens_on if row.due.kind in WINDOW_KINDS else None,
                due_on=row.due.due_on,
                date_problem=(row.due.problem.message if row.due.problem else " ".join(other_problems))[:300],
                actor_text=row.actor_text[:300],
                actor_problem=actor_problem[:300],
                unit_ids=tuple(sorted(unit.pk for unit in actor_units)),
                block_ids=tuple(sorted(block.pk for block in actor_blocks)),
                done_when=guess_done_when(row.content),
                flags=tuple(str(p) for p in row.problems if p.field != "actor"),
            )
        )
    return drafts


class TimelineChanged(ValidationError):
    """The plan's timeline is no longer the one the preview was compared with."""


@transaction.atomic
def write_timeline(
    *, plan: Plan, by, drafts: list[MilestoneDraft], replace: bool = True, basis: str | None = None
) -> list[Milestone]:
    """Write the drafted milestones, replacing the timeline or after it.

    With ``basis`` (the :func:`~schedules.selectors.plans.timeline_basis` the preview was made
    against), the plan is locked and a timeline changed since then raises :class:`TimelineChanged`,
    so that of two confirmations of one preview only the first writes; the code is
    "already_imported" when the timeline now ends with exactly these milestones.
    """
    if basis is not None:
        plan = Plan.objects.select_for_update(of=("self",)).select_related("period", "issuing_unit").get(pk=plan.pk)
        if timeline_basis(plan) != basis:
            current = list(plan.milestones.all())
            tail = current if replace else current[max(0, len(current) - len(drafts)) :]
            if timeline_signature(tail) == timeline_signature(drafts):
                raise TimelineChanged(_("This timeline has already been imported."), code="already_imported")
            raise TimelineChanged(_("The timeline changed since the preview; nothing was saved."), code="changed")
    units = Unit.objects.filter(path__startswith=plan.issuing_unit.path, is_active=True)
    blocks = EmulationBlock.objects.filter(period=plan.period, managing_unit=plan.issuing_unit)
    if replace:
        for milestone in plan.milestones.select_related("deadline"):
            if milestone.deadline_id:
                milestone.deadline.delete()
        plan.milestones.all().delete()
    created = []
    for draft in drafts:
        milestone = Milestone.objects.create(plan=plan, **{name: getattr(draft, name) for name in DRAFT_FIELDS})
        milestone.actor_units.set(units.filter(pk__in=draft.unit_ids))
        milestone.actor_blocks.set(blocks.filter(pk__in=draft.block_ids))
        sync_milestone_deadline(milestone=milestone)
        created.append(milestone)
    action = LogAction.AMENDED if plan.is_issued else LogAction.TIMELINE_IMPORTED
    log_plan(plan=plan, action=action, by=by, comment=_("%(count)s milestones imported") % {"count": len(created)})
    return created


DRAFT_FIELDS = (
    "order", "content", "due_text", "opens_on", "due_on", "date_problem", "actor_text", "actor_problem", "done_when",
)  # fmt: skip


@transaction.atomic
def import_timeline(*, plan: Plan, by, text: str = "", file=None, replace: bool = True) -> list[Milestone]:
    """Build milestones from the pasted appendix table or an Excel sheet, at once.

    Rows whose date or units cannot be read are kept with the text as written and flagged;
    the input as a whole is refused (nothing saved) only when no row can be read at all.
    """
    rows = read_timeline(plan=plan, text=text, file=file)
    drafts = draft_timeline(plan=plan, rows=rows, replace=replace)
    return write_timeline(plan=plan, by=by, drafts=drafts, replace=replace)


def guess_done_when(content: str) -> str:
    """What completes a milestone, read from its wording; anything unclear is a manual confirmation."""

    text = search_key(content)
    if text.startswith("nop") or " nop " in f" {text} ":
        if "dang ky thi dua" in text:
            return DeadlineAction.REGISTRATION
        if "sang kien" in text:
            return DeadlineAction.INITIATIVE_APPLICATION
        if "de nghi khen thuong" in text:
            return DeadlineAction.AWARD_DOSSIER
        if "bao cao" in text:
            return DeadlineAction.REPORT
    if "dang ky viet sang kien" in text and "dang ky thi dua" not in text:
        return DeadlineAction.INITIATIVE_REGISTRATION
    return DeadlineAction.MANUAL
