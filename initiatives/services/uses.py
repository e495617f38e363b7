"""An initiative used to justify a title: once used, it justifies no other (CV 1168/BNV-BTĐKT, domain.md §1a).

``awards`` calls :func:`mark_initiative_used` in the same transaction that records the title it justifies, so
the use is written only if the title is. The one-to-one row makes two titles racing for the same initiative
end with one use and a message for the other.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from emulation.models import Award, Period, Person
from initiatives.models import Initiative, InitiativeUse
from initiatives.selectors.recognition import initiative_use, widest_recognition
from initiatives.services.initiatives import lock_initiative


def _already_used(initiative: Initiative) -> ValidationError:
    use = initiative_use(initiative)
    if use is None:
        return ValidationError(_("This initiative has already been used to justify a title."), code="used")
    return ValidationError(
        _("“%(title)s” has already justified %(award)s (%(period)s): an initiative justifies one title only.")
        % {"title": initiative.title, "award": use.award, "period": use.period.name},
        code="used",
    )


@transaction.atomic
def mark_initiative_used(
    *, initiative: Initiative, for_award: Award, period: Period, by, person: Person | None = None,
    subject: models.Model | None = None, note: str = "",
) -> InitiativeUse:  # fmt: skip
    """Record that *initiative* justifies *for_award* in *period* (for *person*, one of its authors)."""
    locked = lock_initiative(initiative)
    if widest_recognition(locked) is None:
        raise ValidationError(
            _("“%(title)s” has not been recognised: it cannot justify a title.") % {"title": locked.title},
            code="not_recognised",
        )
    if person is not None and not locked.authors.filter(person=person).exists():
        raise ValidationError(
            _("%(name)s is not an author of “%(title)s”.") % {"name": person.full_name, "title": locked.title},
            code="not_author",
        )
    if InitiativeUse.objects.filter(initiative=locked).exists():
        raise _already_used(locked)
    use = InitiativeUse(
        initiative=locked, award=for_award, period=period, by=by, note=note.strip()[:300],
        content_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        object_id=subject.pk if subject is not None else None,
    )  # fmt: skip
    try:
        with transaction.atomic():
            use.save()
    except IntegrityError:  # a use written by a request that did not wait for the lock
        raise _already_used(locked) from None
    return use


@transaction.atomic
def release_initiative_use(*, initiative: Initiative, by) -> bool:
    """Free the initiative again (the title it justified was withdrawn); False when it was not used."""
    locked = lock_initiative(initiative)
    deleted, _rows = InitiativeUse.objects.filter(initiative=locked).delete()
    return bool(deleted)
