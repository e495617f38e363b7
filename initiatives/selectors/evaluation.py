"""What a council's evaluation reads: candidates, conflicts of interest, progress, a member's assignments.

Every read costs a fixed number of queries whatever the number of initiatives or members: the assignments are
one query, their authors one, the sheets one, the members one, the members' roles one.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
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


def council_progress(council: Council, *, assignments=None) -> tuple[list[CouncilMember], list[ProgressRow]]:
    """Who has scored what: one row per assignment (of *assignments*, a page; all when None), one cell per member
    (scored, abstained, pending…)."""
    members = seated_members(council)
    assignments = list(council_assignments(council) if assignments is None else assignments)
    conflicts = conflict_reader(council=council, initiatives=[a.initiative for a in assignments], members=members)
    handed_in = {
        (assignment_id, member_id): status
        for assignment_id, member_id, status in ScoreSheet.objects.filter(
            assignment__in=[assignment.pk for assignment in assignments], member__isnull=False
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


def pending_counts(council: Council) -> dict[CouncilMember, int]:
    """How many open assignments each member with an account has still to score (conflicts left out).

    Read as plain rows in five queries, whatever the number of assignments: the members, the open assignments,
    their staff authors, the sheets handed in, the members' roles.
    """
    members = [member for member in seated_members(council) if member.user_id]
    open_assignments = Assignment.objects.filter(
        council=council, is_closed=False, initiative__state=InitiativeState.UNDER_EVALUATION
    )
    rows = list(open_assignments.values_list("pk", "initiative_id", "initiative__unit_id"))
    if not members or not rows:
        return {}
    authors: dict[int, set[int]] = defaultdict(set)
    for initiative_id, person_id in InitiativeAuthor.objects.filter(
        initiative__assignments__in=open_assignments, person__isnull=False
    ).values_list("initiative_id", "person_id"):
        authors[initiative_id].add(person_id)
    handed_in = set(
        ScoreSheet.objects.filter(assignment__in=open_assignments, member__isnull=False).values_list(
            "assignment_id", "member_id"
        )
    )
    reader = conflict_reader(council=council, initiatives=[], members=members)
    school = is_school_council(council)
    counts = {}
    for member in members:
        units = reader.member_units.get(member.pk, set())
        count = sum(
            1
            for assignment_id, initiative_id, unit_id in rows
            if (assignment_id, member.pk) not in handed_in
            and member.person_id not in authors.get(initiative_id, ())
            and (school or unit_id not in units)
        )
        if count:
            counts[member] = count
    return counts


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


def my_assignment_rows(*, user) -> QuerySet[Assignment]:
    """What the councils the user sits on were given, those still open and not handed in by the user first.

    One query per page (the user's sheet is an EXISTS, the initiative, its unit and field, the council joined);
    :func:`my_assignments` then reads the page's authors and the user's own sheets.
    """
    seats = seats_of(user)
    mine = ScoreSheet.objects.filter(assignment=OuterRef("pk"), member_id__in=[seat.member_id for seat in seats])
    return (
        Assignment.objects.filter(council_id__in=[seat.council_id for seat in seats], council__kind=CouncilKind.INITIATIVE)
        .annotate(handed_in=Exists(mine))
        .select_related("initiative__unit", "initiative__field", "council__unit", "council__period")
        .order_by("is_closed", "handed_in", "-council__period__start_date", "council_id",
                  vietnamese("initiative__title"), "pk")
    )  # fmt: skip


def my_assignments(*, user, assignments=None) -> list[MyAssignment]:
    """The user's own sheet and any conflict of interest on each of *assignments* (a page of
    :func:`my_assignment_rows`; all of them when None): three queries, the members, the authors, the sheets.
    """
    seats = seats_of(user)
    if not seats:
        return []
    assignments = list(my_assignment_rows(user=user) if assignments is None else assignments)
    members = {
        member.pk: member
        for member in CouncilMember.objects.filter(pk__in=[seat.member_id for seat in seats]).select_related("person")
    }
    authors: dict[int, set[int]] = defaultdict(set)
    for initiative_id, person_id in InitiativeAuthor.objects.filter(
        initiative_id__in=[a.initiative_id for a in assignments], person__isnull=False
    ).values_list("initiative_id", "person_id"):
        authors[initiative_id].add(person_id)
    sheets = {
        sheet.assignment_id: sheet
        for sheet in ScoreSheet.objects.filter(assignment__in=[a.pk for a in assignments], member_id__in=list(members))
    }
    member_of_council = {seat.council_id: members[seat.member_id] for seat in seats if seat.member_id in members}
    units = {unit_id for _role, _path, unit_id in memberships_of(user)}
    result = []
    for assignment in assignments:
        member = member_of_council[assignment.council_id]
        reader = ConflictReader(
            {assignment.initiative_id: authors.get(assignment.initiative_id, set())},
            {member.pk: units | {member.person.unit_id}},
            assignment.council.unit.kind == UnitKind.SCHOOL,
        )
        conflict = reader.reason(member, assignment.initiative)
        result.append(MyAssignment(assignment, member, sheets.get(assignment.pk), conflict))
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
