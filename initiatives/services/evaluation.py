"""An initiative council's evaluation: its scoring form, assigning initiatives, the members' sheets, the result.

The result of an assignment (score, votes, and the number of members the vote is counted against) is
recomputed under the assignment's row lock whenever a sheet is handed in, so two members handing in at once
both count. A sheet is final once handed in; a member never scores what they co-authored, nor, on a council
above the schools, what comes from their own school.
"""

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.enums import CouncilKind
from emulation.models import Council, CouncilMember
from emulation.services.notifications import notify
from emulation.text import nfc
from initiatives.defaults import DEFAULT_SCALE
from initiatives.enums import InitiativeAction, InitiativeState, ScoreAggregate, SheetStatus, Vote, VoteBase
from initiatives.models import (
    Assignment,
    Criterion,
    CriterionLevel,
    EvaluationReminder,
    Initiative,
    ScoreItem,
    ScoreSheet,
    ScoringForm,
)
from initiatives.selectors.evaluation import (
    candidates_for,
    conflict_reader,
    conflict_reason,
    pending_counts,
    seated_members,
)
from initiatives.services.initiatives import ensure_allowed, transition

CENT = Decimal("0.01")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def points_text(value: Decimal) -> str:
    """30 for 30.00, 12,5 for 12.50: points as the pages and messages write them."""
    return floatformat(value, -2)


def vote_fraction_setting() -> tuple[int, int]:
    """INITIATIVE_VOTE_FRACTION ("2/3") as (2, 3)."""
    text = str(getattr(settings, "INITIATIVE_VOTE_FRACTION", "2/3"))
    try:
        numerator, denominator = (int(part) for part in text.split("/"))
    except ValueError:
        raise ImproperlyConfigured(f"INITIATIVE_VOTE_FRACTION must read like 2/3, not {text!r}") from None
    if not 0 < numerator <= denominator:
        raise ImproperlyConfigured(f"INITIATIVE_VOTE_FRACTION must be a fraction from 0 to 1, not {text!r}")
    return numerator, denominator


# The scoring form ----------------------------------------------------------------------------------------


def _lock_council(council: Council) -> Council:
    return Council.objects.select_for_update().select_related("unit", "period").get(pk=council.pk)


@transaction.atomic
def ensure_scoring_form(*, council: Council) -> ScoringForm:
    """The council's scoring form, made from the settings and the default scale on first use."""
    if council.kind != CouncilKind.INITIATIVE:
        raise ValidationError(_("Only an initiative council scores initiatives."), code="kind")
    existing = ScoringForm.objects.filter(council=council).first()
    if existing is not None:
        return existing
    _lock_council(council)
    existing = ScoringForm.objects.filter(council=council).first()
    if existing is not None:
        return existing
    numerator, denominator = vote_fraction_setting()
    form = ScoringForm.objects.create(
        council=council,
        aggregate=ScoreAggregate(settings.INITIATIVE_SCORE_AGGREGATE),
        threshold=_cents(Decimal(str(settings.INITIATIVE_RECOGNITION_THRESHOLD))),
        vote_numerator=numerator,
        vote_denominator=denominator,
        vote_base=VoteBase(settings.INITIATIVE_VOTE_BASE),
    )
    for order, (name, description, max_points, levels) in enumerate(DEFAULT_SCALE, start=1):
        criterion = Criterion.objects.create(
            form=form, order=order, name=name, description=description, max_points=max_points
        )
        CriterionLevel.objects.bulk_create(
            [
                CriterionLevel(criterion=criterion, order=index, label=label, points=points)
                for index, (label, points) in enumerate(levels, start=1)
            ]
        )
    return form


@dataclass(frozen=True)
class CriterionData:
    name: str
    max_points: Decimal
    levels: tuple[tuple[str, Decimal], ...] = ()
    description: str = ""


def check_criteria(criteria: list[CriterionData], *, threshold: Decimal) -> None:
    if not criteria:
        raise ValidationError(_("A scoring form needs at least one criterion."), code="no_criteria")
    problems = []
    for criterion in criteria:
        if criterion.max_points <= 0:
            problems.append(_("“%(name)s”: the maximum must be above 0.") % {"name": criterion.name})
        over = [label for label, points in criterion.levels if points > criterion.max_points or points < 0]
        if over:
            problems.append(
                _("“%(name)s”: a level cannot give more than the criterion's %(max)s points (%(levels)s).")
                % {"name": criterion.name, "max": points_text(criterion.max_points), "levels": ", ".join(over)}
            )
    total = sum((criterion.max_points for criterion in criteria), Decimal("0"))
    if threshold > total:
        problems.append(
            _("The threshold (%(threshold)s) is above the most points the form gives (%(total)s).")
            % {"threshold": points_text(threshold), "total": points_text(total)}
        )
    if problems:
        raise ValidationError(problems, code="criteria")


@transaction.atomic
def update_scoring_form(
    *, form: ScoringForm, by, aggregate: str, threshold: Decimal, vote_numerator: int, vote_denominator: int,
    vote_base: str, criteria: list[CriterionData],
) -> ScoringForm:  # fmt: skip
    """Change how the council scores: only before its first member has handed in a sheet."""
    _lock_council(form.council)
    form = ScoringForm.objects.select_for_update().get(pk=form.pk)
    if ScoreSheet.objects.filter(assignment__council_id=form.council_id).exists():
        raise ValidationError(
            _("Members have already scored with this form: it can no longer be changed."), code="in_use"
        )
    if not 0 < vote_numerator <= vote_denominator:
        raise ValidationError(_("The vote needed must be a fraction from 0 to 1, such as 2/3."), code="fraction")
    check_criteria(criteria, threshold=threshold)
    form.aggregate, form.threshold, form.vote_base = ScoreAggregate(aggregate), _cents(threshold), VoteBase(vote_base)
    form.vote_numerator, form.vote_denominator = vote_numerator, vote_denominator
    form.save()
    form.criteria.all().delete()
    for order, data in enumerate(criteria, start=1):
        criterion = Criterion.objects.create(
            form=form, order=order, name=nfc(data.name), description=data.description.strip(),
            max_points=_cents(data.max_points),
        )  # fmt: skip
        CriterionLevel.objects.bulk_create(
            [
                CriterionLevel(criterion=criterion, order=index, label=nfc(label), points=_cents(points))
                for index, (label, points) in enumerate(data.levels, start=1)
            ]
        )
    return form


# Assigning initiatives to a council ---------------------------------------------------------------------


@transaction.atomic
def assign_initiatives(*, council: Council, initiatives, by) -> list[Assignment]:
    """Give the council these initiatives to evaluate, all of them or none (named when one cannot be given)."""
    council = _lock_council(council)
    ensure_scoring_form(council=council)
    ids = sorted({initiative.pk for initiative in initiatives})
    if not ids:
        raise ValidationError(_("Tick the initiatives to assign first."), code="empty")
    locked = list(
        Initiative.objects.select_for_update(of=("self",)).select_related("unit").filter(pk__in=ids).order_by("pk")
    )
    allowed = set(candidates_for(council).filter(pk__in=ids).values_list("pk", flat=True))
    refused = [initiative for initiative in locked if initiative.pk not in allowed]
    if refused or len(locked) != len(ids):
        raise ValidationError(
            _("Nothing was assigned: these initiatives cannot be given to this council (any more): %(titles)s.")
            % {"titles": "; ".join(sorted(initiative.title for initiative in refused)) or "—"},
            code="state",
        )
    assignments = []
    comment = _("Assigned to %(council)s.") % {"council": council}
    for initiative in locked:
        ensure_allowed(initiative, InitiativeAction.ASSIGN)
        try:
            with transaction.atomic():
                assignments.append(Assignment.objects.create(council=council, initiative=initiative, assigned_by=by))
        except IntegrityError:  # one assignment per council and initiative, made by a request that did not wait
            raise ValidationError(
                _("“%(title)s” has already been assigned to this council.") % {"title": initiative.title},
                code="exists",
            ) from None
        transition(locked=initiative, action=InitiativeAction.ASSIGN, by=by, comment=comment, score=None)
    return assignments


# Scoring -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreData:
    criterion: Criterion
    points: Decimal
    level: CriterionLevel | None = None


def _lock_assignment(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("council__unit", "council__period", "initiative__unit")
        .get(pk=assignment.pk)
    )


def _check_can_hand_in(*, assignment: Assignment, member: CouncilMember, by) -> None:
    if member.council_id != assignment.council_id or (member.user_id != by.pk):
        raise ValidationError(_("Only a member of this council scores with their own account."), code="not_member")
    if assignment.is_closed or assignment.initiative.state != InitiativeState.UNDER_EVALUATION:
        raise ValidationError(
            _("The council's decision on this initiative has been made: scoring is closed."), code="closed"
        )
    reason = conflict_reason(council=assignment.council, member=member, initiative=assignment.initiative)
    if reason:
        raise ValidationError(_("You may not score this initiative: %(reason)s") % {"reason": reason}, code="conflict")
    if assignment.sheets.filter(member=member).exists():
        raise ValidationError(_("You have already handed in your sheet for this initiative."), code="exists")


def _save_sheet(sheet: ScoreSheet, items: list[ScoreItem]) -> ScoreSheet:
    try:
        with transaction.atomic():
            sheet.save()
            for item in items:
                item.sheet = sheet
            ScoreItem.objects.bulk_create(items)
    except IntegrityError:  # one sheet per member and assignment, handed in by a request that did not wait
        raise ValidationError(_("You have already handed in your sheet for this initiative."), code="exists") from None
    return sheet


def check_scores(*, form: ScoringForm, scores: list[ScoreData]) -> list[ScoreItem]:
    """One score per criterion of the form, each within its maximum (a level gives its own points)."""
    criteria = {criterion.pk: criterion for criterion in form.criteria.prefetch_related("levels")}
    given = {}
    problems = []
    for score in scores:
        criterion = criteria.get(score.criterion.pk)
        if criterion is None or criterion.pk in given:
            raise ValidationError(_("The sheet does not match the council's scoring form."), code="form")
        points = score.points
        if score.level is not None:
            if score.level.criterion_id != criterion.pk:
                raise ValidationError(_("The sheet does not match the council's scoring form."), code="form")
            points = score.level.points
        if points is None or points < 0 or points > criterion.max_points:
            problems.append(
                _("“%(name)s”: give from 0 to %(max)s points.")
                % {"name": criterion.name, "max": points_text(criterion.max_points)}
            )
            continue
        given[criterion.pk] = ScoreItem(criterion=criterion, level=score.level, points=_cents(points))
    missing = [criterion.name for pk, criterion in criteria.items() if pk not in given and not problems]
    if missing:
        problems.append(_("Score every criterion: %(names)s.") % {"names": ", ".join(missing)})
    if problems:
        raise ValidationError(problems, code="scores")
    return [given[pk] for pk in criteria]


@transaction.atomic
def hand_in_sheet(
    *, assignment: Assignment, member: CouncilMember, by, scores: list[ScoreData], vote: str, comment: str = ""
) -> ScoreSheet:
    """A member's scores and vote on one initiative; final once handed in."""
    locked = _lock_assignment(assignment)
    _check_can_hand_in(assignment=locked, member=member, by=by)
    if vote not in Vote.values:
        raise ValidationError(_("Say whether you recommend recognising it."), code="vote")
    form = ensure_scoring_form(council=locked.council)
    items = check_scores(form=form, scores=scores)
    sheet = ScoreSheet(
        assignment=locked, member=member, member_name=member.person.full_name, status=SheetStatus.SCORED,
        vote=vote, total=sum((item.points for item in items), Decimal("0")), comment=comment.strip(), submitted_by=by,
    )  # fmt: skip
    _save_sheet(sheet, items)
    refresh_result(assignment=locked, form=form)
    return sheet


@transaction.atomic
def abstain(*, assignment: Assignment, member: CouncilMember, by, reason: str) -> ScoreSheet:
    """A member declines to score one initiative, saying why; it counts as no vote for it."""
    locked = _lock_assignment(assignment)
    _check_can_hand_in(assignment=locked, member=member, by=by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for abstaining."), code="no_reason")
    sheet = ScoreSheet(
        assignment=locked, member=member, member_name=member.person.full_name, status=SheetStatus.ABSTAINED,
        abstain_reason=reason, submitted_by=by,
    )  # fmt: skip
    _save_sheet(sheet, [])
    refresh_result(assignment=locked, form=ensure_scoring_form(council=locked.council))
    return sheet


def aggregate_scores(totals: list[Decimal], method: str) -> Decimal | None:
    """The members' totals combined, cut (never rounded up) to the cent: no initiative is rounded into passing."""
    if not totals:
        return None
    if method == ScoreAggregate.MEDIAN:
        exact = Decimal(statistics.median(totals))
    else:
        exact = sum(totals, Decimal("0")) / len(totals)
    return exact.quantize(CENT, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class Result:
    score: Decimal | None
    votes_for: int
    votes_against: int
    abstentions: int
    base_count: int
    passes: bool


def compute_result(*, assignment: Assignment, form: ScoringForm) -> Result:
    """The council's result on one assignment from the sheets handed in so far.

    The vote is counted against the members who may vote on it: all seated members but those in a conflict
    (absent ones count, as TT 18/2013 Đ.8 counts "members"), or, with the base "participants", those who
    scored or abstained.
    """
    sheets = list(assignment.sheets.filter(member__isnull=False))
    totals = [sheet.total for sheet in sheets if sheet.status == SheetStatus.SCORED]
    score = aggregate_scores(totals, form.aggregate)
    votes_for = sum(1 for sheet in sheets if sheet.vote == Vote.FOR)
    votes_against = sum(1 for sheet in sheets if sheet.vote == Vote.AGAINST)
    abstentions = sum(1 for sheet in sheets if sheet.status == SheetStatus.ABSTAINED)
    if form.vote_base == VoteBase.PARTICIPANTS:
        base = len(sheets)
    else:
        members = seated_members(assignment.council)
        reader = conflict_reader(council=assignment.council, initiatives=[assignment.initiative], members=members)
        base = sum(1 for member in members if not reader.reason(member, assignment.initiative))
    passes = (
        score is not None
        and score >= form.threshold
        and base > 0
        and votes_for * form.vote_denominator >= form.vote_numerator * base
    )
    return Result(score, votes_for, votes_against, abstentions, base, passes)


def refresh_result(*, assignment: Assignment, form: ScoringForm) -> Assignment:
    """Write the live result on the (locked) assignment and the initiative's current score."""
    result = compute_result(assignment=assignment, form=form)
    assignment.score, assignment.votes_for, assignment.votes_against = (
        result.score,
        result.votes_for,
        result.votes_against,
    )
    assignment.abstentions, assignment.vote_base_count, assignment.passes = (
        result.abstentions, result.base_count, result.passes,
    )  # fmt: skip
    assignment.save(update_fields=["score", "votes_for", "votes_against", "abstentions", "vote_base_count", "passes"])
    Initiative.objects.filter(pk=assignment.initiative_id).update(score=result.score, updated_at=timezone.now())
    return assignment


@transaction.atomic
def refresh_council_results(*, council: Council) -> int:
    """Recompute every open assignment of the council (after its membership changed, say)."""
    form = ensure_scoring_form(council=council)
    assignments = list(
        Assignment.objects.select_for_update(of=("self",))
        .select_related("council__unit", "initiative__unit")
        .filter(council=council, is_closed=False)
        .order_by("pk")
    )
    for assignment in assignments:
        refresh_result(assignment=assignment, form=form)
    return len(assignments)


# Reminders -----------------------------------------------------------------------------------------------


@transaction.atomic
def remind_evaluators(*, council: Council, by, today: dt.date | None = None) -> int:
    """Remind each member who still has initiatives to score, in the app and by e-mail, at most once a day.

    The council's row is locked while the day's reminders are claimed, so two secretaries pressing the button
    at once send each reminder once.
    """
    today = today or timezone.localdate()
    council = _lock_council(council)
    pending = pending_counts(council)
    already = set(EvaluationReminder.objects.filter(council=council, day=today).values_list("member_id", flat=True))
    due = {member: count for member, count in pending.items() if member.pk not in already}
    EvaluationReminder.objects.bulk_create(
        [EvaluationReminder(council=council, member=member, day=today) for member in due]
    )
    messages = [(member.user_id, count) for member, count in due.items()]
    transaction.on_commit(lambda: _send_reminders(council_id=council.pk, messages=messages))
    return len(due)


def _send_reminders(*, council_id: int, messages: list[tuple[int, int]]) -> None:
    council = Council.objects.select_related("unit", "period").get(pk=council_id)
    url = reverse("initiatives:assignment-mine")
    members = {
        member.user_id: member
        for member in CouncilMember.objects.filter(
            council=council, user_id__in=[user for user, _n in messages]
        ).select_related("user", "person")
    }
    outgoing = []
    for user_id, count in messages:
        member = members.get(user_id)
        if member is None:
            continue
        context = {"council": council, "count": count, "member": member, "url": settings.SITE_URL.rstrip("/") + url}
        title = render_to_string("initiatives/emails/reminder_subject.txt", context).strip()
        notify(recipients=[member.user], title=title, url=url)
        address = member.user.email or member.person.email
        if address:
            outgoing.append(
                EmailMessage(title, render_to_string("initiatives/emails/reminder.txt", context), to=[address])
            )
    if outgoing:
        get_connection().send_messages(outgoing)
