import pytest
from django.utils import translation

from emulation.forms.staff import PersonForm
from emulation.models import Unit

pytestmark = pytest.mark.django_db


def person_form(unit, **changes) -> PersonForm:
    data = {
        "full_name": "Nguyễn Thị Hồng", "sex": "female", "date_of_birth": "17/05/1985", "unit": unit.pk,
        "position": "Giáo viên", "category": "teacher", "sector_start_date": "", "national_id": "",
        "email": "", "phone": "",
    }  # fmt: skip
    return PersonForm(data={**data, **changes}, units=Unit.objects.filter(pk=unit.pk))


def errors(form) -> dict:
    with translation.override("en"):
        return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def test_person_form_accepts_a_vietnamese_name_with_its_marks(school_a):
    form = person_form(school_a, full_name="Đặng Thị Ngọc Ánh-Nguyễn O'Neil")

    assert (form.is_valid(), form.cleaned_data["full_name"]) == (True, "Đặng Thị Ngọc Ánh-Nguyễn O'Neil")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Nguyễn Văn 2", "“Nguyễn Văn 2” holds “2”: a name has only letters, spaces and the marks . ' -"),
        ("=HYPERLINK(1)", "“=HYPERLINK(1)” starts with “=”: a name starts with a letter."),
        ("-Nguyễn Văn An", "“-Nguyễn Văn An” starts with “-”: a name starts with a letter."),
        ("@Nguyễn Văn An", "“@Nguyễn Văn An” starts with “@”: a name starts with a letter."),
        ("+Nguyễn Văn An", "“+Nguyễn Văn An” starts with “+”: a name starts with a letter."),
        ("Nguyễn <b>An</b>", "“Nguyễn <b>An</b>” holds “<”: a name has only letters, spaces and the marks . ' -"),
    ],
)
def test_person_form_refuses_what_is_not_a_name(school_a, name, message):
    assert errors(person_form(school_a, full_name=name)) == {"full_name": [message]}


def test_person_form_cleans_control_and_invisible_characters(school_a):
    form = person_form(
        school_a, full_name="Nguyễn\x07 Thị\u200b Hồng\u202e", position="Giáo\tviên\x1b", phone="0912\x1f345678"
    )

    assert form.is_valid(), errors(form)
    assert (form.cleaned_data["full_name"], form.cleaned_data["position"], form.cleaned_data["phone"]) == (
        "Nguyễn Thị Hồng",
        "Giáo viên",
        "0912345678",
    )
