import pytest
from django.db import IntegrityError, transaction

from emulation.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_two_active_records_cannot_share_an_identity_number(school_a, school_b):
    PersonFactory(unit=school_a, national_id="074185000123")

    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(unit=school_b, national_id="074185000123")


def test_an_inactive_record_and_an_active_one_may_share_an_identity_number(school_a, school_b):
    PersonFactory(unit=school_a, national_id="074185000123", is_active=False)
    moved = PersonFactory(unit=school_b, national_id="074185000123")

    assert moved.pk is not None


def test_records_without_an_identity_number_do_not_clash(school_a):
    first, second = PersonFactory(unit=school_a, national_id=""), PersonFactory(unit=school_a, national_id="")

    assert (first.national_id, second.national_id) == ("", "")
