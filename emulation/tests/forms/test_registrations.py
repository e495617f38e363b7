import pytest

from emulation.forms.registrations import BulkAcceptForm, CollectiveTargetForm, RegistrationLinesForm
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


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("12", True),
        ("9223372036854775807", True),
        ("9223372036854775808", False),
        ("1" * 30, False),
        ("²", False),
        ("0", False),
        ("-1", False),
    ],
)
def test_bulk_accept_takes_only_ids_a_row_can_have(value, valid):
    assert BulkAcceptForm(data={"ids": [value]}).is_valid() is valid
