import rules

from emulation.enums import OFFICE_ROLES, SCHOOL_MANAGER_ROLES
from emulation.rules import is_superuser, reach_paths

from .enums import PlanState


def _office_reach(user, unit) -> bool:
    return unit is not None and any(unit.path.startswith(path) for path in reach_paths(user, OFFICE_ROLES))


@rules.predicate
def drafts_plans_of_issuer(user, plan):
    return plan is not None and _office_reach(user, plan.issuing_unit)


@rules.predicate
def plan_reaches_user(user, plan):
    """An issued plan concerns everyone in the issuing unit's sub-tree; the issuer's office sees drafts too."""
    if plan is None:
        return False
    paths = reach_paths(user)
    if any(plan.issuing_unit.path.startswith(path) for path in paths):
        return True
    return plan.state == PlanState.ISSUED and any(path.startswith(plan.issuing_unit.path) for path in paths)


@rules.predicate
def plan_is_draft(user, plan):
    return plan is not None and plan.state == PlanState.DRAFT


@rules.predicate
def plan_is_issued(user, plan):
    return plan is not None and plan.state == PlanState.ISSUED


@rules.predicate
def works_in_an_office(user):
    return bool(reach_paths(user, OFFICE_ROLES))


can_view_plan = is_superuser | plan_reaches_user
can_edit_plan = (is_superuser | drafts_plans_of_issuer) & plan_is_draft
can_issue_plan = (is_superuser | drafts_plans_of_issuer) & plan_is_draft
can_amend_plan = (is_superuser | drafts_plans_of_issuer) & plan_is_issued
# The timeline of a plan: its milestones are edited while it is a draft, amended once it is issued.
can_edit_timeline = can_edit_plan | can_amend_plan

rules.add_perm("schedules.create_plan", is_superuser | works_in_an_office)
rules.add_perm("schedules.view_plan_list", rules.is_authenticated)
rules.add_perm("schedules.view_completion", is_superuser | works_in_an_office)
rules.add_perm("schedules.edit_timeline", can_edit_timeline)


# A cell of the completion matrix: a deadline and one unit it concerns.


@rules.predicate
def manages_target_school(user, target):
    paths = reach_paths(user, SCHOOL_MANAGER_ROLES)
    return target is not None and any(target.unit.path.startswith(path) for path in paths)


@rules.predicate
def sets_target_deadline(user, target):
    paths = reach_paths(user, OFFICE_ROLES)
    return target is not None and any(target.deadline.issuing_unit.path.startswith(path) for path in paths)


can_extend_target = is_superuser | sets_target_deadline
can_confirm_target = is_superuser | sets_target_deadline | manages_target_school

rules.add_perm("schedules.extend_cell", can_extend_target)
rules.add_perm("schedules.confirm_cell", can_confirm_target)
