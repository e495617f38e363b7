"""The two LĐTT figures: the office's list counts lines aiming for LĐTT, the school page the LĐTT base."""

import datetime as dt
from types import SimpleNamespace

import pytest

from emulation.models import Award, Registration
from emulation.selectors.registrations import count_lines, with_counts
from emulation.tests.factories import PeriodFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(school_a):
    period = PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31))
    registration = Registration.objects.create(unit=school_a, period=period)
    for code in ("ldtt", "ldtt", "cstdcs"):
        registration.lines.create(person=PersonFactory(unit=school_a), title=Award.objects.get(code=code))
    registration.lines.create(person=PersonFactory(unit=school_a), form=Award.objects.get(code="giay-khen"))
    return registration


def test_list_counts_the_lines_aiming_for_ldtt_itself(registration):
    (row,) = with_counts([SimpleNamespace(reg_id=registration.pk)])

    assert (row.ldtt_lines, row.cstdcs_lines, row.other_lines) == (2, 1, 1)


def test_school_page_counts_cstdcs_in_the_ldtt_base_of_its_cap(registration):
    count = count_lines(registration.lines.select_related("title", "form"))

    assert (count.total, count.ldtt_base, count.cstdcs) == (4, 3, 1)
    assert count.ratio_text == "CSTĐCS: 1 / 3 LĐTT = 33,3%"
