import datetime as dt
import io
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation.documents.jobs import renderer_for, run_document_job
from emulation.documents.registration_list import (
    ListJob,
    render_registration_list_pdf,
)
from emulation.enums import JobStatus, RegistrationState, Role, SchoolLevel
from emulation.models import (
    Award,
    BlockMembership,
    CollectiveTarget,
    DocumentJob,
    EmulationBlock,
    Registration,
    RegistrationLine,
)
from emulation.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    PeriodFactory,
    PersonFactory,
    SchoolFactory,
    UserFactory,
)
from emulation.tests.queries import stated_queries
from emulation.views.registration_office import RegistrationList

pytestmark = pytest.mark.django_db

LIST = reverse("emulation:registration-list")


@pytest.fixture
def period(db):
    return PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31))


def award(code):
    return Award.objects.get(code=code)


def register(school, period, *, state, people=(), targets=(), by=None):
    """A registration in *state* with (person, title code, form code, initiative) lines and (award code, commitment)."""
    registration = Registration.objects.create(unit=school, period=period, state=state)
    if state != RegistrationState.DRAFT:
        registration.submitted_at = dt.datetime(2023, 11, 5, 8, tzinfo=dt.UTC)
    registration.plan_file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4"), save=False)
    registration.save()
    for person, title, form, initiative in people:
        registration.lines.create(
            person=person,
            title=award(title) if title else None,
            form=award(form) if form else None,
            initiative_title=initiative,
        )
    for code, commitment in targets:
        registration.targets.create(award=award(code), commitment=commitment)
    registration.log.create(from_state="", to_state=state, by=by)
    return registration


@pytest.fixture
def registration_a(school_a, period, person_a):
    teacher = PersonFactory(full_name="Lê Văn Anh", unit=school_a, position="Giáo viên")
    return register(
        school_a,
        period,
        state=RegistrationState.SUBMITTED,
        people=[(person_a, "ldtt", None, ""), (teacher, "cstdcs", None, "Dạy học theo dự án")],
        targets=[("ttldtt", "Hoàn thành xuất sắc nhiệm vụ năm học")],
    )


def rows_of(response):
    return [
        (row.name, row.state_label, row.ldtt_lines, row.cstdcs_lines, row.other_lines, row.target_count)
        for row in response.context["rows"]
    ]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# The list --------------------------------------------------------------------------------------


def test_list_shows_every_school_with_its_state_and_counts(client, registration_a, school_b, district_staff):
    client.force_login(district_staff)

    response = client.get(LIST)

    assert response.status_code == 200
    assert rows_of(response) == [
        ("Trường Tiểu học Minh Hòa", "Chưa bắt đầu", 0, 0, 0, 0),
        ("Trường Tiểu học Thanh Tuyền", "Đã gửi", 1, 1, 0, 1),
    ]
    totals = response.context["totals"]
    assert (totals.schools, totals.ldtt_lines, totals.cstdcs_lines, totals.other_lines, totals.targets) == (
        2,
        1,
        1,
        0,
        1,
    )
    assert totals.per_state == {
        "draft": 0,
        "submitted": 1,
        "returned": 0,
        "resubmitted": 0,
        "accepted": 0,
        "not_started": 1,
    }
    assert [row.can_accept for row in response.context["rows"]] == [False, True]


def test_list_counts_forms_and_other_titles_as_other(client, school_a, period, person_a, district_staff):
    other = PersonFactory(full_name="Phạm Thị Bích", unit=school_a)
    register(
        school_a, period, state=RegistrationState.ACCEPTED,
        people=[(person_a, None, "giay-khen", ""), (other, "ldtt", "giay-khen", "")],
    )  # fmt: skip
    client.force_login(district_staff)

    response = client.get(LIST)

    assert rows_of(response) == [("Trường Tiểu học Thanh Tuyền", "Đã chấp nhận", 1, 0, 1, 0)]


@pytest.mark.parametrize("user", ["principal_a", "outsider"])
def test_list_is_not_found_for_anyone_but_the_office_and_its_council(client, request, user, registration_a):
    client.force_login(request.getfixturevalue(user))

    assert client.get(LIST).status_code == 404


def test_council_member_reads_the_list_and_the_review_page_without_deciding(client, registration_a, council_member):
    client.force_login(council_member)

    response = client.get(LIST)
    review = client.get(review_url(registration_a))
    accept = client.post(review_url(registration_a), {"action": "accept"})

    assert response.status_code == 200
    assert [row.name for row in response.context["rows"]] == ["Trường Tiểu học Thanh Tuyền"]
    assert response.context["can_accept"] is False
    assert review.status_code == 200
    assert accept.status_code == 404
    registration_a.refresh_from_db()
    assert registration_a.state == RegistrationState.SUBMITTED


def test_list_of_another_district_shows_only_its_own_schools(client, registration_a, period):
    other_district = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Bàu Bàng")
    SchoolFactory(name="Trường Tiểu học Lai Uyên", parent=other_district)
    staff = UserFactory(username="chuyenvien_bb")
    MembershipFactory(user=staff, unit=other_district, role=Role.DISTRICT_STAFF)
    client.force_login(staff)

    response = client.get(LIST)

    assert rows_of(response) == [("Trường Tiểu học Lai Uyên", "Chưa bắt đầu", 0, 0, 0, 0)]


def test_list_filters_by_state_level_and_block(client, registration_a, school_b, district, period, district_staff):
    kindergarten = SchoolFactory(name="Trường Mầm non Hoa Sen", parent=district, level=SchoolLevel.PRESCHOOL)
    block = EmulationBlock.objects.create(period=period, managing_unit=district, number=1, name="Khối Tiểu học")
    BlockMembership.objects.create(block=block, unit=school_b)
    client.force_login(district_staff)

    not_started = client.get(LIST, {"state": "not_started"})
    submitted = client.get(LIST, {"state": "submitted"})
    preschool = client.get(LIST, {"level": SchoolLevel.PRESCHOOL})
    in_block = client.get(LIST, {"block": block.pk})

    assert [row.name for row in not_started.context["rows"]] == [kindergarten.name, school_b.name]
    assert [row.name for row in submitted.context["rows"]] == ["Trường Tiểu học Thanh Tuyền"]
    assert [row.name for row in preschool.context["rows"]] == ["Trường Mầm non Hoa Sen"]
    assert [row.name for row in in_block.context["rows"]] == ["Trường Tiểu học Minh Hòa"]
    assert in_block.context["totals"].schools == 1


def test_dashboard_link_opens_exactly_the_registrations_waiting_for_review(
    client, registration_a, school_b, district, period, district_staff
):
    resubmitted_school = SchoolFactory(name="Trường Tiểu học An Lập", parent=district)
    register(resubmitted_school, period, state=RegistrationState.RESUBMITTED)
    accepted_school = SchoolFactory(name="Trường Tiểu học Định Hiệp", parent=district)
    register(accepted_school, period, state=RegistrationState.ACCEPTED)
    client.force_login(district_staff)

    response = client.get(LIST, {"state": "awaiting", "period": period.pk})

    assert [row.name for row in response.context["rows"]] == ["Trường Tiểu học An Lập", "Trường Tiểu học Thanh Tuyền"]
    assert response.context["filter_problems"] == []


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"state": "xyz"}, "Bộ lọc “Tình trạng” không nhận giá trị “xyz”; bộ lọc này không được áp dụng."),
        ({"level": "university"}, "Bộ lọc “Cấp học” không nhận giá trị “university”; bộ lọc này không được áp dụng."),
        ({"period": "abc"}, "Bộ lọc “Năm học” không nhận giá trị “abc”; bộ lọc này không được áp dụng."),
    ],
)
def test_an_invalid_filter_value_says_so_and_keeps_the_others(
    client, registration_a, school_b, district_staff, params, problem
):
    client.force_login(district_staff)

    response = client.get(LIST, {**params, "sort": "-name"})

    assert response.status_code == 200
    assert response.context["filter_problems"] == [problem]
    assert problem in response.content.decode()
    assert [row.name for row in response.context["rows"]] == ["Trường Tiểu học Thanh Tuyền", "Trường Tiểu học Minh Hòa"]


def test_list_sorts_by_school_name_both_ways(client, registration_a, school_b, district_staff):
    client.force_login(district_staff)

    down = client.get(LIST, {"sort": "-name"})

    assert [row.name for row in down.context["rows"]] == ["Trường Tiểu học Thanh Tuyền", "Trường Tiểu học Minh Hòa"]


def test_list_of_another_period_is_empty_of_registrations(client, registration_a, district_staff):
    later = PeriodFactory(
        name="2024-2025", start_date=dt.date(2024, 9, 1), end_date=dt.date(2025, 8, 31), is_current=False
    )
    client.force_login(district_staff)

    response = client.get(LIST, {"period": later.pk})

    assert rows_of(response) == [("Trường Tiểu học Thanh Tuyền", "Chưa bắt đầu", 0, 0, 0, 0)]


def _list_page(client, *, schools: int) -> dict:
    """*schools* schools of one block, all but one registered, their office user logged in; the page's query."""
    period = PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31))
    office = DistrictFactory()
    staff = UserFactory(username=f"chuyenvien{schools}")
    MembershipFactory(user=staff, unit=office, role=Role.DISTRICT_STAFF)
    block = EmulationBlock.objects.create(period=period, managing_unit=office, number=1, name="Khối 1")
    units = [SchoolFactory(parent=office) for _ in range(schools)]
    BlockMembership.objects.bulk_create(BlockMembership(block=block, unit=unit) for unit in units)
    for index, unit in enumerate(units[: schools - 1]):
        registration = Registration.objects.create(
            unit=unit, period=period, state=[RegistrationState.SUBMITTED, RegistrationState.ACCEPTED][index % 2]
        )
        people = [PersonFactory(unit=unit) for _ in range(2)]
        RegistrationLine.objects.bulk_create(
            [
                RegistrationLine(registration=registration, person=people[0], title=award("ldtt")),
                RegistrationLine(registration=registration, person=people[1], title=award("cstdcs")),
            ]
        )
        CollectiveTarget.objects.create(registration=registration, award=award("ttldtt"))
    client.force_login(staff)
    return {"block": block.pk}


def _list_queries(client, *, schools: int) -> int:
    query = _list_page(client, schools=schools)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, query)
    assert response.status_code == 200
    assert len(response.context["rows"]) == schools
    return len(queries)


def test_list_query_count_does_not_grow_with_schools(client):
    small = _list_queries(client, schools=5)
    client.logout()
    large = _list_queries(client, schools=40)

    assert small == large


def test_list_keeps_its_query_budget(client, django_assert_num_queries):
    query = _list_page(client, schools=3)

    with django_assert_num_queries(stated_queries(RegistrationList)):
        response = client.get(LIST, query)

    assert len(response.context["rows"]) == 3


def test_list_exports_to_excel(client, registration_a, school_b, district_staff):
    from openpyxl import load_workbook

    client.force_login(district_staff)

    response = client.get(reverse("emulation:registration-list-export"))

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = [row[:8] for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        ("STT", "Trường học", "Cấp học", "Tình trạng", "LĐTT", "CSTĐCS", "Khác", "Danh hiệu tập thể đăng ký"),
        (1, "Trường Tiểu học Minh Hòa", "Tiểu học", "Chưa bắt đầu", 0, 0, 0, 0),
        (2, "Trường Tiểu học Thanh Tuyền", "Tiểu học", "Đã gửi", 1, 1, 0, 1),
    ]


def test_list_export_is_not_found_for_a_principal(client, registration_a, principal_a):
    client.force_login(principal_a)

    assert client.get(reverse("emulation:registration-list-export")).status_code == 404


# The review page -------------------------------------------------------------------------------


def review_url(registration):
    return reverse("emulation:registration-review", args=[registration.pk])


def test_review_page_shows_history_entries_whose_user_is_gone(client, registration_a, district_staff):
    """The demo's own entries have no user; an account deleted since leaves its entries without one."""
    gone = UserFactory(username="da_xoa", first_name="Văn An", last_name="Trần")
    registration_a.log.create(from_state="submitted", to_state="returned", by=gone)
    registration_a.log.create(from_state="returned", to_state="resubmitted", by=district_staff)
    gone.delete()
    client.force_login(district_staff)

    response = client.get(review_url(registration_a))

    assert response.status_code == 200
    history = response.content.decode().split('id="review-history"')[1]
    assert history.count("hệ thống hoặc tài khoản đã xóa") == 2
    assert "chuyenvien" in history


def test_review_page_shows_lines_targets_files_and_history(client, registration_a, district_staff):
    client.force_login(district_staff)

    response = client.get(review_url(registration_a))

    assert response.status_code == 200
    assert [(line.person.full_name, line.title.code) for line, _field in response.context["line_fields"]] == [
        ("Lê Văn Anh", "cstdcs"),
        ("Nguyễn Thị Hồng", "ldtt"),
    ]
    assert [target.award.code for target in response.context["targets"]] == ["ttldtt"]
    assert response.context["attachments"] == [
        {
            "label": "kế hoạch thi đua của nhà trường",
            "name": registration_a.plan_file.name.rsplit("/", 1)[-1],
            "url": f"/registrations/{registration_a.pk}/files/plan/download/",
        }
    ]
    assert [entry.to_state for entry in response.context["history"]] == ["submitted"]
    assert response.context["can_review"] is True


@pytest.mark.parametrize("user", ["principal_a", "principal_b", "outsider"])
def test_review_page_is_not_found_for_schools(client, request, user, registration_a):
    client.force_login(request.getfixturevalue(user))

    assert client.get(review_url(registration_a)).status_code == 404


def test_review_page_is_not_found_for_the_office_of_another_district(client, registration_a):
    staff = UserFactory(username="chuyenvien_khac")
    MembershipFactory(user=staff, unit=DistrictFactory(), role=Role.DISTRICT_STAFF)
    client.force_login(staff)

    assert client.get(review_url(registration_a)).status_code == 404
    assert client.post(review_url(registration_a), {"action": "accept"}).status_code == 404


def test_administrator_sees_the_review_page_but_cannot_decide(client, registration_a, district_admin):
    client.force_login(district_admin)

    page = client.get(review_url(registration_a))
    post = client.post(review_url(registration_a), {"action": "accept"})

    assert (page.status_code, page.context["can_review"], post.status_code) == (200, False, 404)
    registration_a.refresh_from_db()
    assert registration_a.state == RegistrationState.SUBMITTED


def test_review_accept(client, registration_a, district_staff, django_capture_on_commit_callbacks):
    client.force_login(district_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(registration_a), {"action": "accept", "comment": ""}, follow=True)

    registration_a.refresh_from_db()
    assert registration_a.state == RegistrationState.ACCEPTED
    assert messages_of(response) == ["Đã chấp nhận bản đăng ký của Trường Tiểu học Thanh Tuyền."]
    assert list(registration_a.log.order_by("-pk").values_list("to_state", "by__username"))[0] == (
        "accepted",
        "chuyenvien",
    )


def test_review_return_with_a_comment_on_one_line(client, registration_a, district_staff):
    line = registration_a.lines.get(person__full_name="Lê Văn Anh")
    client.force_login(district_staff)

    response = client.post(
        review_url(registration_a),
        {"action": "return", "comment": "", f"line-{line.pk}": "Ghi rõ môn học"},
        follow=True,
    )

    registration_a.refresh_from_db()
    assert registration_a.state == RegistrationState.RETURNED
    assert dict(registration_a.lines.values_list("person__full_name", "review_comment")) == {
        "Lê Văn Anh": "Ghi rõ môn học",
        "Nguyễn Thị Hồng": "",
    }
    assert messages_of(response) == ["Đã trả lại bản đăng ký của Trường Tiểu học Thanh Tuyền để nhà trường bổ sung."]


def test_review_return_without_any_comment_is_refused(client, registration_a, district_staff):
    client.force_login(district_staff)

    response = client.post(review_url(registration_a), {"action": "return", "comment": " "})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Hãy ghi rõ nhà trường cần bổ sung gì."]
    registration_a.refresh_from_db()
    assert registration_a.state == RegistrationState.SUBMITTED


def test_review_return_after_a_colleague_accepted_says_so_on_the_form(client, registration_a, district_staff):
    client.force_login(district_staff)
    client.post(review_url(registration_a), {"action": "accept", "comment": ""})

    response = client.post(review_url(registration_a), {"action": "return", "comment": "Bổ sung"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Chỉ trả lại được bản đăng ký đang chờ xem xét; bản này hiện ở trạng thái “Đã chấp nhận”."
    ]
    registration_a.refresh_from_db()
    assert (registration_a.state, registration_a.review_comment) == (RegistrationState.ACCEPTED, "")


# Bulk accept -----------------------------------------------------------------------------------


BULK = reverse("emulation:registration-bulk-accept")


def test_bulk_accept_accepts_every_ticked_registration(client, registration_a, school_b, period, district_staff):
    other = register(school_b, period, state=RegistrationState.RESUBMITTED)
    client.force_login(district_staff)

    response = client.post(BULK, {"ids": [registration_a.pk, other.pk]}, follow=True)

    assert list(Registration.objects.order_by("pk").values_list("state", flat=True)) == ["accepted", "accepted"]
    assert messages_of(response) == ["Đã chấp nhận 2 bản đăng ký."]


def test_bulk_accept_accepts_none_and_names_those_not_waiting(
    client, registration_a, school_b, period, district, district_staff
):
    draft = register(school_b, period, state=RegistrationState.DRAFT)
    third = register(
        SchoolFactory(name="Trường Tiểu học An Lập", parent=district), period, state=RegistrationState.ACCEPTED
    )
    client.force_login(district_staff)

    response = client.post(BULK, {"ids": [registration_a.pk, draft.pk, third.pk]}, follow=True)

    assert list(Registration.objects.order_by("pk").values_list("state", flat=True)) == [
        "submitted",
        "draft",
        "accepted",
    ]
    assert messages_of(response) == [
        "Chưa chấp nhận bản nào: các bản đăng ký sau không ở trạng thái chờ xem xét: "
        "Trường Tiểu học An Lập, Trường Tiểu học Minh Hòa."
    ]


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        ([], "Hãy đánh dấu các bản đăng ký cần chấp nhận trước."),
        (["1" * 30], f"“{'1' * 30}” không phải là bản đăng ký trong danh sách: hãy tải lại trang và đánh dấu lại."),
        (["²"], "“²” không phải là bản đăng ký trong danh sách: hãy tải lại trang và đánh dấu lại."),
        (["-3"], "“-3” không phải là bản đăng ký trong danh sách: hãy tải lại trang và đánh dấu lại."),
    ],
)
def test_bulk_accept_of_no_id_or_an_id_no_row_can_have_answers_a_message(
    client, registration_a, district_staff, ids, expected
):
    client.force_login(district_staff)

    response = client.post(BULK, {"ids": ids, "next": "period=1"}, follow=True)

    assert response.redirect_chain == [(f"{LIST}?period=1", 302)]
    assert messages_of(response) == [expected]
    registration_a.refresh_from_db()
    assert registration_a.state == RegistrationState.SUBMITTED


def test_bulk_accept_of_another_districts_registration_is_not_found(client, registration_a, period):
    staff = UserFactory(username="chuyenvien_khac")
    MembershipFactory(user=staff, unit=DistrictFactory(), role=Role.DISTRICT_STAFF)
    client.force_login(staff)

    assert client.post(BULK, {"ids": [registration_a.pk]}).status_code == 404
    registration_a.refresh_from_db()
    assert registration_a.state == RegistrationState.SUBMITTED


def test_bulk_accept_is_not_found_for_a_principal(client, registration_a, principal_a):
    client.force_login(principal_a)

    assert client.post(BULK, {"ids": [registration_a.pk]}).status_code == 404


# The consolidated list -------------------------------------------------------------------------


@pytest.fixture
def consolidated(registration_a, school_b, period, person_b):
    helper = PersonFactory(full_name="Đỗ Thị Ánh", unit=school_b, position="")
    return register(
        school_b,
        period,
        state=RegistrationState.ACCEPTED,
        people=[(person_b, "ldtt", None, ""), (helper, "ldtt", "giay-khen", "")],
        targets=[("ttldtt", "Giữ vững danh hiệu"), ("giay-khen", "")],
    )


def sheets(response):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def test_list_counts_each_line_once_when_a_school_has_several_targets(client, consolidated, district_staff):
    client.force_login(district_staff)

    response = client.get(LIST)

    assert rows_of(response) == [
        ("Trường Tiểu học Minh Hòa", "Đã chấp nhận", 2, 0, 0, 2),
        ("Trường Tiểu học Thanh Tuyền", "Đã gửi", 1, 1, 0, 1),
    ]
    totals = response.context["totals"]
    assert (totals.schools, totals.ldtt_lines, totals.cstdcs_lines, totals.other_lines, totals.targets) == (
        2,
        3,
        1,
        0,
        3,
    )


def test_consolidated_excel_holds_the_accepted_registrations(client, consolidated, district_staff):
    client.force_login(district_staff)

    response = client.get(reverse("emulation:registration-consolidated-export"))

    assert response["Content-Disposition"] == 'attachment; filename="danh-sach-dang-ky-thi-dua-2023-2024.xlsx"'
    assert sheets(response) == {
        "Tập thể": [
            ("STT", "Tên tập thể", "Đăng ký danh hiệu", "Đăng ký hình thức khen thưởng", "Cam kết"),
            (1, "Trường Tiểu học Minh Hòa", "Tập thể lao động tiên tiến", "Giấy khen", "Giữ vững danh hiệu"),
        ],
        "Cá nhân": [
            (
                "STT",
                "Họ và tên",
                "Chức vụ, đơn vị",
                "Đăng ký danh hiệu",
                "Đăng ký hình thức khen thưởng",
                "Tên sáng kiến",
            ),
            (1, "Đỗ Thị Ánh", "Trường Tiểu học Minh Hòa", "Lao động tiên tiến", "Giấy khen", None),
            (2, "Trần Văn Bình", "Giáo viên, Trường Tiểu học Minh Hòa", "Lao động tiên tiến", None, None),
        ],
    }


def test_consolidated_excel_with_those_waiting_for_review(client, consolidated, district_staff):
    client.force_login(district_staff)

    response = client.get(reverse("emulation:registration-consolidated-export"), {"all": "1"})

    workbook = sheets(response)
    assert (len(workbook["Tập thể"]), len(workbook["Cá nhân"])) == (3, 5)
    assert workbook["Cá nhân"][1:] == [
        (1, "Đỗ Thị Ánh", "Trường Tiểu học Minh Hòa", "Lao động tiên tiến", "Giấy khen", None),
        (2, "Trần Văn Bình", "Giáo viên, Trường Tiểu học Minh Hòa", "Lao động tiên tiến", None, None),
        (
            3,
            "Lê Văn Anh",
            "Giáo viên, Trường Tiểu học Thanh Tuyền",
            "Chiến sĩ thi đua cơ sở",
            None,
            "Dạy học theo dự án",
        ),
        (4, "Nguyễn Thị Hồng", "Giáo viên, Trường Tiểu học Thanh Tuyền", "Lao động tiên tiến", None, None),
    ]


def test_consolidated_excel_follows_the_filters(client, consolidated, district_staff, school_b):
    client.force_login(district_staff)

    response = client.get(reverse("emulation:registration-consolidated-export"), {"all": "1", "state": "submitted"})

    workbook = sheets(response)
    assert [row[1] for row in workbook["Cá nhân"][1:]] == ["Lê Văn Anh", "Nguyễn Thị Hồng"]
    assert [row[1] for row in workbook["Tập thể"][1:]] == ["Trường Tiểu học Thanh Tuyền"]


def test_consolidated_excel_is_not_found_for_a_principal(client, consolidated, principal_b):
    client.force_login(principal_b)

    assert client.get(reverse("emulation:registration-consolidated-export")).status_code == 404


# The consolidated list as a PDF ----------------------------------------------------------------


def test_job_parameters_carry_period_and_filters():
    job = ListJob(
        office_id=917, period_id=12, level="preschool", block_id=40321, state="not_started", include_waiting=True
    )

    assert ListJob.of(917, job.params) == job
    assert ListJob.of(1, ListJob(office_id=1, period_id=1).params) == ListJob(office_id=1, period_id=1)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "list.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(text.stdout.decode().split())


def test_pdf_lists_collectives_then_individuals_by_school(consolidated, district, period, tmp_path):
    district.governing_body = "UBND HUYỆN DẦU TIẾNG"
    district.save()
    job = ListJob(office_id=district.pk, period_id=period.pk, include_waiting=True)

    rendered = render_registration_list_pdf(job.office_id, params=job.params)

    text = pdf_text(rendered.content, tmp_path)
    assert rendered.filename == "danh-sach-dang-ky-thi-dua-2023-2024.pdf"
    assert "UBND HUYỆN DẦU TIẾNG" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM HỌC 2023-2024" in text
    assert "(Gồm cả các bản đăng ký đang chờ xét duyệt)" in text
    order = [
        text.index(words)
        for words in ("I. TẬP THỂ", "II. CÁ NHÂN", "Trường Tiểu học Minh Hòa 1 Đỗ Thị Ánh", "Thanh Tuyền 1 Lê Văn Anh")
    ]
    assert order == sorted(order)
    assert "Trường Tiểu học Minh Hòa Tập thể lao động tiên tiến" in text


def test_pdf_job_runs_for_the_office_and_is_hidden_from_others(client, consolidated, district, district_staff, period):
    client.force_login(district_staff)

    response = client.post(reverse("emulation:registration-list-pdf"), {"period": period.pk, "all": "1"})
    job = DocumentJob.objects.get()
    run_document_job(job_id=job.pk)

    assert response["Location"] == reverse("emulation:document-job", args=[job.pk])
    job.refresh_from_db()
    assert (job.kind, job.status, job.filename) == (
        "registration_list",
        JobStatus.DONE,
        "danh-sach-dang-ky-thi-dua-2023-2024.pdf",
    )
    assert (job.object_id, job.params["waiting"]) == (district.pk, True)
    other = UserFactory(username="chuyenvien_khac")
    MembershipFactory(user=other, unit=DistrictFactory(), role=Role.DISTRICT_STAFF)
    assert renderer_for("registration_list").can_view(district_staff, job.object_id, job.params) is True
    assert renderer_for("registration_list").can_view(other, job.object_id, job.params) is False


def test_pdf_is_not_found_for_a_principal(client, consolidated, principal_a):
    client.force_login(principal_a)

    assert client.post(reverse("emulation:registration-list-pdf")).status_code == 404
    assert DocumentJob.objects.count() == 0
