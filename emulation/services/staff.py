"""Staff: one person added, changed or (de)activated, and a workbook of people imported at once."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from emulation.models import Person
from emulation.models.organisation import NATIONAL_ID_TAKEN
from emulation.selectors.organisation import national_id_taken
from emulation.text import search_key, sort_name
from emulation.workbooks.staff import StaffImport, read_staff_workbook

BATCH_SIZE = 500
IMPORT_CHANGED = _(
    "The staff list or your units changed since the preview; nothing was saved. Check the preview again."
)

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


def _new_person(values: dict) -> Person:
    person = Person(**values)
    # bulk_create does not call Person.save(): fill in what it would.
    person.sort_name = sort_name(person.full_name)
    person.search_name = search_key(person.full_name)
    return person


def commit_staff_import(*, source, user, expected_rows: int | None = None) -> StaffImport:
    """Check *source* again and write its valid rows in one transaction; rows with problems are skipped.

    With *expected_rows* (the count the user saw on the preview), a different count now means the staff
    table or the user's units changed meanwhile: nothing is written. Every refusal is a ValidationError
    whose message says why; the history records *user* as the author of each new person.
    """
    result = read_staff_workbook(source, user=user)
    if result.refusal:
        raise ValidationError(result.refusal, code="refused")
    if expected_rows is not None and len(result.valid_records) != expected_rows:
        raise ValidationError(str(IMPORT_CHANGED), code="changed")
    if not result.valid_records:
        raise ValidationError(gettext("No row can be imported; nothing was saved."), code="empty")
    people = [_new_person(record.values) for record in result.valid_records]
    try:
        with transaction.atomic():
            bulk_create_with_history(people, Person, batch_size=BATCH_SIZE, default_user=user)
    except IntegrityError:
        raise ValidationError(str(IMPORT_CHANGED), code="changed") from None
    result.created = len(people)
    return result
