"""What a council's evaluation reads: candidates, conflicts of interest, progress, a member's assignments.

Every read costs a fixed number of queries whatever the number of initiatives or members: the assignments are
one query, their authors one, the sheets one, the members one, the members' roles one.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from emulation.enums import CouncilKind, UnitKind
from emulation.models import Council, CouncilMember, Membership
from emulation.rules import memberships_of
from emulation.text import vietnamese
from initiatives.enums import (
    INITIATIVE_AWAITING_EVALUATION,
    DecisionState,
    InitiativeState,
    SeatStanding,
)
from initiatives.models import (
    Assignment,
    Criterion,
    CriterionLevel,
    DecisionEntry,
    Initiative,
    InitiativeAuthor,
    RecognitionDecision,
    ScoreSheet,
)
from initiatives.rules import EVALUATION_ROLES, runs_council, seats_of


def is_school_council(council: Council) -> bool:
    return council.unit.kind == UnitKind.SCHOOL


def candidates_for(council: Council) -> QuerySet[Initiative]:
    """What the council may take by default: a school council its own unit's submitted initiatives; a council
    of an office those of the units it manages, and the recognised ones forwarded to it."""
    period_initiatives = Initiative.objects.filter(period=council.period_id).exclude(assignments__council=council)
    if is_school_council(council):
        wanted = Q(unit=council.unit_id, state__in=INITIATIVE_AWAITING_EVALUATION)
    else:
        below = Q(unit__path__startswith=council.unit.path) & ~Q(unit=council.unit_id)
        wanted = (below & Q(state__in=INITIATIVE_AWAITING_EVALUATION)) | Q(
            state=InitiativeState.FORWARDED, forwarded_to=council.unit_id
        )
    return period_initiatives.filter(wanted)


def candidate_list(council: Council, *, field=None, unit=None) -> QuerySet[Initiative]:
    candidates = candidates_for(council).select_related("unit", "field")
    if field is not None:
        candidates = candidates.filter(field=field)
    if unit is not None:
        candidates = candidates.filter(unit__path__startswith=unit.path)
    return candidates.order_by(vietnamese("unit__name"), "unit_id", vietnamese("title"), "pk")


def seated_members(council: Council) -> list[CouncilMember]:
    return list(council.members.select_related("person", "user").order_by("order", "pk"))


@dataclass(frozen=True)
class ConflictReader:
    """Which members may not score which initiatives, read once for a set of initiatives and members.

    A member never scores an initiative they co-authored; on a council above the schools, never one of a
    school where they work (their staff record is there, or their account holds a role there).
    """

    author_ids: dict[int, set[int]]  # initiative id -> person ids of its staff authors
    member_units: dict[int, set[int]]  # member id -> unit ids they belong to
    school_council: bool

    def reason(self, member: CouncilMember, initiative: Initiative) -> str:
        if member.person_id in self.author_ids.get(initiative.pk, set()):
            return _("%(name)s is an author of this initiative.") % {"name": member.person.full_name}
        if not self.school_council and initiative.unit_id in self.member_units.get(member.pk, set()):
            return _("%(name)s works at the school the initiative comes from.") % {"name": member.person.full_name}
        return ""


def conflict_reader(*, council: Council, initiatives, members) -> ConflictReader:
    ids = [initiative.pk for initiative in initiatives]
    author_ids: dict[int, set[int]] = defaultdict(set)
    for initiative_id, person_id in InitiativeAuthor.objects.filter(
        initiative_id__in=ids, person__isnull=False
    ).values_list("initiative_id", "person_id"):
        author_ids[initiative_id].add(person_id)
    member_units: dict[int, set[int]] = defaultdict(set)
    by_user = defaultdict(list)
    for member in members:
        member_units[member.pk].add(member.person.unit_id)
        if member.user_id:
            by_user[member.user_id].append(member.pk)
    if by_user:
        for user_id, unit_id in Membership.objects.filter(user_id__in=list(by_user)).values_list("user_id", "unit_id"):
            for member_id in by_user[user_id]:
                member_units[member_id].add(unit_id)
    return ConflictReader(dict(author_ids), dict(member_units), is_school_council(council))


def conflict_reason(*, council: Council, member: CouncilMember, initiative: Initiative) -> str:
    """Why *member* may not score *initiative* on *council* ("" when they may)."""
    return conflict_reader(council=council, initiatives=[initiative], members=[member]).reason(member, initiative)


def council_assignments(council: Council) -> QuerySet[Assignment]:
    return (
        council.initiative_assignments.select_related("initiative__unit", "initiative__field")
        .prefetch_related(
            Prefetch("initiative__authors", InitiativeAuthor.objects.order_by("order", "pk")),
        )
        .order_by(vietnamese("initiative__unit__name"), "initiative__unit_id", vietnamese("initiative__title"), "pk")
    )


@dataclass
class ProgressRow:
    assignment: Assignment
    cells: list[tuple[CouncilMember, SeatStanding, str]]

    @property
    def done(self) -> int:
        return sum(1 for _member, standing, _reason in self.cells if standing in (SeatStanding.SCORED,
                                                                                   SeatStanding.ABSTAINED))  # fmt: skip

    @property
    def expected(self) -> int:
        return sum(1 for _member, standing, _reason in self.cells if standing != SeatStanding.CONFLICT)


def council_progress(council: Council) -> tuple[list[CouncilMember], list[ProgressRow]]:
    """Who has scored what: one row per assignment, one cell per member (scored, abstained, pending…)."""
    members = seated_members(council)
    assignments = list(council_assignments(council))
    conflicts = conflict_reader(council=council, initiatives=[a.initiative for a in assignments], members=members)
    handed_in = {
        (assignment_id, member_id): status
        for assignment_id, member_id, status in ScoreSheet.objects.filter(
            assignment__council=council, member__isnull=False
        ).values_list("assignment_id", "member_id", "status")
    }
    rows = []
    for assignment in assignments:
        cells = []
        for member in members:
            reason = conflicts.reason(member, assignment.initiative)
            status = handed_in.get((assignment.pk, member.pk))
            if status is not None:
                standing = SeatStanding(status)
            elif reason:
                standing = SeatStanding.CONFLICT
            elif member.user_id is None:
                standing = SeatStanding.NO_ACCOUNT
            else:
                standing = SeatStanding.PENDING
            cells.append((member, standing, reason))
        rows.append(ProgressRow(assignment, cells))
    return members, rows


def pending_members(council: Council) -> dict[CouncilMember, list[Assignment]]:
    """The members with an account who still have open assignments to score, and those assignments."""
    members, rows = council_progress(council)
    pending: dict[CouncilMember, list[Assignment]] = {}
    for row in rows:
        if row.assignment.is_closed or row.assignment.initiative.state != InitiativeState.UNDER_EVALUATION:
            continue
        for member, standing, _reason in row.cells:
            if standing == SeatStanding.PENDING:
                pending.setdefault(member, []).append(row.assignment)
    return pending


@dataclass
class MyAssignment:
    assignment: Assignment
    member: CouncilMember
    sheet: ScoreSheet | None
    conflict: str

    @property
    def is_open(self) -> bool:
        return not self.assignment.is_closed and self.assignment.initiative.state == InitiativeState.UNDER_EVALUATION

    @property
    def to_do(self) -> bool:
        return self.is_open and self.sheet is None and not self.conflict


def my_assignments(*, user) -> list[MyAssignment]:
    """What the councils the user sits on were given to evaluate, with the user's own sheet on each.

    Queries: the seats (cached), the assignments, their authors, the user's sheets, the roles; five in all.
    """
    seats = seats_of(user)
    if not seats:
        return []
    members = {
        member.pk: member
        for member in CouncilMember.objects.filter(pk__in=[seat.member_id for seat in seats]).select_related(
            "person", "council__unit", "council__period"
        )
    }
    assignments = list(
        Assignment.objects.filter(
            council_id__in=[seat.council_id for seat in seats], council__kind=CouncilKind.INITIATIVE
        )
        .select_related("initiative__unit", "initiative__field", "council__unit", "council__period")
        .prefetch_related(Prefetch("initiative__authors", InitiativeAuthor.objects.order_by("order", "pk")))
        .order_by("is_closed", "-council__period__start_date", "council_id", vietnamese("initiative__title"), "pk")
    )
    sheets = {
        sheet.assignment_id: sheet
        for sheet in ScoreSheet.objects.filter(assignment__in=assignments, member_id__in=list(members))
    }
    member_of_council = {seat.council_id: members[seat.member_id] for seat in seats if seat.member_id in members}
    units = {unit_id for _role, _path, unit_id in memberships_of(user)}
    result = []
    for assignment in assignments:
        member = member_of_council[assignment.council_id]
        reader = ConflictReader(
            {assignment.initiative_id: {a.person_id for a in assignment.initiative.authors.all() if a.person_id}},
            {member.pk: units | {member.person.unit_id}},
            assignment.council.unit.kind == UnitKind.SCHOOL,
        )
        result.append(MyAssignment(assignment, member, sheets.get(assignment.pk), reader.reason(member,
                                                                                                 assignment.initiative)))  # fmt: skip
    return result


def scoring_criteria(form) -> list[Criterion]:
    return list(
        form.criteria.prefetch_related(Prefetch("levels", CriterionLevel.objects.order_by("order", "pk"))).order_by(
            "order", "pk"
        )
    )


def sheets_visible_to(*, user, assignment: Assignment) -> list[ScoreSheet] | None:
    """The members' sheets on *assignment*, or None while the user may not see them.

    Those who run the council see them all along; a member sees the others' once their own is handed in.
    """
    council = assignment.council
    sheets = list(assignment.sheets.select_related("member").prefetch_related("items__criterion", "items__level"))
    if runs_council(user, council) or getattr(user, "is_superuser", False):
        return sheets
    seat = next((seat for seat in seats_of(user) if seat.council_id == council.pk), None)
    if seat is not None and any(sheet.member_id == seat.member_id for sheet in sheets):
        return sheets
    return None


def own_sheet(*, member: CouncilMember, assignment: Assignment) -> ScoreSheet | None:
    return assignment.sheets.filter(member=member).first()


def evaluation_councils(*, user) -> QuerySet[Council]:
    """The initiative councils the user sits on or runs (by a role in the council's unit), newest period first."""
    councils = Council.objects.filter(kind=CouncilKind.INITIATIVE).select_related("unit", "period")
    if not getattr(user, "is_superuser", False):
        units = {unit_id for role, _path, unit_id in memberships_of(user) if role in EVALUATION_ROLES}
        councils = councils.filter(Q(pk__in=[seat.council_id for seat in seats_of(user)]) | Q(unit_id__in=units))
    return councils.order_by("-period__start_date", "unit__path", "pk")


def council_decisions(council: Council) -> QuerySet[RecognitionDecision]:
    return council.initiative_decisions.select_related("issued_number").order_by("-created_at", "-pk")


def drafted_initiative_ids(council: Council) -> set[int]:
    """Initiatives already in one of the council's draft decisions."""
    return set(
        DecisionEntry.objects.filter(decision__council=council, decision__state=DecisionState.DRAFT).values_list(
            "initiative_id", flat=True
        )
    )
