"""The initiatives panel of the dashboard: a few counts per role, read from the cached roles and seats."""

from django.db.models import Count, Q

from emulation.enums import COUNCIL_ROLES, SCHOOL_MANAGER_ROLES, Role, UnitKind
from emulation.rules import memberships_of, units_within_reach
from initiatives.enums import INITIATIVE_AWAITING_EVALUATION, InitiativeState
from initiatives.models import Assignment, Initiative
from initiatives.rules import EVALUATION_ROLES, seats_of

REVIEWER_ROLES = frozenset({Role.DISTRICT_STAFF, Role.DISTRICT_HEAD, Role.COUNCIL_SECRETARY})


def to_score_count(user) -> int:
    """Open assignments of the user's councils without the user's sheet and without a conflict of interest."""
    seats = seats_of(user)
    if not seats:
        return 0
    own_units = {unit_id for _role, _path, unit_id in memberships_of(user)} | {seat.person_unit_id for seat in seats}
    return (
        Assignment.objects.filter(
            council_id__in=[seat.council_id for seat in seats],
            is_closed=False,
            initiative__state=InitiativeState.UNDER_EVALUATION,
        )
        .exclude(sheets__member_id__in=[seat.member_id for seat in seats])
        .exclude(initiative__authors__person_id__in=[seat.person_id for seat in seats])
        .exclude(Q(initiative__unit_id__in=own_units) & ~Q(council__unit__kind=UnitKind.SCHOOL))
        .count()
    )


def dashboard_panel(user) -> dict | None:
    """What the panel shows to this user, or None when it has nothing for them."""
    roles = {role for role, _path, _unit in memberships_of(user)}
    panel = {}
    schools = sorted({unit for role, _path, unit in memberships_of(user) if role in SCHOOL_MANAGER_ROLES})
    if schools:
        counts = dict(
            Initiative.objects.filter(unit_id__in=schools, period__is_current=True)
            .order_by()
            .values_list("state")
            .annotate(n=Count("pk"))
        )
        panel["school"] = [(state, counts[state.value]) for state in InitiativeState if counts.get(state.value)]
    if roles & REVIEWER_ROLES:
        panel["awaiting"] = Initiative.objects.filter(
            period__is_current=True,
            state__in=INITIATIVE_AWAITING_EVALUATION,
            unit__in=units_within_reach(user, REVIEWER_ROLES),
        ).count()
    if roles & (COUNCIL_ROLES | EVALUATION_ROLES):
        panel["to_score"] = to_score_count(user)
        panel["evaluates"] = bool(seats_of(user)) or bool(roles & EVALUATION_ROLES - SCHOOL_MANAGER_ROLES)
    return panel or None
