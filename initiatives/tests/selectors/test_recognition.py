"""What awards read: a person's recognised initiatives (period, year, scope, decision) and whether one is used."""

import datetime as dt

import pytest

from emulation.models import Award
from emulation.tests.factories import PeriodFactory, PersonFactory
from initiatives.selectors.recognition import (
    is_initiative_used,
    recognised_initiatives_of,
    scopes_from,
    widest_recognition,
)
from initiatives.services.uses import mark_initiative_used
from initiatives.tests.factories import (
    AuthorFactory,
    InitiativeCouncilFactory,
    InitiativeFactory,
    issue_recognition,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier(db):
    return PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31),
                         is_current=False)  # fmt: skip


def authored(person, **kwargs):
    initiative = InitiativeFactory(unit=person.unit, **kwargs)
    AuthorFactory(initiative=initiative, person=person)
    return initiative


def test_a_person_s_recognitions_with_their_decision_and_scope(person_a, period, school_a):
    initiative = authored(person_a, period=period, title="Sơ đồ tư duy")
    decision = issue_recognition(initiative, issued_on=dt.date(2025, 3, 20))

    (entry,) = recognised_initiatives_of(person_a)

    assert (entry.initiative, entry.scope, entry.decision, entry.is_used) == (initiative, "base", decision, False)
    assert (entry.decision.symbol, entry.decision.issued_on) == ("01/QĐ-THTT", dt.date(2025, 3, 20))


def test_refused_draft_and_other_people_s_initiatives_are_not_recognitions(person_a, period, school_a):
    issue_recognition(authored(person_a, period=period), recognised=False)
    authored(person_a, period=period)
    issue_recognition(authored(PersonFactory(unit=school_a), period=period))

    assert list(recognised_initiatives_of(person_a)) == []


def test_filters_by_period_year_and_narrowest_scope(person_a, period, earlier, district):
    old = authored(person_a, period=earlier, title="Năm trước")
    issue_recognition(old, issued_on=dt.date(2024, 3, 1))
    new = authored(person_a, period=period, title="Năm nay")
    issue_recognition(new, issued_on=dt.date(2025, 3, 1))
    issue_recognition(new, council=InitiativeCouncilFactory(unit=district, period=period), scope="local",
                      issued_on=dt.date(2025, 4, 1))  # fmt: skip

    def titles(**filters):
        return [(entry.initiative.title, entry.scope) for entry in recognised_initiatives_of(person_a, **filters)]

    assert titles(period=earlier) == [("Năm trước", "base")]
    assert titles(year=2025) == [("Năm nay", "base"), ("Năm nay", "local")]
    assert titles(scope="local") == [("Năm nay", "local")]
    assert titles(scope="province") == []
    assert widest_recognition(new).scope == "local"


def test_scopes_from_the_narrowest():
    assert (scopes_from("base"), scopes_from("local"), scopes_from("province")) == (
        ["base", "local", "province"], ["local", "province"], ["province"],
    )  # fmt: skip


def test_an_initiative_used_for_a_cstdcs_shows_as_used(person_a, period, principal_a):
    initiative = authored(person_a, period=period)
    issue_recognition(initiative)

    before = is_initiative_used(initiative)
    mark_initiative_used(initiative=initiative, for_award=Award.objects.get(code="cstdcs"), period=period,
                         by=principal_a, person=person_a)  # fmt: skip

    assert (before, is_initiative_used(initiative)) == (False, True)
    assert [entry.is_used for entry in recognised_initiatives_of(person_a)] == [True]
    assert list(recognised_initiatives_of(person_a, unused_only=True)) == []
