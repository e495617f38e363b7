import rules

from emulation.enums import FOLLOWER_ROLES, OFFICE_ROLES, SCHOOL_MANAGER_ROLES
from emulation.rules import is_superuser, reach_paths, within_reach

from .enums import PlanState


@rules.predicate
def drafts_plans_of_issuer(user, plan):
    return plan is not None and within_reach(user, plan.issuing_unit, OFFICE_ROLES)


@rules.predicate
def plan_reaches_user(user, plan):
    """An announced plan concerns everyone in the issuing unit's sub-tree; the issuer's office sees drafts too."""
    if plan is None:
        return False
    if within_reach(user, plan.issuing_unit):
        return True
    return plan.is_announced and any(path.startswith(plan.issuing_unit.path) for path in reach_paths(user))


@rules.predicate
def plan_is_draft(user, plan):
    return plan is not None and plan.state == PlanState.DRAFT


@rules.predicate
def plan_is_issued(user, plan):
    return plan is not None and plan.state == PlanState.ISSUED


@rules.predicate
def follows_an_office(user):
    """Office staff, or a member of an office's council: the completion matrix is theirs to read."""
    return bool(reach_paths(user, FOLLOWER_ROLES))


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
rules.add_perm("schedules.view_completion", is_superuser | follows_an_office)
rules.add_perm("schedules.edit_timeline", can_edit_timeline)


# A cell of the completion matrix: a deadline and one unit it concerns.


@rules.predicate
def manages_target_school(user, target):
    return target is not None and within_reach(user, target.unit, SCHOOL_MANAGER_ROLES)


@rules.predicate
def sets_target_deadline(user, target):
    return target is not None and within_reach(user, target.deadline.issuing_unit, OFFICE_ROLES)


can_extend_target = is_superuser | sets_target_deadline
can_confirm_target = is_superuser | sets_target_deadline | manages_target_school
# The school asks for more time; the office grants it (can_extend_target).
can_request_extension = is_superuser | manages_target_school

rules.add_perm("schedules.extend_cell", can_extend_target)
rules.add_perm("schedules.confirm_cell", can_confirm_target)
rules.add_perm("schedules.request_extension_cell", can_request_extension)
