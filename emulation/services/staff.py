from django.core.exceptions import ValidationError

from emulation.models import Person
from emulation.models.organisation import NATIONAL_ID_TAKEN
from emulation.selectors.organisation import national_id_taken

PERSON_FIELDS = (
    "full_name", "sex", "date_of_birth", "unit", "position", "category",
    "sector_start_date", "national_id", "email", "phone",
)  # fmt: skip


def create_person(*, by, **fields) -> Person:
    person = Person(**{name: fields[name] for name in PERSON_FIELDS if name in fields})
    person.full_clean()
    person._history_user = by
    person.save()
    return person


def update_person(*, person: Person, by, **fields) -> Person:
    changed = [name for name in PERSON_FIELDS if name in fields and getattr(person, name) != fields[name]]
    for name in changed:
        setattr(person, name, fields[name])
    if changed:
        person.full_clean()
        person._history_user = by
        person.save(update_fields=[*changed, "updated_at"])
    return person


def set_person_active(*, person: Person, active: bool, by) -> Person:
    if active and not person.is_active and person.national_id and national_id_taken(person.national_id):
        raise ValidationError(NATIONAL_ID_TAKEN, code="taken")
    if person.is_active != active:
        person.is_active = active
        person._history_user = by
        person.save(update_fields=["is_active", "updated_at"])
    return person
