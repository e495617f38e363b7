import pytest

from emulation.forms.registrations import CollectiveTargetForm, RegistrationLinesForm
from emulation.selectors.registrations import collective_awards, individual_forms, individual_titles

pytestmark = pytest.mark.django_db


def test_a_commitment_is_cleaned_of_control_characters():
    award = collective_awards().first()
    form = CollectiveTargetForm(
        data={"award": award.pk, "commitment": "Giữ vững\x07 danh hiệu\u200b\r\ncả năm"}, awards=collective_awards()
    )

    assert (form.is_valid(), form.cleaned_data["commitment"]) == (True, "Giữ vững danh hiệu cả năm")


def test_an_intended_initiative_is_cleaned_of_control_characters(person_a):
    form = RegistrationLinesForm(
        data={f"initiative_title_{person_a.pk}": "Dạy\x1b học\tSTEM", f"initiative_field_{person_a.pk}": "Toán\u202e"},
        people=[person_a], titles=individual_titles(), award_forms=individual_forms(), lines=[],
    )  # fmt: skip

    assert form.is_valid(), form.errors
    assert [(line.initiative_title, line.initiative_field) for line in form.line_data()] == [("Dạy học STEM", "Toán")]
