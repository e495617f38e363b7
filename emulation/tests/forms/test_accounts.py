import pytest

from emulation.enums import Role
from emulation.forms.accounts import AccountCreateForm

pytestmark = pytest.mark.django_db


def test_a_full_name_typed_for_an_account_is_cleaned_of_control_characters(school_a):
    form = AccountCreateForm(
        data={
            "username": "gv.mai", "full_name": "Lê\x07 Thị\u200b  Mai", "role": Role.DEPUTY_PRINCIPAL,
            "password": "Mat-khau-dai-2025!",
        },
        unit=school_a,
    )  # fmt: skip

    assert form.is_valid(), form.errors
    assert form.cleaned_data["full_name"] == "Lê Thị Mai"


def test_a_full_name_of_control_characters_only_is_no_name(school_a):
    form = AccountCreateForm(
        data={
            "username": "gv.mai",
            "full_name": "\x07\u200b",
            "role": Role.DEPUTY_PRINCIPAL,
            "password": "Mat-khau-dai-2025!",
        },
        unit=school_a,
    )

    assert form.is_valid() is False
    assert list(form.errors) == ["full_name"]
