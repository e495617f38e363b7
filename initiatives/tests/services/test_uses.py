"""An initiative used to justify a CSTĐCS cannot justify another title."""

import pytest
from django.core.exceptions import ValidationError

from emulation.models import Award
from emulation.tests.factories import PersonFactory
from initiatives.models import InitiativeUse
from initiatives.services.uses import mark_initiative_used, release_initiative_use
from initiatives.tests.factories import AuthorFactory, InitiativeFactory, issue_recognition

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognised(person_a, period):
    initiative = InitiativeFactory(unit=person_a.unit, period=period, title="Trò chơi Toán")
    AuthorFactory(initiative=initiative, person=person_a)
    issue_recognition(initiative)
    return initiative


def test_a_used_initiative_cannot_justify_another_title(recognised, period, principal_a, english):
    mark_initiative_used(initiative=recognised, for_award=Award.objects.get(code="cstdcs"), period=period,
                         by=principal_a)  # fmt: skip

    with pytest.raises(ValidationError) as error:
        mark_initiative_used(initiative=recognised, for_award=Award.objects.get(code="bang-khen-tinh"), period=period,
                             by=principal_a)  # fmt: skip

    assert error.value.messages == [
        "“Trò chơi Toán” has already justified CSTĐCS (2024-2025): an initiative justifies one title only."
    ]
    assert list(InitiativeUse.objects.values_list("award__code", flat=True)) == ["cstdcs"]


def test_an_initiative_not_recognised_justifies_nothing(person_a, period, principal_a):
    initiative = InitiativeFactory(unit=person_a.unit, period=period)

    with pytest.raises(ValidationError) as error:
        mark_initiative_used(initiative=initiative, for_award=Award.objects.get(code="cstdcs"), period=period,
                             by=principal_a)  # fmt: skip

    assert error.value.code == "not_recognised"


def test_only_an_author_s_title_rests_on_it(recognised, period, principal_a, school_a):
    with pytest.raises(ValidationError) as error:
        mark_initiative_used(initiative=recognised, for_award=Award.objects.get(code="cstdcs"), period=period,
                             by=principal_a, person=PersonFactory(unit=school_a))  # fmt: skip

    assert error.value.code == "not_author"


def test_releasing_frees_it_for_another_title(recognised, period, principal_a):
    mark_initiative_used(initiative=recognised, for_award=Award.objects.get(code="cstdcs"), period=period,
                         by=principal_a)  # fmt: skip

    released = release_initiative_use(initiative=recognised, by=principal_a)
    use = mark_initiative_used(initiative=recognised, for_award=Award.objects.get(code="bang-khen-tinh"),
                               period=period, by=principal_a)  # fmt: skip

    assert (released, use.award.code) == (True, "bang-khen-tinh")
