"""What the office reads about the schools' registrations: the list, its totals, the review page, the exports.

Every read here costs a fixed number of queries whatever the number of schools: the page of
schools is one query (its registration joined), its counts per title one grouped query, the totals
two aggregates, and the consolidated rows are streamed in one query per sheet.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, QuerySet
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from emulation.enums import (
    CSTDCS_CODE,
    LDTT_CODE,
    OFFICE_ROLES,
    REGISTRATION_AWAITING_REVIEW,
    AwardKind,
    AwardScope,
    RegistrationState,
    UnitKind,
)
from emulation.models import (
    Award,
    BlockMembership,
    CollectiveTarget,
    EmulationBlock,
    Period,
    Registration,
    RegistrationLine,
    RegistrationLog,
    Unit,
)
from emulation.rules import units_within_reach
from emulation.selectors.organisation import schools_led_by
from emulation.text import vietnamese


def individual_titles():
    return Award.objects.filter(
        is_active=True, kind=AwardKind.TITLE, scope__in=[AwardScope.INDIVIDUAL, AwardScope.BOTH]
    ).order_by("order", "name")


def individual_forms():
    return Award.objects.filter(
        is_active=True, kind=AwardKind.FORM, scope__in=[AwardScope.INDIVIDUAL, AwardScope.BOTH]
    ).order_by("order", "name")


def collective_awards():
    return Award.objects.filter(is_active=True, scope__in=[AwardScope.COLLECTIVE, AwardScope.BOTH]).order_by(
        "kind", "order", "name"
    )


def registration_lines(registration: Registration):
    """The lines in Vietnamese name order, with what the tables show, in one query."""
    return registration.lines.select_related("person", "title", "form").order_by(
        vietnamese("person__sort_name"), "person_id"
    )


@dataclass
class TitleCount:
    award: Award
    count: int


@dataclass
class LineCount:
    """Lines per title and the CSTĐCS share of the LĐTT base.

    ``ldtt_base`` counts every person who will be LĐTT if the registration is met: those aiming for LĐTT
    and those aiming for a title that requires it (CSTĐCS). It is the base of the CSTĐCS cap, not the
    number of lines whose target is LĐTT (that is ``ldtt_lines`` in the office's list).
    """

    titles: list[TitleCount] = field(default_factory=list)
    forms: list[TitleCount] = field(default_factory=list)
    total: int = 0
    ldtt_base: int = 0
    cstdcs: int = 0
    cap: float | None = None

    @property
    def percent(self) -> float | None:
        if not self.ldtt_base:
            return None
        return self.cstdcs * 100 / self.ldtt_base

    @property
    def over_cap(self) -> bool:
        return self.cap is not None and self.percent is not None and self.percent > self.cap

    @property
    def ratio_text(self) -> str:
        """ "CSTĐCS: 3 / 20 LĐTT = 15%"."""
        shown = floatformat(self.percent, -1) if self.percent is not None else "–"
        return _("CSTĐCS: %(cstdcs)s / %(ldtt)s LĐTT = %(percent)s%%") % {
            "cstdcs": self.cstdcs,
            "ldtt": self.ldtt_base,
            "percent": shown,
        }

    @property
    def cap_text(self) -> str:
        return floatformat(self.cap, -1) if self.cap is not None else ""


def count_lines(lines, *, titles=None, forms=None) -> LineCount:
    """The live count of *lines* (RegistrationLine objects with title and form loaded)."""
    titles = list(titles if titles is not None else individual_titles())
    ldtt = next((award for award in titles if award.code == LDTT_CODE), None)
    per_title: dict[int, int] = {}
    per_form: dict[int, int] = {}
    result = LineCount(cap=getattr(settings, "CSTDCS_CAP_PERCENT", None))
    extra_awards = {}
    for line in lines:
        if line.title_id:
            per_title[line.title_id] = per_title.get(line.title_id, 0) + 1
            extra_awards.setdefault(line.title_id, line.title)
            if line.title_id == getattr(ldtt, "pk", None) or (ldtt and line.title.requires_id == ldtt.pk):
                result.ldtt_base += 1
            if line.title.code == CSTDCS_CODE:
                result.cstdcs += 1
        if line.form_id:
            per_form[line.form_id] = per_form.get(line.form_id, 0) + 1
            extra_awards.setdefault(line.form_id, line.form)
        if line.title_id or line.form_id:
            result.total += 1
    shown = {award.pk for award in titles}
    result.titles = [TitleCount(award, per_title.get(award.pk, 0)) for award in titles]
    result.titles += [TitleCount(extra_awards[pk], n) for pk, n in per_title.items() if pk not in shown]
    form_list = list(forms) if forms is not None else []
    result.forms = [TitleCount(award, per_form[award.pk]) for award in form_list if award.pk in per_form]
    listed = {award.pk for award in form_list}
    result.forms += [TitleCount(extra_awards[pk], n) for pk, n in per_form.items() if pk not in listed]
    return result


def school_registrations(*, user) -> list[tuple[Unit, Registration | None]]:
    """Each school the user leads, with its registration for the current period (None if not started)."""

    period = Period.objects.current()
    schools = list(schools_led_by(user))
    if period is None or not schools:
        return []
    registrations = {r.unit_id: r for r in Registration.objects.filter(period=period, unit__in=schools)}
    return [(unit, registrations.get(unit.pk)) for unit in schools]


def registrations_awaiting_review(*, user) -> int:
    """Registrations of the current period, in the user's offices' schools, waiting for the office."""

    period = Period.objects.current()
    if period is None:
        return 0
    return Registration.objects.filter(
        period=period,
        state__in=REGISTRATION_AWAITING_REVIEW,
        unit__in=units_within_reach(user, OFFICE_ROLES),
    ).count()


NOT_STARTED = "not_started"
AWAITING = "awaiting"  # submitted or resubmitted: what the office has to look at


# The state filter: every registration state, and the schools that have not started one.
STATE_FILTER_VALUES = (*RegistrationState.values, NOT_STARTED)


# What the consolidated list holds when the office asks for more than the accepted registrations.
SUBMITTED_STATES = frozenset({*REGISTRATION_AWAITING_REVIEW, RegistrationState.ACCEPTED})


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
    state: str = ""  # a RegistrationState, NOT_STARTED, AWAITING, or "" for every school
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
    elif filters.state == AWAITING:
        schools = schools.filter(reg__state__in=REGISTRATION_AWAITING_REVIEW)
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
    """Give each row its lines whose target is LĐTT, CSTĐCS or anything else, and its collective targets.

    One grouped query per 500 rows. ``ldtt_lines`` are lines aiming for LĐTT itself: a CSTĐCS line is
    counted in ``cstdcs_lines`` only (the school page's LĐTT base counts both, see :class:`LineCount`).

    (Counting in correlated subqueries made the database walk every LĐTT line once per school.)
    """
    rows = list(rows)
    counts = {}
    ids = [row.reg_id for row in rows if row.reg_id]
    for start in range(0, len(ids), COUNT_CHUNK):
        chunk = Registration.objects.filter(pk__in=ids[start : start + COUNT_CHUNK]).annotate(
            ldtt=Count("lines", filter=Q(lines__title__code=LDTT_CODE), distinct=True),
            cstdcs=Count("lines", filter=Q(lines__title__code=CSTDCS_CODE), distinct=True),
            other=Count(
                "lines",
                filter=Q(lines__title__isnull=True) | ~Q(lines__title__code__in=[LDTT_CODE, CSTDCS_CODE]),
                distinct=True,
            ),
            target_count=Count("targets", distinct=True),
        )
        for pk, *figures in chunk.order_by().values_list("pk", "ldtt", "cstdcs", "other", "target_count"):
            counts[pk] = figures
    for row in rows:
        row.ldtt_lines, row.cstdcs_lines, row.other_lines, row.target_count = counts.get(row.reg_id, (0, 0, 0, 0))
    return rows


@dataclass(frozen=True)
class Totals:
    """The list's figures: lines whose target is LĐTT, CSTĐCS, anything else (as in :func:`with_counts`)."""

    schools: int
    per_state: dict  # state (or NOT_STARTED) -> number of schools
    ldtt_lines: int
    cstdcs_lines: int
    other_lines: int
    targets: int


def list_totals(filters: RegistrationFilters) -> Totals:
    """The figures above the list, over every school the filters keep (not only the page): three queries."""
    per_state = dict.fromkeys(STATE_FILTER_VALUES, 0)
    for state, number in _schools(filters).order_by().values_list("reg__state").annotate(n=Count("pk", distinct=True)):
        per_state[state or NOT_STARTED] += number
    registrations = Registration.objects.filter(period=filters.period, unit__in=_schools(filters).values("pk"))
    figures = RegistrationLine.objects.filter(registration__in=registrations).aggregate(
        ldtt=Count("pk", filter=Q(title__code=LDTT_CODE)),
        cstdcs=Count("pk", filter=Q(title__code=CSTDCS_CODE)),
        other=Count("pk", filter=Q(title__isnull=True) | ~Q(title__code__in=[LDTT_CODE, CSTDCS_CODE])),
    )
    figures["targets"] = CollectiveTarget.objects.filter(registration__in=registrations).count()
    return Totals(
        schools=sum(per_state.values()),
        per_state=per_state,
        ldtt_lines=figures["ldtt"],
        cstdcs_lines=figures["cstdcs"],
        other_lines=figures["other"],
        targets=figures["targets"],
    )


def registrations_reviewable_from(user, roles=OFFICE_ROLES) -> QuerySet[Registration]:
    """Registrations of the schools under the user's offices: bulk accept looks only here, and the review page
    with the office's council too (``roles=FOLLOWER_ROLES``), which reads it without deciding."""
    return Registration.objects.select_related("unit", "period").filter(unit__in=units_within_reach(user, roles))


def review_lines(registration: Registration) -> QuerySet[RegistrationLine]:
    return registration.lines.select_related("person", "title", "form").order_by(vietnamese("person__sort_name"), "pk")


def review_targets(registration: Registration) -> QuerySet[CollectiveTarget]:
    return registration.targets.select_related("award").order_by("award__order", "pk")


def review_history(registration: Registration) -> QuerySet[RegistrationLog]:
    return registration.log.select_related("by").order_by("-at", "-pk")


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
