"""The office's list of initiatives: every initiative of a period in its reach, filtered; and its Excel rows.

The page costs a fixed number of queries: the rows (unit and field joined) and their authors, whatever the
number of rows; the export streams the rows in chunks, each chunk's authors read in one query.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from emulation.enums import UnitKind
from emulation.models import Period, Unit
from emulation.rules import units_within_reach
from emulation.text import search_key, vietnamese
from initiatives.enums import INITIATIVE_AWAITING_EVALUATION, InitiativeScope, InitiativeState
from initiatives.models import Field, Initiative, InitiativeAuthor

AWAITING = "awaiting"  # submitted or resubmitted: what waits for a council


@dataclass(frozen=True)
class InitiativeFilters:
    period: Period
    field: Field | None = None
    state: str = ""
    school: Unit | None = None
    score_min: Decimal | None = None
    score_max: Decimal | None = None
    scope: str = ""
    query: str = ""


def list_periods() -> list[Period]:
    return list(Period.objects.order_by("-start_date"))


def schools_in_reach(user) -> QuerySet[Unit]:
    return units_within_reach(user).filter(kind=UnitKind.SCHOOL).order_by(vietnamese("name"), "pk")


def office_initiatives(*, user, filters: InitiativeFilters) -> QuerySet[Initiative]:
    """The initiatives of the period in the user's reach, with what the list shows, in Vietnamese order."""
    rows = Initiative.objects.filter(period=filters.period, unit__in=units_within_reach(user))
    if filters.field is not None:
        rows = rows.filter(field=filters.field)
    if filters.state == AWAITING:
        rows = rows.filter(state__in=INITIATIVE_AWAITING_EVALUATION)
    elif filters.state:
        rows = rows.filter(state=filters.state)
    if filters.school is not None:
        rows = rows.filter(unit__path__startswith=filters.school.path)
    if filters.score_min is not None:
        rows = rows.filter(score__gte=filters.score_min)
    if filters.score_max is not None:
        rows = rows.filter(score__lte=filters.score_max)
    if filters.scope:
        rows = rows.filter(scope=filters.scope)
    for word in search_key(filters.query).split():
        rows = rows.filter(search_title__contains=word)
    return (
        rows.select_related("unit", "field")
        .prefetch_related(Prefetch("authors", InitiativeAuthor.objects.order_by("order", "pk")))
        .order_by(vietnamese("unit__name"), "unit_id", vietnamese("title"), "pk")
    )


def state_totals(*, user, filters: InitiativeFilters) -> list[tuple[str, str, int]]:
    """(state, label, number) over the period in the user's reach (the other filters left out): one query."""
    counts = dict(
        Initiative.objects.filter(period=filters.period, unit__in=units_within_reach(user))
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    return [(state.value, state.label, counts.get(state.value, 0)) for state in InitiativeState]


def export_header() -> list[str]:
    return [
        _("No."), _("Name of the initiative"), _("Authors"), _("Unit"), _("Field of application"), _("State"),
        _("Date of the application"), _("Score"), _("Scope of effect"),
    ]  # fmt: skip


EXPORT_CHUNK = 2000


def export_rows(initiatives: QuerySet[Initiative]) -> Iterator[list]:
    for number, initiative in enumerate(initiatives.iterator(chunk_size=EXPORT_CHUNK), start=1):
        yield [
            number,
            initiative.title,
            ", ".join(f"{author.full_name} ({floatformat(author.contribution, -2)} %)"
                      for author in initiative.authors.all()),
            initiative.unit.name,
            initiative.field.name if initiative.field else "",
            str(InitiativeState(initiative.state).label),
            initiative.filed_on,
            initiative.score,
            str(InitiativeScope(initiative.scope).label) if initiative.scope else "",
        ]  # fmt: skip
