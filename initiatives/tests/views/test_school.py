"""The school's pages: its initiatives, starting one, the application form, files, sending, forwarding, returning."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation.enums import DeadlineAction
from emulation.models import Award, Registration, RegistrationLine
from emulation.services.deadlines import upsert_deadline
from emulation.tests.queries import stated_queries
from initiatives.enums import AttachmentKind, InitiativeState
from initiatives.models import Initiative
from initiatives.tests.factories import PDF, FieldFactory, InitiativeFactory, complete_initiative
from initiatives.views.initiatives import InitiativeSchool

pytestmark = pytest.mark.django_db

S = InitiativeState


@pytest.fixture
def draft(school_a, period, person_a):
    return complete_initiative(unit=school_a, period=period, author=person_a, title="Sơ đồ tư duy")


# The school's list ----------------------------------------------------------------------------------------


def test_school_page_lists_its_initiatives_and_the_announced_ones(
    client, principal_a, school_a, period, person_a, draft
):
    registration = Registration.objects.create(unit=school_a, period=period)
    RegistrationLine.objects.create(registration=registration, person=person_a, title=Award.objects.get(code="cstdcs"),
                                    initiative_title="Dạy học qua trò chơi")  # fmt: skip
    client.force_login(principal_a)

    response = client.get(reverse("initiatives:initiative-school"))

    assert response.status_code == 200
    assert [i.title for i in response.context["initiatives"]] == ["Sơ đồ tư duy"]
    assert [line.initiative_title for line in response.context["announced"]] == ["Dạy học qua trò chơi"]


def test_school_page_is_not_found_for_the_office(client, district_staff, period):
    client.force_login(district_staff)

    assert client.get(reverse("initiatives:initiative-school")).status_code == 404


def test_school_page_is_not_found_for_a_school_the_principal_does_not_lead(client, principal_a, school_b, period):
    client.force_login(principal_a)

    assert client.get(reverse("initiatives:initiative-school") + f"?unit={school_b.pk}").status_code == 404


def test_school_page_keeps_its_query_budget(client, principal_a, school_a, period, django_assert_num_queries):
    complete_initiative(unit=school_a, period=period)
    client.force_login(principal_a)
    client.get(reverse("initiatives:initiative-school"))
    for _ in range(2):
        complete_initiative(unit=school_a, period=period)

    with django_assert_num_queries(stated_queries(InitiativeSchool)):
        response = client.get(reverse("initiatives:initiative-school"))

    assert len(response.context["initiatives"]) == 3


# Starting ---------------------------------------------------------------------------------------------------


def test_create_starts_a_draft_and_opens_the_application(client, principal_a, school_a, period):
    field = FieldFactory()
    client.force_login(principal_a)

    response = client.post(reverse("initiatives:initiative-create"), {"unit": school_a.pk, "title": "Góc đọc sách",
                                                                       "field": field.pk})  # fmt: skip

    initiative = Initiative.objects.get()
    assert response["Location"] == reverse("initiatives:initiative-update", args=[initiative.pk])
    assert (initiative.title, initiative.unit, initiative.field, initiative.state) == ("Góc đọc sách", school_a, field,
                                                                                       S.DRAFT)  # fmt: skip


def test_create_is_not_found_for_someone_who_leads_no_school(client, district_staff, period):
    client.force_login(district_staff)

    assert client.get(reverse("initiatives:initiative-create")).status_code == 404


def test_start_from_a_registration_line(client, principal_a, school_a, period, person_a):
    registration = Registration.objects.create(unit=school_a, period=period)
    line = RegistrationLine.objects.create(registration=registration, person=person_a,
                                           initiative_title="Dạy học qua trò chơi")  # fmt: skip
    client.force_login(principal_a)

    response = client.post(reverse("initiatives:initiative-start-from-line", args=[line.pk]))

    initiative = Initiative.objects.get()
    assert response["Location"] == reverse("initiatives:initiative-update", args=[initiative.pk])
    assert initiative.registration_line == line


def test_start_from_another_school_s_line_is_not_found(client, principal_b, school_a, period, person_a):
    registration = Registration.objects.create(unit=school_a, period=period)
    line = RegistrationLine.objects.create(registration=registration, person=person_a, initiative_title="Trò chơi")
    client.force_login(principal_b)

    assert client.post(reverse("initiatives:initiative-start-from-line", args=[line.pk])).status_code == 404


# The application form ------------------------------------------------------------------------------------


def application(initiative, authors, **overrides):
    data = {
        "title": initiative.title, "field": initiative.field_id, "investor": "", "first_applied_on": "15/09/2024",
        "description": "Các bước", "confidential_info": "", "conditions": "Máy chiếu", "expected_benefit": "Tốt hơn",
        "participants_benefit": "",
        "authors-TOTAL_FORMS": str(len(authors)), "authors-INITIAL_FORMS": "0", "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "20",
        "participants-TOTAL_FORMS": "1", "participants-INITIAL_FORMS": "0", "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "50", "participants-0-full_name": "Phạm Thị Thu",
        "participants-0-task": "Dạy thử ở lớp 3A",
    }  # fmt: skip
    for index, author in enumerate(authors):
        for name, value in author.items():
            data[f"authors-{index}-{name}"] = value
    data.update(overrides)
    return data


def test_update_saves_the_application_with_a_staff_author_and_an_outside_one(client, principal_a, draft, person_a):
    client.force_login(principal_a)
    authors = [{"person": person_a.pk, "contribution": "60", "qualification": "Cử nhân"},
               {"full_name": "Lê Văn Ngoài", "workplace": "Trường THCS Minh Tân", "contribution": "40"}]  # fmt: skip

    response = client.post(reverse("initiatives:initiative-update", args=[draft.pk]), application(draft, authors))

    assert response.status_code == 302
    assert list(draft.authors.values_list("full_name", "workplace", "contribution")) == [
        ("Nguyễn Thị Hồng", "Trường Tiểu học Thanh Tuyền", Decimal("60.00")),
        ("Lê Văn Ngoài", "Trường THCS Minh Tân", Decimal("40.00")),
    ]
    assert list(draft.participants.values_list("full_name", "task")) == [("Phạm Thị Thu", "Dạy thử ở lớp 3A")]


def test_update_refuses_shares_not_totalling_100_and_says_so(client, principal_a, draft, person_a):
    client.force_login(principal_a)
    authors = [{"person": person_a.pk, "contribution": "60"},
               {"full_name": "Lê Văn Ngoài", "workplace": "THCS Minh Tân", "contribution": "30"}]  # fmt: skip

    response = client.post(reverse("initiatives:initiative-update", args=[draft.pk]), application(draft, authors))

    assert response.status_code == 200
    assert response.context["authors_formset"].non_form_errors() == [
        "Tỷ lệ đóng góp của các tác giả cộng lại là 90 %: tổng phải đúng 100 %."
    ]
    assert list(draft.authors.values_list("contribution", flat=True)) == [Decimal("100.00")]


def test_update_refuses_a_first_application_in_the_future(client, principal_a, draft, person_a):
    client.force_login(principal_a)
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).strftime("%d/%m/%Y")

    response = client.post(
        reverse("initiatives:initiative-update", args=[draft.pk]),
        application(draft, [{"person": person_a.pk, "contribution": "100"}], first_applied_on=tomorrow),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["first_applied_on"]


def test_update_is_not_found_once_sent(client, principal_a, draft):
    Initiative.objects.filter(pk=draft.pk).update(state=S.SUBMITTED)
    client.force_login(principal_a)

    assert client.get(reverse("initiatives:initiative-update", args=[draft.pk])).status_code == 404


def test_update_is_not_found_for_the_office(client, district_staff, draft):
    client.force_login(district_staff)

    assert client.get(reverse("initiatives:initiative-update", args=[draft.pk])).status_code == 404


# Files ------------------------------------------------------------------------------------------------------


def test_upload_attaches_a_pdf(client, principal_a, draft):
    client.force_login(principal_a)

    client.post(reverse("initiatives:initiative-file-upload", args=[draft.pk]),
                {"kind": AttachmentKind.EVIDENCE, "file": SimpleUploadedFile("minh-chung.pdf", PDF)})  # fmt: skip

    assert sorted(draft.attachments.values_list("kind", flat=True)) == ["evidence", "full_report"]


def test_upload_refuses_a_body_far_over_the_limit(client, principal_a, draft, settings):
    settings.UPLOAD_MAX_BYTES_DOCUMENTS = settings.UPLOAD_MAX_BYTES_IMAGES = 1000
    client.force_login(principal_a)

    response = client.post(
        reverse("initiatives:initiative-file-upload", args=[draft.pk]),
        {"kind": AttachmentKind.EVIDENCE, "file": SimpleUploadedFile("lon.pdf", PDF + b"0" * 200_000)},
    )

    assert response.status_code == 302
    assert draft.attachments.count() == 1


def test_upload_is_not_found_for_another_school(client, principal_b, draft):
    client.force_login(principal_b)

    response = client.post(reverse("initiatives:initiative-file-upload", args=[draft.pk]),
                           {"kind": AttachmentKind.EVIDENCE, "file": SimpleUploadedFile("a.pdf", PDF)})  # fmt: skip

    assert response.status_code == 404


def test_delete_removes_a_file(client, principal_a, draft):
    client.force_login(principal_a)
    attachment = draft.attachments.get()

    client.post(reverse("initiatives:initiative-file-delete", args=[draft.pk, attachment.pk]))

    assert draft.attachments.count() == 0


def test_delete_is_not_found_for_the_office(client, district_staff, draft):
    client.force_login(district_staff)
    attachment = draft.attachments.get()

    assert client.post(reverse("initiatives:initiative-file-delete", args=[draft.pk, attachment.pk])).status_code == 404


# Sending, forwarding, returning --------------------------------------------------------------------------


def test_submit_sends_it_inside_the_window(client, principal_a, draft, period, district, school_a):
    today = dt.date.today()
    upsert_deadline(source="sk", period=period, issuing_unit=district, action=DeadlineAction.INITIATIVE_APPLICATION,
                    title="Nộp sáng kiến", opens_on=None, due_on=today + dt.timedelta(days=3), units=[school_a])  # fmt: skip
    client.force_login(principal_a)

    response = client.post(reverse("initiatives:initiative-submit", args=[draft.pk]))

    assert response["Location"] == reverse("initiatives:initiative-detail", args=[draft.pk])
    assert Initiative.objects.get(pk=draft.pk).state == S.SUBMITTED


def test_submit_after_the_window_tells_why(client, principal_a, draft, period, district, school_a):
    today = dt.date.today()
    upsert_deadline(source="sk", period=period, issuing_unit=district, action=DeadlineAction.INITIATIVE_APPLICATION,
                    title="Nộp sáng kiến", opens_on=None, due_on=today - dt.timedelta(days=1), units=[school_a])  # fmt: skip
    client.force_login(principal_a)

    response = client.post(reverse("initiatives:initiative-submit", args=[draft.pk]), follow=True)

    assert Initiative.objects.get(pk=draft.pk).state == S.DRAFT
    assert "Nộp sáng kiến" in [str(m) for m in response.context["messages"]][0]


def test_submit_is_not_found_for_the_office(client, district_staff, draft):
    client.force_login(district_staff)

    assert client.post(reverse("initiatives:initiative-submit", args=[draft.pk])).status_code == 404


def test_forward_sends_a_recognised_one_up(client, principal_a, draft, district):
    Initiative.objects.filter(pk=draft.pk).update(state=S.RECOGNISED, scope="base")
    client.force_login(principal_a)

    client.post(reverse("initiatives:initiative-forward", args=[draft.pk]))

    assert Initiative.objects.get(pk=draft.pk).forwarded_to == district


def test_forward_is_not_found_for_another_school(client, principal_b, draft):
    Initiative.objects.filter(pk=draft.pk).update(state=S.RECOGNISED, scope="base")
    client.force_login(principal_b)

    assert client.post(reverse("initiatives:initiative-forward", args=[draft.pk])).status_code == 404


def test_return_by_the_office_with_a_comment(client, district_staff, draft):
    Initiative.objects.filter(pk=draft.pk).update(state=S.SUBMITTED)
    client.force_login(district_staff)

    client.post(reverse("initiatives:initiative-return", args=[draft.pk]), {"comment": "Bổ sung minh chứng"})

    draft.refresh_from_db()
    assert (draft.state, draft.return_comment) == (S.RETURNED, "Bổ sung minh chứng")


def test_return_is_not_found_for_the_school_itself(client, principal_a, draft):
    Initiative.objects.filter(pk=draft.pk).update(state=S.SUBMITTED)
    client.force_login(principal_a)

    assert client.post(reverse("initiatives:initiative-return", args=[draft.pk]), {"comment": "x"}).status_code == 404


def test_detail_offers_the_school_its_actions_and_the_office_the_return(client, principal_a, district_staff, draft):
    client.force_login(principal_a)
    school = client.get(reverse("initiatives:initiative-detail", args=[draft.pk])).context
    Initiative.objects.filter(pk=draft.pk).update(state=S.SUBMITTED)
    client.force_login(district_staff)
    office = client.get(reverse("initiatives:initiative-detail", args=[draft.pk])).context

    assert (school["can_edit"], school["can_submit"], school["can_return"]) == (True, True, False)
    assert (office["can_edit"], office["can_submit"], office["can_return"]) == (False, False, True)


def test_an_initiative_made_elsewhere_is_not_in_the_school_list(client, principal_a, school_b, period):
    InitiativeFactory(unit=school_b, period=period)
    client.force_login(principal_a)

    assert client.get(reverse("initiatives:initiative-school")).context["initiatives"] == []
