"""Reads of initiatives that repeat: what a user may see, one initiative's page, a school's list."""

from django.db.models import Prefetch, QuerySet

from emulation.models import Period, RegistrationLine, Unit
from emulation.rules import is_superuser, units_within_reach
from emulation.text import vietnamese
from initiatives.models import Initiative, InitiativeAttachment, InitiativeAuthor, InitiativeLog
from initiatives.rules import seats_of


def initiatives_visible_to(user) -> QuerySet[Initiative]:
    """The initiatives of the units within the user's reach, and those assigned to a council they sit on."""
    if is_superuser(user):
        return Initiative.objects.all()
    visible = Initiative.objects.filter(unit__in=units_within_reach(user))
    councils = [seat.council_id for seat in seats_of(user)]
    if councils:
        visible = visible | Initiative.objects.filter(assignments__council_id__in=councils)
    return visible.distinct()


def initiative_page(*, user, pk: int) -> Initiative:
    """One initiative with what its page shows, or Initiative.DoesNotExist outside the user's reach."""
    return (
        initiatives_visible_to(user)
        .select_related("unit", "period", "field", "forwarded_to", "registration_line")
        .prefetch_related(
            Prefetch("authors", InitiativeAuthor.objects.select_related("person").order_by("order", "pk")),
            "participants",
            Prefetch("attachments", InitiativeAttachment.objects.order_by("kind", "pk")),
        )
        .get(pk=pk)
    )


def initiative_history(initiative: Initiative) -> QuerySet[InitiativeLog]:
    return initiative.log.select_related("by").order_by("-at", "-pk")


def authors_text(initiative: Initiative) -> str:
    """ "Nguyễn Thị Hồng (70 %), Lê Văn Ngoài (30 %)" from the prefetched authors."""
    return ", ".join(author.full_name for author in initiative.authors.all())


def school_initiatives(*, unit: Unit, period: Period) -> QuerySet[Initiative]:
    """A school's initiatives of a period, with their authors, newest change first."""
    return (
        Initiative.objects.filter(unit=unit, period=period)
        .select_related("field")
        .prefetch_related(Prefetch("authors", InitiativeAuthor.objects.order_by("order", "pk")))
        .order_by("-updated_at", "-pk")
    )


def announced_initiatives(*, unit: Unit, period: Period) -> QuerySet[RegistrationLine]:
    """Registration lines of the school for the period that name an initiative not yet started."""
    return (
        RegistrationLine.objects.filter(registration__unit=unit, registration__period=period, initiative__isnull=True)
        .exclude(initiative_title="")
        .select_related("person")
        .order_by(vietnamese("person__sort_name"), "pk")
    )


def initiative_assignments(initiative: Initiative) -> QuerySet:
    """The councils the initiative was given to, in the order it went to them."""
    return initiative.assignments.select_related("council__unit", "council__period").order_by("assigned_at", "pk")
