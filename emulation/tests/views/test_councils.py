import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from emulation.enums import CouncilKind, CouncilRole, Role, StaffCategory
from emulation.forms.councils import DECISION_FILE_MAX_BYTES, CouncilForm, CouncilMemberForm
from emulation.models import Council, CouncilMember
from emulation.services.councils import add_council_member, check_decision_number, create_council
from emulation.tests.bodies import csrf_client, csrf_header, post_declaring
from emulation.tests.factories import MembershipFactory, PeriodFactory, PersonFactory, SchoolFactory, UserFactory
from emulation.tests.queries import stated_queries
from emulation.views.councils import CouncilList

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _english(settings):
    """Exact texts are asserted in English (the msgids); the Vietnamese catalogue is checked elsewhere."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def period(db):
    return PeriodFactory(name="2024-2025", start_date=dt.date(2024, 9, 1), end_date=dt.date(2025, 8, 31))


@pytest.fixture
def old_period(db):
    return PeriodFactory(
        name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31), is_current=False
    )


@pytest.fixture
def council_a(school_a, period):
    return Council.objects.create(unit=school_a, period=period, kind=CouncilKind.EMULATION)


@pytest.fixture
def council_b(school_b, period):
    return Council.objects.create(unit=school_b, period=period, kind=CouncilKind.EMULATION)


def seat(council, person, role=CouncilRole.MEMBER, order=None):
    order = order if order is not None else council.members.count() + 1
    return CouncilMember.objects.create(council=council, person=person, role=role, order=order)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def workbook_rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(response.content))
    rows = [tuple(row) for row in workbook.active.iter_rows(values_only=True)]
    workbook.close()
    return rows


def council_form_data(unit, period, **overrides):
    return {
        "unit": unit.pk,
        "kind": CouncilKind.EMULATION,
        "period": period.pk,
        "decision_number": "12/QĐ-THTT",
        "decision_date": "05/09/2024",
        **overrides,
    }


# --- Decision number (NĐ 30/2020) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12/QĐ-THTT", "12/QĐ-THTT"),
        ("12 /QĐ-THTT", "12/QĐ-THTT"),
        (" 05 / QĐ - THTB2 ", "05/QĐ-THTB2"),
        ("329/qđ-hđtđkt", "329/QĐ-HĐTĐKT"),
        ("207/QĐ-PGD&ĐT", "207/QĐ-PGD&ĐT"),
        ("", ""),
    ],
)
def test_decision_number_is_normalised(typed, stored):
    assert check_decision_number(typed) == stored


@pytest.mark.parametrize("typed", ["QĐ-THTT", "12/QĐ", "12-QĐ-THTT", "12/QĐ-TH TT/x", "so 12/QĐ-THTT", "12//QĐ-THTT"])
def test_decision_number_in_a_wrong_format_is_refused(typed):
    with pytest.raises(ValidationError) as error:
        check_decision_number(typed)

    assert error.value.code == "format"


def test_decision_number_of_another_document_type_is_refused():
    with pytest.raises(ValidationError) as error:
        check_decision_number("58/KH-PGDĐT")

    assert error.value.messages == [
        "“58/KH-PGDĐT” is not the number of a decision: the type code after the slash must be QĐ, e.g. 12/QĐ-THTT."
    ]


# --- List -------------------------------------------------------------------------------------------


def test_council_list_shows_own_school_only(client, principal_a, council_a, council_b):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:council-list"))

    assert response.status_code == 200
    assert [c.pk for c in response.context["councils"]] == [council_a.pk]
    assert response.context["can_create"] is True


def test_council_list_shows_office_all_schools(client, district_staff, council_a, council_b):
    client.force_login(district_staff)

    response = client.get(reverse("emulation:council-list"))

    assert sorted(c.pk for c in response.context["councils"]) == sorted([council_a.pk, council_b.pk])


def test_council_list_defaults_to_current_period(client, principal_a, school_a, council_a, old_period):
    old = Council.objects.create(unit=school_a, period=old_period, kind=CouncilKind.EMULATION)
    client.force_login(principal_a)

    current = client.get(reverse("emulation:council-list"))
    previous = client.get(reverse("emulation:council-list"), {"period": old_period.pk})
    every = client.get(reverse("emulation:council-list"), {"period": ""})

    assert [c.pk for c in current.context["councils"]] == [council_a.pk]
    assert [c.pk for c in previous.context["councils"]] == [old.pk]
    assert [c.pk for c in every.context["councils"]] == [council_a.pk, old.pk]


def test_council_list_filters_by_kind_and_unit(client, district_staff, school_a, period, council_a, council_b):
    initiative = Council.objects.create(unit=school_a, period=period, kind=CouncilKind.INITIATIVE)
    client.force_login(district_staff)

    by_kind = client.get(reverse("emulation:council-list"), {"kind": CouncilKind.INITIATIVE})
    by_unit = client.get(reverse("emulation:council-list"), {"unit": school_a.pk})

    assert [c.pk for c in by_kind.context["councils"]] == [initiative.pk]
    assert [c.pk for c in by_unit.context["councils"]] == [council_a.pk, initiative.pk]


def test_council_list_shows_chair_and_member_count(client, principal_a, council_a, person_a, school_a):
    seat(council_a, person_a, CouncilRole.CHAIR)
    seat(council_a, PersonFactory(unit=school_a))
    client.force_login(principal_a)

    council = client.get(reverse("emulation:council-list")).context["councils"][0]

    assert (council.chair_name, council.member_count) == ("Nguyễn Thị Hồng", 2)


def test_council_list_query_count_is_flat(client, district_staff, district, period):
    def add_council():
        school = SchoolFactory(parent=district)
        council = Council.objects.create(unit=school, period=period)
        seat(council, PersonFactory(unit=school), CouncilRole.CHAIR)
        seat(council, PersonFactory(unit=school))

    client.force_login(district_staff)
    url = reverse("emulation:council-list")
    add_council()
    one = count_queries(client, url)
    add_council()
    add_council()
    three = count_queries(client, url)

    assert one == three


def test_council_list_keeps_its_query_budget(client, district_staff, district, period, django_assert_num_queries):
    for _ in range(3):
        school = SchoolFactory(parent=district)
        council = Council.objects.create(unit=school, period=period)
        seat(council, PersonFactory(unit=school), CouncilRole.CHAIR)
    client.force_login(district_staff)

    with django_assert_num_queries(stated_queries(CouncilList)):
        response = client.get(reverse("emulation:council-list"))

    assert response.status_code == 200


def test_council_list_export_has_the_list_columns(client, principal_a, council_a, person_a):
    council_a.decision_number = "12/QĐ-THTT"
    council_a.decision_date = dt.date(2024, 9, 5)
    council_a.save()
    seat(council_a, person_a, CouncilRole.CHAIR)
    client.force_login(principal_a)

    response = client.get(reverse("emulation:council-list-export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = workbook_rows(response)
    assert rows[0] == (
        "No.", "Unit", "Council", "Period", "Establishing decision", "Date of the decision", "Chair", "Members",
    )  # fmt: skip
    assert rows[1] == (
        1, "Trường Tiểu học Thanh Tuyền", "Emulation and commendation council", "2024-2025", "12/QĐ-THTT",
        dt.datetime(2024, 9, 5), "Nguyễn Thị Hồng", 1,
    )  # fmt: skip
    assert len(rows) == 2


def test_council_list_export_query_count_is_flat(client, district_staff, district, period):
    client.force_login(district_staff)
    url = reverse("emulation:council-list-export")
    Council.objects.create(unit=SchoolFactory(parent=district), period=period)
    one = count_queries(client, url)
    for _ in range(2):
        Council.objects.create(unit=SchoolFactory(parent=district), period=period)
    three = count_queries(client, url)

    assert one == three


# --- Create and edit -------------------------------------------------------------------------------


def test_council_create_for_own_school(client, principal_a, school_a, period):
    client.force_login(principal_a)
    data = council_form_data(school_a, period, decision_number=" 12 /QĐ-THTT", decision_file=SimpleUploadedFile(
        "qd.pdf", PDF_BYTES, content_type="application/pdf"))  # fmt: skip

    response = client.post(reverse("emulation:council-create"), data)

    council = Council.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("emulation:council-detail", args=[council.pk])
    assert (council.unit, council.period, council.kind) == (school_a, period, CouncilKind.EMULATION)
    assert (council.decision_number, council.decision_date) == ("12/QĐ-THTT", dt.date(2024, 9, 5))
    assert council.decision_file.name.endswith(".pdf")
    with council.decision_file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_council_create_form_offers_only_units_the_user_leads(client, principal_a, school_a, period):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:council-create"))

    assert response.status_code == 200
    assert list(response.context["form"].fields["unit"].queryset) == [school_a]


def test_council_create_for_other_school_is_refused(client, principal_a, school_b, period):
    client.force_login(principal_a)

    response = client.post(reverse("emulation:council-create"), council_form_data(school_b, period))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "unit": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert Council.objects.count() == 0


def test_council_create_by_district_staff_for_a_school(client, district_staff, school_b, period):
    client.force_login(district_staff)

    response = client.post(reverse("emulation:council-create"), council_form_data(school_b, period))

    assert response.status_code == 302
    assert Council.objects.get().unit == school_b


def test_council_create_is_not_found_for_a_council_member(client, council_member):
    client.force_login(council_member)

    assert client.get(reverse("emulation:council-create")).status_code == 404


def test_council_create_twice_names_the_existing_council(client, principal_a, school_a, period, council_a):
    client.force_login(principal_a)

    response = client.post(reverse("emulation:council-create"), council_form_data(school_a, period))

    assert response.context["form"].non_field_errors() == [
        "Trường Tiểu học Thanh Tuyền already has its emulation and commendation council for 2024-2025: "
        "open it to change it."
    ]
    assert Council.objects.count() == 1


def test_council_create_with_a_wrong_number_says_how_to_write_it(client, principal_a, school_a, period):
    client.force_login(principal_a)

    response = client.post(reverse("emulation:council-create"), council_form_data(school_a, period,
                                                                                  decision_number="12-QĐ"))  # fmt: skip

    assert response.context["form"].errors == {
        "decision_number": [
            "“12-QĐ” is not a document number: write it as number/QĐ-agency symbol, for example 12/QĐ-THTT."
        ]
    }
    assert Council.objects.count() == 0


def test_council_create_with_an_impossible_date_is_refused(client, principal_a, school_a, period):
    client.force_login(principal_a)

    response = client.post(reverse("emulation:council-create"), council_form_data(school_a, period,
                                                                                  decision_date="31/02/2025"))  # fmt: skip

    assert response.context["form"].errors == {
        "decision_date": ["Enter the date as dd/mm/yyyy, e.g. 05/09/2024; check that the day exists."]
    }
    assert Council.objects.count() == 0


def test_council_file_renamed_pdf_that_is_text_is_refused(client, principal_a, school_a, period):
    client.force_login(principal_a)
    fake = SimpleUploadedFile("qd.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")

    response = client.post(reverse("emulation:council-create"), council_form_data(school_a, period,
                                                                                  decision_file=fake))  # fmt: skip

    assert response.context["form"].errors == {
        "decision_file": [
            "The file “qd.pdf” is not PDF or an image (JPG, PNG): its content does not match its extension."
        ]
    }
    assert Council.objects.count() == 0


def test_council_file_over_10_mb_is_refused(client, principal_a, school_a, period):
    client.force_login(principal_a)
    big = SimpleUploadedFile("qd.pdf", PDF_BYTES + b"0" * DECISION_FILE_MAX_BYTES, content_type="application/pdf")

    response = client.post(reverse("emulation:council-create"), council_form_data(school_a, period,
                                                                                  decision_file=big))  # fmt: skip

    assert response.context["form"].errors == {
        "decision_file": ["The file “qd.pdf” is 10,0 MB, over the limit of 10 MB."]
    }
    assert Council.objects.count() == 0


def test_council_upload_far_over_the_limit_is_refused_before_reading(client, principal_a, school_a, period):
    client.force_login(principal_a)
    big = SimpleUploadedFile("qd.pdf", PDF_BYTES + b"0" * (11 * 1024 * 1024), content_type="application/pdf")
    url = reverse("emulation:council-create")

    response = client.post(url, council_form_data(school_a, period, decision_file=big), follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "The upload is 11,0 MB, over the limit of 10 MB."
    ]
    assert Council.objects.count() == 0


def test_council_upload_of_200_mb_is_refused_without_reading_the_body(principal_a, council_a):
    client = csrf_client(principal_a)
    url = reverse("emulation:council-update", args=[council_a.pk])

    response = post_declaring(client, url, size=200 * 1024 * 1024)

    council_a.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, url)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The upload is 200,0 MB, over the limit of 10 MB."]
    assert not council_a.decision_file


def test_council_form_without_its_csrf_token_is_refused(principal_a, school_a, period):
    client = csrf_client(principal_a)
    url = reverse("emulation:council-create")

    forged = client.post(url, council_form_data(school_a, period))
    sent = client.post(url, council_form_data(school_a, period), headers=csrf_header())

    assert (forged.status_code, sent.status_code) == (403, 302)
    assert Council.objects.count() == 1


def test_council_of_another_school_is_refused_by_size_then_not_found(principal_a, council_b):
    client = csrf_client(principal_a)
    url = reverse("emulation:council-update", args=[council_b.pk])

    big = post_declaring(client, url, size=200 * 1024 * 1024)
    page = client.get(big["Location"])

    council_b.refresh_from_db()
    assert (big.status_code, page.status_code) == (302, 404)
    assert not council_b.decision_file


def test_council_file_check_names_the_size(principal_a):

    big = SimpleUploadedFile("qd.png", PNG_BYTES + b"0" * DECISION_FILE_MAX_BYTES, content_type="image/png")

    with pytest.raises(ValidationError) as error, translation.override("en"):
        CouncilForm.base_fields["decision_file"].clean(big)

    assert error.value.messages == ["The file “qd.png” is 10,0 MB, over the limit of 10 MB."]


@pytest.mark.parametrize(("content", "extension"), [(PDF_BYTES, "pdf"), (PNG_BYTES, "png"), (JPG_BYTES, "jpg")])
def test_council_file_is_stored_under_the_extension_of_its_content(
    client, principal_a, school_a, period, content, extension
):
    client.force_login(principal_a)
    upload = SimpleUploadedFile("scan.pdf", content)

    client.post(reverse("emulation:council-create"), council_form_data(school_a, period, decision_file=upload))

    assert Council.objects.get().decision_file.name.rsplit(".", 1)[-1] == extension


def test_council_update_own_school(client, principal_a, council_a):
    client.force_login(principal_a)
    data = council_form_data(council_a.unit, council_a.period, decision_number="15/QĐ-THTT",
                             decision_file=SimpleUploadedFile("qd.png", PNG_BYTES))  # fmt: skip

    response = client.post(reverse("emulation:council-update", args=[council_a.pk]), data)

    council_a.refresh_from_db()
    assert response.status_code == 302
    assert council_a.decision_number == "15/QĐ-THTT"
    assert council_a.decision_file.name.endswith(".png")


def test_council_update_other_school_is_not_found(client, principal_a, council_b):
    client.force_login(principal_a)

    url = reverse("emulation:council-update", args=[council_b.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, council_form_data(council_b.unit, council_b.period)).status_code == 404
    council_b.refresh_from_db()
    assert council_b.decision_number == ""


def test_council_update_by_a_council_member_is_not_found(client, council_member, council_a):
    client.force_login(council_member)

    assert client.get(reverse("emulation:council-update", args=[council_a.pk])).status_code == 404


def test_council_decision_download_own_school(client, principal_a, council_a):
    council_a.decision_file.save("qd.pdf", io.BytesIO(PDF_BYTES))
    client.force_login(principal_a)

    response = client.get(reverse("emulation:council-decision", args=[council_a.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_council_decision_download_other_school_is_not_found(client, principal_b, council_a):
    council_a.decision_file.save("qd.pdf", io.BytesIO(PDF_BYTES))
    client.force_login(principal_b)

    assert client.get(reverse("emulation:council-decision", args=[council_a.pk])).status_code == 404


# --- The council page and its members ---------------------------------------------------------------


def test_council_detail_lists_members_in_order(client, principal_a, council_a, person_a, school_a):
    secretary = PersonFactory(full_name="Lê Văn Đức", unit=school_a, position="Phó Hiệu trưởng")
    seat(council_a, person_a, CouncilRole.CHAIR, order=1)
    seat(council_a, secretary, CouncilRole.SECRETARY, order=2)
    client.force_login(principal_a)

    response = client.get(reverse("emulation:council-detail", args=[council_a.pk]))

    assert response.status_code == 200
    assert [(m.person.full_name, m.role) for m in response.context["members"]] == [
        ("Nguyễn Thị Hồng", CouncilRole.CHAIR),
        ("Lê Văn Đức", CouncilRole.SECRETARY),
    ]
    content = response.content.decode()
    assert "<th>No.</th><th>Full name</th><th>Position</th><th>Role in the council</th>" in content
    assert response.context["problems"] == ["The number of the establishing decision is missing."]


def test_council_detail_other_school_is_not_found(client, principal_a, council_b):
    client.force_login(principal_a)

    assert client.get(reverse("emulation:council-detail", args=[council_b.pk])).status_code == 404


def test_council_detail_read_only_for_a_council_member(client, council_member, council_a):
    client.force_login(council_member)

    response = client.get(reverse("emulation:council-detail", args=[council_a.pk]))

    assert response.status_code == 200
    assert (response.context["can_change"], response.context["member_form"]) == (False, None)


def test_council_detail_warns_when_there_is_no_chair(client, principal_a, council_a, person_a):
    seat(council_a, person_a, CouncilRole.MEMBER)
    council_a.decision_number = "12/QĐ-THTT"
    council_a.save()
    client.force_login(principal_a)

    response = client.get(reverse("emulation:council-detail", args=[council_a.pk]))

    assert response.context["problems"] == ["The council has no chair yet: a council has exactly one chair."]


def test_council_detail_query_count_is_flat(client, principal_a, council_a, school_a):
    client.force_login(principal_a)
    url = reverse("emulation:council-detail", args=[council_a.pk])
    seat(council_a, PersonFactory(unit=school_a), CouncilRole.CHAIR)
    one = count_queries(client, url)
    seat(council_a, PersonFactory(unit=school_a))
    seat(council_a, PersonFactory(unit=school_a))
    three = count_queries(client, url)

    assert one == three


def test_member_select_is_own_unit_active_staff_in_vietnamese_order(client, principal_a, council_a, school_a,
                                                                     person_a, person_b):  # fmt: skip
    for name in ("Phạm Văn Yên", "Lê Văn Đức", "Trần Thị Dũng", "Ngô Thị An"):
        PersonFactory(full_name=name, unit=school_a)
    PersonFactory(full_name="Võ Thị Bé", unit=school_a, is_active=False)
    seat(council_a, PersonFactory(full_name="Đỗ Văn Cường", unit=school_a))
    client.force_login(principal_a)

    response = client.get(reverse("emulation:council-member-create", args=[council_a.pk]))

    assert response.status_code == 200
    names = [p.full_name for p in response.context["form"].fields["person"].queryset]
    assert names == ["Ngô Thị An", "Trần Thị Dũng", "Lê Văn Đức", "Nguyễn Thị Hồng", "Phạm Văn Yên"]
    assert "Trần Văn Bình" not in response.content.decode()


def test_member_add_to_own_council(client, principal_a, council_a, person_a):
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:council-member-create", args=[council_a.pk]),
        {"person": person_a.pk, "role": CouncilRole.CHAIR, "user": principal_a.pk},
    )

    assert response.status_code == 302
    member = CouncilMember.objects.get()
    assert (member.council, member.person, member.role, member.user, member.order) == (
        council_a, person_a, CouncilRole.CHAIR, principal_a, 1,
    )  # fmt: skip


def test_member_add_with_forged_person_of_other_school_is_a_form_error(client, principal_a, council_a, person_b):
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:council-member-create", args=[council_a.pk]),
        {"person": person_b.pk, "role": CouncilRole.MEMBER},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "person": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert CouncilMember.objects.count() == 0


def test_member_add_with_account_of_other_school_is_a_form_error(client, principal_a, principal_b, council_a,
                                                                 person_a):  # fmt: skip
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:council-member-create", args=[council_a.pk]),
        {"person": person_a.pk, "role": CouncilRole.MEMBER, "user": principal_b.pk},
    )

    assert list(response.context["form"].errors) == ["user"]
    assert CouncilMember.objects.count() == 0


def test_member_add_to_other_school_council_is_not_found(client, principal_a, council_b, person_b):
    client.force_login(principal_a)

    url = reverse("emulation:council-member-create", args=[council_b.pk])
    response = client.post(url, {"person": person_b.pk, "role": CouncilRole.MEMBER})

    assert response.status_code == 404
    assert client.get(url).status_code == 404
    assert CouncilMember.objects.count() == 0


def test_member_add_second_chair_is_refused(client, principal_a, council_a, person_a, school_a):
    seat(council_a, person_a, CouncilRole.CHAIR)
    other = PersonFactory(unit=school_a)
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:council-member-create", args=[council_a.pk]), {"person": other.pk, "role": CouncilRole.CHAIR}
    )

    assert response.context["form"].errors == {
        "role": [
            "The council already has a chair (Nguyễn Thị Hồng). A council has exactly one chair: "
            "first change Nguyễn Thị Hồng's role, then choose the new chair."
        ]
    }
    assert CouncilMember.objects.filter(role=CouncilRole.CHAIR).count() == 1


def test_member_add_second_secretary_is_refused(client, principal_a, council_a, person_a, school_a):
    seat(council_a, person_a, CouncilRole.SECRETARY)
    other = PersonFactory(unit=school_a)
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:council-member-create", args=[council_a.pk]),
        {"person": other.pk, "role": CouncilRole.SECRETARY},
    )

    assert response.context["form"].errors == {
        "role": [
            "The council already has a secretary (Nguyễn Thị Hồng). A council has at most one secretary: "
            "first change Nguyễn Thị Hồng's role."
        ]
    }


def test_member_add_service_refuses_second_chair_and_other_unit(council_a, person_a, person_b, school_a, principal_a):
    add_council_member(council=council_a, person=person_a, role=CouncilRole.CHAIR, by=principal_a)

    with pytest.raises(ValidationError) as chair:
        add_council_member(
            council=council_a, person=PersonFactory(unit=school_a), role=CouncilRole.CHAIR, by=principal_a
        )
    with pytest.raises(ValidationError) as other:
        add_council_member(council=council_a, person=person_b, role=CouncilRole.MEMBER, by=principal_a)

    assert list(chair.value.message_dict) == ["role"]
    assert other.value.message_dict == {
        "person": ["Choose a member among the active staff of Trường Tiểu học Thanh Tuyền and the units it manages."]
    }
    assert CouncilMember.objects.count() == 1


def test_member_role_change_to_chair_when_there_is_one_is_refused(client, principal_a, council_a, person_a, school_a):
    seat(council_a, person_a, CouncilRole.CHAIR)
    member = seat(council_a, PersonFactory(unit=school_a))
    client.force_login(principal_a)
    url = reverse("emulation:council-member-update", args=[council_a.pk, member.pk])

    refused = client.post(url, {"role": CouncilRole.CHAIR})
    client.post(reverse("emulation:council-member-update", args=[council_a.pk, member.pk - 1]),
                {"role": CouncilRole.VICE_CHAIR})  # fmt: skip
    accepted = client.post(url, {"role": CouncilRole.CHAIR})

    assert list(refused.context["form"].errors) == ["role"]
    assert accepted.status_code == 302
    assert dict(council_a.members.values_list("person__full_name", "role")) == {
        "Nguyễn Thị Hồng": CouncilRole.VICE_CHAIR,
        member.person.full_name: CouncilRole.CHAIR,
    }


def test_member_update_of_other_school_is_not_found(client, principal_b, council_a, person_a):
    member = seat(council_a, person_a)
    client.force_login(principal_b)

    response = client.post(
        reverse("emulation:council-member-update", args=[council_a.pk, member.pk]), {"role": CouncilRole.CHAIR}
    )

    member.refresh_from_db()
    assert response.status_code == 404
    assert member.role == CouncilRole.MEMBER


def test_member_of_another_council_is_not_found_under_this_one(client, principal_a, school_a, period, council_a,
                                                               person_a):  # fmt: skip
    other = Council.objects.create(unit=school_a, period=period, kind=CouncilKind.INITIATIVE)
    member = seat(other, person_a)
    client.force_login(principal_a)

    url = reverse("emulation:council-member-delete", args=[council_a.pk, member.pk])

    assert client.post(url).status_code == 404
    assert CouncilMember.objects.count() == 1


def test_member_remove_renumbers(client, principal_a, council_a, school_a):
    first, second, third = (seat(council_a, PersonFactory(unit=school_a), order=n) for n in (1, 2, 3))
    client.force_login(principal_a)

    response = client.post(reverse("emulation:council-member-delete", args=[council_a.pk, second.pk]))

    assert response.status_code == 302
    assert list(council_a.members.values_list("pk", "order")) == [(first.pk, 1), (third.pk, 2)]


def test_member_remove_other_school_is_not_found(client, principal_b, council_a, person_a):
    member = seat(council_a, person_a)
    client.force_login(principal_b)

    assert client.post(reverse("emulation:council-member-delete", args=[council_a.pk, member.pk])).status_code == 404
    assert CouncilMember.objects.count() == 1


def test_member_move_up_and_down(client, principal_a, council_a, school_a):
    first, second, third = (seat(council_a, PersonFactory(unit=school_a), order=n) for n in (1, 2, 3))
    client.force_login(principal_a)
    move = reverse("emulation:council-member-move", args=[council_a.pk, third.pk])

    client.post(move, {"direction": "up"})
    after_up = list(council_a.members.values_list("pk", flat=True))
    client.post(reverse("emulation:council-member-move", args=[council_a.pk, first.pk]), {"direction": "down"})
    after_down = list(council_a.members.values_list("pk", flat=True))

    assert after_up == [first.pk, third.pk, second.pk]
    assert after_down == [third.pk, first.pk, second.pk]


def test_member_move_other_school_is_not_found(client, principal_b, council_a, school_a):
    first, second = (seat(council_a, PersonFactory(unit=school_a), order=n) for n in (1, 2))
    client.force_login(principal_b)

    response = client.post(
        reverse("emulation:council-member-move", args=[council_a.pk, second.pk]), {"direction": "up"}
    )

    assert response.status_code == 404
    assert list(council_a.members.values_list("pk", flat=True)) == [first.pk, second.pk]


def test_member_export_has_the_council_columns(client, principal_a, council_a, person_a, school_a):
    seat(council_a, person_a, CouncilRole.CHAIR, order=1)
    seat(council_a, PersonFactory(full_name="Lê Văn Đức", unit=school_a, position="Phó Hiệu trưởng"),
         CouncilRole.SECRETARY, order=2)  # fmt: skip
    client.force_login(principal_a)

    response = client.get(reverse("emulation:council-member-export", args=[council_a.pk]))

    assert response.status_code == 200
    assert workbook_rows(response) == [
        ("No.", "Full name", "Position", "Role in the council"),
        (1, "Nguyễn Thị Hồng", "Giáo viên", "Chair"),
        (2, "Lê Văn Đức", "Phó Hiệu trưởng", "Secretary"),
    ]


def test_member_export_other_school_is_not_found(client, principal_b, council_a):
    client.force_login(principal_b)

    assert client.get(reverse("emulation:council-member-export", args=[council_a.pk])).status_code == 404


def test_member_export_query_count_is_flat(client, principal_a, council_a, school_a):
    client.force_login(principal_a)
    url = reverse("emulation:council-member-export", args=[council_a.pk])
    seat(council_a, PersonFactory(unit=school_a))
    one = count_queries(client, url)
    seat(council_a, PersonFactory(unit=school_a))
    seat(council_a, PersonFactory(unit=school_a))
    three = count_queries(client, url)

    assert one == three


def test_deputy_principal_may_edit_own_school_council(client, school_a, council_a):
    deputy = UserFactory(username="phohieutruong_a")
    MembershipFactory(user=deputy, unit=school_a, role=Role.DEPUTY_PRINCIPAL)
    client.force_login(deputy)

    assert client.get(reverse("emulation:council-update", args=[council_a.pk])).status_code == 200


def test_district_council_seats_a_school_principal_and_takes_their_account(
    district, school_a, principal_a, district_staff
):
    council = create_council(unit=district, period=PeriodFactory(), kind=CouncilKind.EMULATION, by=district_staff)
    principal_person = PersonFactory(
        full_name="Võ Thị Thúy", unit=school_a, position="Hiệu trưởng", category=StaffCategory.MANAGER
    )
    principal_a.memberships.update(person=principal_person)

    offered = list(CouncilMemberForm(council=council).fields["person"].queryset)
    member = add_council_member(council=council, person=principal_person, role=CouncilRole.MEMBER, by=district_staff)

    assert principal_person in offered
    assert member.user == principal_a


def test_school_council_does_not_seat_the_staff_of_another_school(council_a, person_b):
    offered = list(CouncilMemberForm(council=council_a).fields["person"].queryset)

    assert person_b not in offered
