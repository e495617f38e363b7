"""Who may do what with initiatives, their evaluation and the recognition decisions, as named predicates.

The school (principal or deputy) files its initiatives and sends them; the office above it, or a council
secretary, returns them for supplement; an initiative council's chair, secretary (by seat or by role in the
council's unit) or the office of that unit runs the evaluation and issues the decision; a member scores
what is assigned to the council. Objects outside a user's reach are not found (404).
"""

from dataclasses import dataclass

import rules
from django.conf import settings

from emulation.enums import OFFICE_ROLES, SCHOOL_MANAGER_ROLES, CouncilKind, CouncilRole, Role
from emulation.rules import has_role, is_superuser, memberships_of, units_within_reach, within_reach

from .enums import DecisionState, InitiativeAction

# Roles in a council's own unit that run its evaluation, besides its chair and secretary.
EVALUATION_ROLES = frozenset({Role.COUNCIL_SECRETARY, Role.DISTRICT_STAFF, Role.DISTRICT_HEAD, *SCHOOL_MANAGER_ROLES})
# Roles that return an initiative for supplement: office staff above the school, a council secretary at or above.
RETURNING_OFFICE_ROLES = frozenset({Role.DISTRICT_STAFF, Role.DISTRICT_HEAD})


@dataclass(frozen=True)
class Seat:
    council_id: int
    member_id: int
    role: str
    person_id: int
    person_unit_id: int


def seats_of(user) -> list[Seat]:
    """The user's seats on initiative councils (through the account linked to the seat); cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_initiative_seats", None)
    if cached is None:
        from emulation.models import CouncilMember  # the models read this module's predicates

        cached = [
            Seat(*row)
            for row in CouncilMember.objects.filter(user=user, council__kind=CouncilKind.INITIATIVE).values_list(
                "council_id", "pk", "role", "person_id", "person__unit_id"
            )
        ]
        user._initiative_seats = cached
    return cached


def seat_on(user, council_id: int) -> Seat | None:
    return next((seat for seat in seats_of(user) if seat.council_id == council_id), None)


def _roles_at(user, unit_id: int) -> set[str]:
    return {role for role, _path, held_at in memberships_of(user) if held_at == unit_id}


# Initiatives ------------------------------------------------------------------------------------------


@rules.predicate
def initiative_unit_in_reach(user, initiative):
    return initiative is not None and within_reach(user, initiative.unit)


@rules.predicate
def leads_initiative_unit(user, initiative):
    """Principal or deputy of the unit the initiative belongs to."""
    return initiative is not None and bool(_roles_at(user, initiative.unit_id) & SCHOOL_MANAGER_ROLES)


@rules.predicate
def reviews_initiative(user, initiative):
    """Office staff of a unit above the initiative's unit, or a council secretary at or above it."""
    if initiative is None:
        return False
    path = initiative.unit.path
    for role, held_path, _unit_id in memberships_of(user):
        if not path.startswith(held_path):
            continue
        if role == Role.COUNCIL_SECRETARY or (role in RETURNING_OFFICE_ROLES and held_path != path):
            return True
    return False


@rules.predicate
def evaluates_initiative(user, initiative):
    """A member of a council the initiative is (or was) assigned to."""
    if initiative is None or not seats_of(user):
        return False
    from initiatives.models import Assignment

    councils = [seat.council_id for seat in seats_of(user)]
    return Assignment.objects.filter(initiative=initiative, council_id__in=councils).exists()


def initiative_allows(action: InitiativeAction):
    """The initiative's state has a way out by *action* in the transition table (enums.py)."""

    @rules.predicate(name=f"initiative_allows:{action}")
    def predicate(user, initiative):
        return initiative is not None and action.target(initiative.state) is not None

    return predicate


can_view_initiative = is_superuser | initiative_unit_in_reach | evaluates_initiative
# Who acts on an initiative whatever its state: the services then say, with the state read under a lock,
# whether the transition table allows it now.
can_send_initiative = is_superuser | leads_initiative_unit
can_decide_initiative = is_superuser | reviews_initiative
can_edit_initiative = can_send_initiative & initiative_allows(InitiativeAction.SUBMIT)
can_submit_initiative = can_send_initiative & initiative_allows(InitiativeAction.SUBMIT)
can_return_initiative = can_decide_initiative & initiative_allows(InitiativeAction.RETURN)
can_forward_initiative = can_send_initiative & initiative_allows(InitiativeAction.FORWARD)


@rules.predicate
def authors_hidden_from_evaluators(user):
    return bool(getattr(settings, "INITIATIVE_HIDE_AUTHORS_FROM_EVALUATORS", False))


# With INITIATIVE_HIDE_AUTHORS_FROM_EVALUATORS on, a council member who scores the initiative does not read its
# authors, unless they also lead its school or review it for the office; everyone else in reach does.
can_see_authors = (
    ~authors_hidden_from_evaluators
    | is_superuser
    | leads_initiative_unit
    | reviews_initiative
    | (initiative_unit_in_reach & ~evaluates_initiative)
)
rules.add_perm("initiatives.see_authors", can_see_authors)


# Councils' evaluation -----------------------------------------------------------------------------------


@rules.predicate
def is_initiative_council(user, council):
    return council is not None and council.kind == CouncilKind.INITIATIVE


@rules.predicate
def runs_council(user, council):
    """The council's chair or secretary by seat, or a secretary, office or school manager role in its unit."""
    if council is None:
        return False
    seat = seat_on(user, council.pk)
    if seat is not None and seat.role in (CouncilRole.CHAIR, CouncilRole.SECRETARY):
        return True
    return bool(_roles_at(user, council.unit_id) & EVALUATION_ROLES)


@rules.predicate
def sits_on_council(user, council):
    return council is not None and seat_on(user, council.pk) is not None


@rules.predicate
def council_in_reach(user, council):
    return council is not None and within_reach(user, council.unit)


can_manage_evaluation = is_initiative_council & (is_superuser | runs_council)
can_view_evaluation = is_initiative_council & (is_superuser | runs_council | sits_on_council)
rules.add_perm("initiatives.manage_evaluation", can_manage_evaluation)
rules.add_perm("initiatives.view_evaluation", can_view_evaluation)


@rules.predicate
def seated_on_assignment_council(user, assignment):
    return assignment is not None and seat_on(user, assignment.council_id) is not None


# Scoring asks for a seat; the service then refuses a conflict of interest in words.
rules.add_perm("initiatives.score_assignment", seated_on_assignment_council)


# Decisions ----------------------------------------------------------------------------------------------


@rules.predicate
def runs_decision_council(user, decision):
    return decision is not None and runs_council(user, decision.council)


@rules.predicate
def decision_council_in_reach(user, decision):
    return decision is not None and within_reach(user, decision.council.unit)


@rules.predicate
def decision_is_draft(user, decision):
    return decision is not None and decision.state == DecisionState.DRAFT


@rules.predicate
def decides_on_units_in_reach(user, decision):
    """The decision is about an initiative of a unit within the user's reach (a school reads its outcome)."""
    if decision is None or not memberships_of(user):
        return False
    return decision.entries.filter(initiative__unit__in=units_within_reach(user)).exists()


can_view_decision = is_superuser | runs_decision_council | decision_council_in_reach | decides_on_units_in_reach
can_edit_decision = (is_superuser | runs_decision_council) & decision_is_draft
can_issue_decision = can_edit_decision


# Permissions without an object: what the navigation offers.


@rules.predicate
def has_initiative_seat(user):
    return bool(seats_of(user))


@rules.predicate
def runs_some_evaluation(user):
    return any(role in EVALUATION_ROLES for role, _path, _unit in memberships_of(user)) or any(
        seat.role in (CouncilRole.CHAIR, CouncilRole.SECRETARY) for seat in seats_of(user)
    )


rules.add_perm("initiatives.file_initiatives", has_role(*SCHOOL_MANAGER_ROLES))
rules.add_perm("initiatives.view_initiative_list", is_superuser | has_role(*OFFICE_ROLES, Role.COUNCIL_SECRETARY))
rules.add_perm("initiatives.evaluate", has_initiative_seat)
rules.add_perm("initiatives.view_councils", is_superuser | has_initiative_seat | runs_some_evaluation)
# The menu reads roles only (cached with the user's memberships), never the seats, so that it costs no query.
rules.add_perm(
    "initiatives.use_evaluation_menu",
    is_superuser | has_role(*EVALUATION_ROLES, Role.COUNCIL_SECRETARY, Role.COUNCIL_MEMBER),
)
