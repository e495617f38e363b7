"""Who may do what, as named ``rules`` predicates.

A user's reach is the set of units where they hold a role, with everything
those units manage (the sub-tree below them). Views ask for a permission by
name; objects outside a user's reach are not found at all (404).
"""

import rules

from .enums import (
    FOLLOWER_ROLES,
    OFFICE_ROLES,
    SCHOOL_MANAGER_ROLES,
    STAFF_EDITOR_ROLES,
    RegistrationAction,
    Role,
)


def memberships_of(user) -> list[tuple[str, str, int]]:
    """(role, unit path, unit id) of every role the user holds; cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_emulation_memberships", None)
    if cached is None:
        cached = list(user.memberships.filter(unit__is_active=True).values_list("role", "unit__path", "unit_id"))
        user._emulation_memberships = cached
    return cached


def reach_paths(user, roles=None) -> list[str]:
    """Tree paths of the units where the user holds one of *roles* (any role if None)."""
    return [path for role, path, _ in memberships_of(user) if roles is None or role in roles]


def within_reach(user, unit, roles=None) -> bool:
    """*unit* is one where the user holds one of *roles* (any role if None), or below one of them."""
    if unit is None:
        return False
    return _path_within(user, unit.path, roles)


def _path_within(user, unit_path: str, roles=None) -> bool:
    return any(unit_path.startswith(path) for path in reach_paths(user, roles))


def units_within_reach(user, roles=None):
    """The units :func:`within_reach` of the user, as a query; every unit for a superuser."""
    from emulation.models import Unit  # the models read this module's predicates

    if is_superuser(user):
        return Unit.objects.all()
    return Unit.objects.subtree_of(reach_paths(user, roles))


@rules.predicate
def is_superuser(user):
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def has_any_role(user):
    return bool(memberships_of(user))


def has_role(*roles):
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_role:{'|'.join(sorted(wanted))}")
    def predicate(user):
        return any(role in wanted for role, _, _ in memberships_of(user))

    return predicate


@rules.predicate
def unit_in_reach(user, unit):
    return within_reach(user, unit)


@rules.predicate
def administers_unit(user, unit):
    return within_reach(user, unit, {Role.ADMINISTRATOR})


@rules.predicate
def edits_staff_of_unit(user, unit):
    return within_reach(user, unit, STAFF_EDITOR_ROLES)


@rules.predicate
def person_in_reach(user, person):
    return person is not None and within_reach(user, person.unit)


@rules.predicate
def edits_staff_of_person(user, person):
    return person is not None and within_reach(user, person.unit, STAFF_EDITOR_ROLES)


@rules.predicate
def leads_unit(user, unit):
    """Principal or deputy of this very unit."""
    return unit is not None and any(
        role in SCHOOL_MANAGER_ROLES and unit_id == unit.pk for role, _, unit_id in memberships_of(user)
    )


is_school_manager = has_role(Role.PRINCIPAL, Role.DEPUTY_PRINCIPAL)
is_office_staff = has_role(*OFFICE_ROLES)
is_administrator = has_role(Role.ADMINISTRATOR)

can_view_unit = is_superuser | unit_in_reach
can_manage_unit = is_superuser | administers_unit
can_edit_unit_staff = is_superuser | edits_staff_of_unit
can_view_person = is_superuser | person_in_reach
can_edit_person = is_superuser | edits_staff_of_person
# Who may give a unit's calendar feed a new secret address (the old one stops working).
can_reset_calendar_feed = is_superuser | leads_unit | administers_unit


@rules.predicate
def office_of_unit(user, unit):
    """Office staff, head or administrator of this unit or of one above it."""
    return within_reach(user, unit, OFFICE_ROLES)


@rules.predicate
def office_of_person(user, person):
    return person is not None and within_reach(user, person.unit, OFFICE_ROLES)


@rules.predicate
def office_of_account(user, account):
    """Office role at or above a unit where *account* holds a role; a superuser's account only for superusers."""
    if account is None or account.is_superuser:
        return False
    paths = account.memberships.values_list("unit__path", flat=True)
    return any(_path_within(user, path, OFFICE_ROLES) for path in paths)


# The change history names other units' accounts and what a person's record held before they came
# to this unit, so it is for the office (and superusers), not for the school.
can_view_unit_history = is_superuser | office_of_unit
can_view_person_history = is_superuser | office_of_person
rules.add_perm("emulation.unlock_account", is_superuser | office_of_account)

# Permissions without an object: what the navigation offers.
rules.add_perm("emulation.use_site", is_superuser | has_any_role)
rules.add_perm("emulation.view_staff_list", is_superuser | has_any_role)
rules.add_perm("emulation.edit_staff", is_superuser | has_role(*STAFF_EDITOR_ROLES))
rules.add_perm("emulation.view_unit_list", is_superuser | has_any_role)
rules.add_perm("emulation.manage_accounts", is_superuser | is_administrator)
# An office opens a calendar-year period and sets where its registers start, without the administrator.
rules.add_perm("emulation.create_calendar_year", is_superuser | is_office_staff)
rules.add_perm("emulation.start_numbering", is_superuser | is_office_staff)


# Councils and registrations --------------------------------------------------------------------


@rules.predicate
def council_unit_in_reach(user, council):
    return council is not None and within_reach(user, council.unit)


@rules.predicate
def leads_council_unit(user, council):
    return council is not None and within_reach(user, council.unit, STAFF_EDITOR_ROLES)


can_view_council = is_superuser | council_unit_in_reach
can_edit_council = is_superuser | leads_council_unit


@rules.predicate
def registration_unit_in_reach(user, registration):
    return registration is not None and within_reach(user, registration.unit)


@rules.predicate
def manages_registering_school(user, registration):
    """Principal or deputy of the registering school itself."""
    return registration is not None and any(
        role in SCHOOL_MANAGER_ROLES and unit_id == registration.unit_id for role, _, unit_id in memberships_of(user)
    )


@rules.predicate
def reviews_registering_school(user, registration):
    """Office staff of an office above the school (not the school itself)."""
    return registration is not None and any(
        registration.unit.path.startswith(path) and registration.unit.path != path
        for path in reach_paths(user, {Role.DISTRICT_STAFF, Role.DISTRICT_HEAD})
    )


def registration_allows(action: RegistrationAction):
    """The registration's state has a way out by *action* in the transition table (enums.py)."""

    @rules.predicate(name=f"registration_allows:{action}")
    def predicate(user, registration):
        return registration is not None and action.target(registration.state) is not None

    return predicate


# The school changes its registration while it may still send it.
registration_is_editable = registration_allows(RegistrationAction.SUBMIT)
registration_awaits_review = registration_allows(RegistrationAction.ACCEPT) | registration_allows(
    RegistrationAction.RETURN
)

can_view_registration = is_superuser | registration_unit_in_reach
# Who acts on a registration, whatever its state: the school sends it, the office above decides on it. The
# services then say, with the state read under a lock, whether the transition table allows it now.
can_send_registration = is_superuser | manages_registering_school
can_decide_registration = is_superuser | reviews_registering_school
can_edit_registration = can_send_registration & registration_is_editable
can_submit_registration = can_send_registration & registration_allows(RegistrationAction.SUBMIT)
can_review_registration = can_decide_registration & registration_awaits_review

# The office's list of registrations: its staff review from it, its council members read it.
rules.add_perm("emulation.view_registration_list", is_superuser | has_role(*FOLLOWER_ROLES))
rules.add_perm("emulation.register_own_school", is_school_manager)
