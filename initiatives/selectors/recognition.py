"""What the apps above read about recognised initiatives: a person's recognitions and whether one is used.

``awards`` asks these to check a title that rests on an initiative (CSTĐCS on the "LĐTT + initiative" path,
CSTĐ cấp tỉnh, Bằng khen): which initiatives a person authored were recognised, at what scope, by which
decision, and whether each has already justified a title (then it justifies no other, domain.md §1a).
"""

from django.db.models import Exists, OuterRef, QuerySet

from emulation.models import Period, Person
from initiatives.enums import DecisionState, InitiativeScope
from initiatives.models import DecisionEntry, Initiative, InitiativeUse


def scopes_from(scope: str) -> list[str]:
    """*scope* and every wider one: "local" → ["local", "province"]."""
    wanted = InitiativeScope(scope)
    return [other.value for other in InitiativeScope if other.rank >= wanted.rank]


def recognised_initiatives_of(
    person: Person, *, period: Period | None = None, year: int | None = None, scope: str = "",
    unused_only: bool = False,
) -> QuerySet[DecisionEntry]:  # fmt: skip
    """Every recognition of an initiative *person* co-authored, one entry per issued decision that recognised it.

    Filter by the initiative's *period*, by the calendar *year* the decision was issued, by the narrowest
    *scope* accepted (wider ones count too) and to initiatives not used yet. Each entry carries ``is_used``;
    ``entry.decision.symbol`` and ``entry.decision.issued_on`` name the decision.
    """
    entries = DecisionEntry.objects.filter(
        recognised=True,
        decision__state=DecisionState.ISSUED,
        initiative__authors__person=person,
    )
    if period is not None:
        entries = entries.filter(initiative__period=period)
    if year is not None:
        entries = entries.filter(decision__issued_number__issued_on__year=year)
    if scope:
        entries = entries.filter(scope__in=scopes_from(scope))
    entries = entries.annotate(is_used=Exists(InitiativeUse.objects.filter(initiative=OuterRef("initiative_id"))))
    if unused_only:
        entries = entries.filter(is_used=False)
    return entries.select_related(
        "initiative__period", "initiative__unit", "initiative__field", "decision__issued_number", "decision__council"
    ).order_by("decision__issued_number__issued_on", "decision_id", "order", "pk")


def widest_recognition(initiative: Initiative) -> DecisionEntry | None:
    """The issued entry that recognised *initiative* at its widest scope (the latest of equals), or None."""
    entries = list(
        DecisionEntry.objects.filter(initiative=initiative, recognised=True, decision__state=DecisionState.ISSUED)
        .select_related("decision__issued_number")
        .order_by("decision__issued_number__issued_on", "pk")
    )
    if not entries:
        return None
    return max(reversed(entries), key=lambda entry: InitiativeScope(entry.scope).rank)


def is_initiative_used(initiative: Initiative) -> bool:
    """Whether the initiative has already justified a title: it then justifies no other."""
    return InitiativeUse.objects.filter(initiative_id=initiative.pk).exists()


def initiative_use(initiative: Initiative) -> InitiativeUse | None:
    return InitiativeUse.objects.select_related("award", "period").filter(initiative_id=initiative.pk).first()
