"""What the office reads about the schools' registrations: the list, its totals, the review page, the exports.

Every read here costs a fixed number of queries whatever the number of schools: the page of
schools is one query (its registration joined), its counts per title one grouped query, the totals
two aggregates, and the consolidated rows are streamed in one query per sheet.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, QuerySet

from .enums import (
    OFFICE_ROLES,
    REGISTRATION_AWAITING_REVIEW,
    RegistrationState,
    UnitKind,
)
from .models import (
    BlockMembership,
    CollectiveTarget,
    EmulationBlock,
    Period,
    Registration,
    RegistrationLine,
    RegistrationLog,
    Unit,
)
from .rules import is_superuser, memberships_of, reach_paths
from .text import vietnamese

NOT_STARTED = "not_started"
LDTT, CSTDCS = "ldtt", "cstdcs"
# The state filter: every registration state, and the schools that have not started one.
STATE_FILTER_VALUES = (*RegistrationState.values, NOT_STARTED)
SORTS = ("name", "-name", "changed")
# What the consolidated list holds when the office asks for more than the accepted registrations.
SUBMITTED_STATES = frozenset({*REGISTRATION_AWAITING_REVIEW, RegistrationState.ACCEPTED})


def office_units_of(user) -> list[Unit]:
    """The offices whose schools the user follows: the units where they hold an office role.

    A superuser without such a role follows the top units of the tree.
    """
    ids = {unit_id for role, _path, unit_id in memberships_of(user) if role in OFFICE_ROLES}
    units = Unit.objects.filter(is_active=True).exclude(kind=UnitKind.SCHOOL)
    if ids:
        units = units.filter(pk__in=ids)
    elif is_superuser(user):
        units = units.filter(parent__isnull=True)
    else:
        return []
    return list(units.order_by("path"))


def registration_periods() -> list[Period]:
    return list(Period.objects.order_by("-start_date"))


def office_blocks(*, office: Unit, period: Period) -> list[EmulationBlock]:
    """The emulation blocks managed by the office (or an office below it) in the period."""
    return list(
        EmulationBlock.objects.filter(period=period, managing_unit__path__startswith=office.path).order_by(
            "managing_unit__path", "number"
        )
    )


@dataclass(frozen=True)
class RegistrationFilters:
    office: Unit
    period: Period
    level: str = ""
    block: EmulationBlock | None = None
    state: str = ""  # a RegistrationState, NOT_STARTED, or "" for every school
    sort: str = "name"


def _schools(filters: RegistrationFilters) -> QuerySet[Unit]:
    """The schools concerned: the office's active schools, and any school that registered for the period."""
    registered = Registration.objects.filter(unit=OuterRef("pk"), period=filters.period)
    schools = (
        Unit.objects.filter(kind=UnitKind.SCHOOL, path__startswith=filters.office.path)
        .filter(Q(is_active=True) | Exists(registered))
        .annotate(reg=FilteredRelation("registrations", condition=Q(registrations__period=filters.period)))
    )
    if filters.level:
        schools = schools.filter(level=filters.level)
    if filters.block is not None:
        schools = schools.filter(pk__in=BlockMembership.objects.filter(block=filters.block).values("unit_id"))
    if filters.state == NOT_STARTED:
        schools = schools.filter(reg__id__isnull=True)
    elif filters.state:
        schools = schools.filter(reg__state=filters.state)
    return schools


def school_rows(filters: RegistrationFilters) -> QuerySet[Unit]:
    """One row per school with its registration's id, state and times (lazy; page it, then :func:`with_counts`)."""
    rows = _schools(filters).annotate(
        reg_id=F("reg__id"),
        reg_state=F("reg__state"),
        reg_submitted_at=F("reg__submitted_at"),
        reg_updated_at=F("reg__updated_at"),
    )
    rows = rows.only("pk", "name", "level", "path")
    if filters.sort == "-name":
        return rows.order_by(vietnamese("name").desc(), "-pk")
    if filters.sort == "changed":
        return rows.order_by(F("reg_updated_at").desc(nulls_last=True), vietnamese("name"), "pk")
    return rows.order_by(vietnamese("name"), "pk")


COUNT_CHUNK = 500


def with_counts(rows) -> list:
    """Give each row its counts per title and of collective targets: one grouped query per 500 rows.

    (Counting in correlated subqueries made the database walk every LĐTT line once per school.)
    """
    rows = list(rows)
    counts = {}
    ids = [row.reg_id for row in rows if row.reg_id]
    for start in range(0, len(ids), COUNT_CHUNK):
        chunk = Registration.objects.filter(pk__in=ids[start : start + COUNT_CHUNK]).annotate(
            ldtt=Count("lines", filter=Q(lines__title__code=LDTT), distinct=True),
            cstdcs=Count("lines", filter=Q(lines__title__code=CSTDCS), distinct=True),
            other=Count(
                "lines",
                filter=Q(lines__title__isnull=True) | ~Q(lines__title__code__in=[LDTT, CSTDCS]),
                distinct=True,
            ),
            target_count=Count("targets", distinct=True),
        )
        for pk, *figures in chunk.order_by().values_list("pk", "ldtt", "cstdcs", "other", "target_count"):
            counts[pk] = figures
    for row in rows:
        row.ldtt_count, row.cstdcs_count, row.other_count, row.target_count = counts.get(row.reg_id, (0, 0, 0, 0))
    return rows


@dataclass(frozen=True)
class Totals:
    schools: int
    per_state: dict  # state (or NOT_STARTED) -> number of schools
    ldtt: int
    cstdcs: int
    other: int
    targets: int


def list_totals(filters: RegistrationFilters) -> Totals:
    """The figures above the list, over every school the filters keep (not only the page): three queries."""
    per_state = dict.fromkeys(STATE_FILTER_VALUES, 0)
    for state, number in _schools(filters).order_by().values_list("reg__state").annotate(n=Count("pk", distinct=True)):
        per_state[state or NOT_STARTED] += number
    registrations = Registration.objects.filter(period=filters.period, unit__in=_schools(filters).values("pk"))
    figures = RegistrationLine.objects.filter(registration__in=registrations).aggregate(
        ldtt=Count("pk", filter=Q(title__code=LDTT)),
        cstdcs=Count("pk", filter=Q(title__code=CSTDCS)),
        other=Count("pk", filter=Q(title__isnull=True) | ~Q(title__code__in=[LDTT, CSTDCS])),
    )
    figures["targets"] = CollectiveTarget.objects.filter(registration__in=registrations).count()
    return Totals(
        schools=sum(per_state.values()),
        per_state=per_state,
        ldtt=figures["ldtt"],
        cstdcs=figures["cstdcs"],
        other=figures["other"],
        targets=figures["targets"],
    )


# The review page -------------------------------------------------------------------------------


def registrations_reviewable_from(user) -> QuerySet[Registration]:
    """Registrations of the schools under the user's offices: the review page and bulk accept look only here."""
    registrations = Registration.objects.select_related("unit", "period")
    if is_superuser(user):
        return registrations
    return registrations.filter(unit__in=Unit.objects.subtree_of(reach_paths(user, OFFICE_ROLES)))


def review_lines(registration: Registration) -> QuerySet[RegistrationLine]:
    return registration.lines.select_related("person", "title", "form").order_by(vietnamese("person__sort_name"), "pk")


def review_targets(registration: Registration) -> QuerySet[CollectiveTarget]:
    return registration.targets.select_related("award").order_by("award__order", "pk")


def review_history(registration: Registration) -> QuerySet[RegistrationLog]:
    return registration.log.select_related("by").order_by("-at", "-pk")


# The consolidated list (Excel and PDF) ---------------------------------------------------------


def consolidated_registrations(filters: RegistrationFilters, *, include_waiting: bool = False):
    """The registrations the consolidated list holds: accepted ones, or every one sent in."""
    states = SUBMITTED_STATES if include_waiting else {RegistrationState.ACCEPTED}
    return Registration.objects.filter(period=filters.period, state__in=states, unit__in=_schools(filters).values("pk"))


def _ids(registrations) -> list[int]:
    """The registrations' ids, fetched first (one per school at most): the big query then reads by index
    whatever the planner believes about the tables, instead of nesting the schools' filter inside it."""
    return list(registrations.values_list("pk", flat=True))


def individual_lines(registrations) -> QuerySet:
    """(school, person, position, title, form, initiative) of every line, by school then by given name."""
    return (
        RegistrationLine.objects.filter(registration_id__in=_ids(registrations))
        .order_by(
            vietnamese("registration__unit__name"), "registration__unit_id", vietnamese("person__sort_name"), "pk"
        )
        .values_list(
            "registration__unit_id",
            "registration__unit__name",
            "person__full_name",
            "person__position",
            "title__name",
            "form__name",
            "initiative_title",
        )
    )


def collective_targets(registrations) -> QuerySet:
    """(school id, school, award name, award kind, commitment) of every collective target, by school."""
    return (
        CollectiveTarget.objects.filter(registration_id__in=_ids(registrations))
        .order_by(vietnamese("registration__unit__name"), "registration__unit_id", "award__order", "pk")
        .values_list("registration__unit_id", "registration__unit__name", "award__name", "award__kind", "commitment")
    )
