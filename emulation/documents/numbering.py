import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from emulation.dates import short_date
from emulation.documents.layout import format_symbol
from emulation.enums import DocumentType
from emulation.models import IssuedNumber, NumberCounter, Unit
from emulation.text import nfc


def counters_of(*, units, year: int) -> list[NumberCounter]:
    """The registers of *units* for *year* that have a counter, by unit and document type."""
    return list(
        NumberCounter.objects.filter(unit__in=units, year=year)
        .select_related("unit")
        .order_by("unit__path", "doc_type")
    )


def last_issued_number(*, unit: Unit, doc_type: str, year: int) -> IssuedNumber | None:
    """The highest number *unit* has issued for *doc_type* in *year*, if any."""
    return IssuedNumber.objects.filter(unit=unit, doc_type=doc_type, year=year).order_by("-number").first()


@transaction.atomic
def set_next_number(*, unit: Unit, doc_type: str, year: int, next_number: int) -> NumberCounter:
    """Make *next_number* the next number of *unit*'s register for *doc_type* in *year*.

    For an office that starts using the register in the middle of a year, when the numbers
    before were given on paper. Never at or below a number already issued in the register.
    """
    doc_type = DocumentType(doc_type)
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(unit=unit, year=year, doc_type=doc_type)
    last = last_issued_number(unit=unit, doc_type=doc_type, year=year)
    if next_number < 1:
        raise ValidationError({"next_number": _("The first number of a year is 1 or more.")})
    if last is not None and next_number <= last.number:
        raise ValidationError(
            {
                "next_number": _(
                    "Number %(symbol)s has already been issued, on %(day)s: the next number must be above %(number)s."
                )
                % {"symbol": last.symbol, "day": short_date(last.issued_on), "number": last.number}
            }
        )
    counter.last_number = next_number - 1
    counter.save(update_fields=["last_number"])
    return counter


@transaction.atomic
def allocate_number(
    *,
    unit: Unit,
    doc_type: str,
    issued_on: dt.date,
    title: str,
    subject: models.Model | None = None,
    drafting_unit: str = "",
) -> IssuedNumber:
    """Give the next number of *unit*'s register for *doc_type* in the year of *issued_on*.

    Call it inside the transaction that issues the document: the counter row stays
    locked (SELECT … FOR UPDATE) until that transaction ends, so concurrent issuers
    wait in turn, and a rollback gives the number back.
    """
    doc_type = DocumentType(doc_type)
    year = issued_on.year
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(unit=unit, year=year, doc_type=doc_type)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return IssuedNumber.objects.create(
        unit=unit,
        year=year,
        doc_type=doc_type,
        number=counter.last_number,
        symbol=format_symbol(
            number=counter.last_number, doc_type=doc_type, unit_symbol=unit.symbol, drafting_unit=drafting_unit
        ),
        issued_on=issued_on,
        title=nfc(title)[:500],
        content_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        object_id=subject.pk if subject is not None else None,
    )
