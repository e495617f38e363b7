"""The school's registration page: who sees and edits it, lines, attachments, submission, the live count."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from emulation.enums import DeadlineAction, RegistrationState, Role
from emulation.models import Award, CollectiveTarget, Registration, RegistrationLine
from emulation.selectors.registrations import count_lines, registration_lines
from emulation.services.deadlines import grant_extension, upsert_deadline
from emulation.services.registrations import get_or_start_registration, return_registration, submit_registration
from emulation.tests.factories import MembershipFactory, PeriodFactory, PersonFactory, UserFactory
from emulation.tests.queries import stated_queries
from emulation.views.registrations import RegistrationDetail

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def period(db):
    return PeriodFactory(name="2026-2027", start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 8, 31))


@pytest.fixture
def registration(school_a, period, principal_a):
    return get_or_start_registration(unit=school_a, period=period, by=principal_a)


@pytest.fixture
def ldtt(db):
    return Award.objects.get(code="ldtt")


@pytest.fixture
def cstdcs(db):
    return Award.objects.get(code="cstdcs")


@pytest.fixture
def complete(registration, person_a, ldtt):
    """A registration that can be sent: one line and both attachments."""
    registration.lines.create(person=person_a, title=ldtt)
    registration.plan_file.save("ke-hoach.pdf", ContentFile(PDF), save=False)
    registration.council_decision_file.save("quyet-dinh.pdf", ContentFile(PDF), save=False)
    registration.save()
    return registration


def _deadline(period, district, school, due_on):
    return upsert_deadline(
        source="milestone:reg", period=period, issuing_unit=district, action=DeadlineAction.REGISTRATION,
        title="Nộp hồ sơ đăng ký thi đua", opens_on=None, due_on=due_on, units=[school],
    )  # fmt: skip


def _url(name, registration, *args):
    return reverse(f"emulation:{name}", args=[registration.pk, *args])


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- "My registration" -----------------------------------------------------------------------------------------


def test_mine_starts_the_current_registration_of_the_principals_school(client, principal_a, school_a, period):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:registration-mine"))

    registration = Registration.objects.get()
    assert (registration.unit, registration.period, registration.state) == (school_a, period, "draft")
    assert response.status_code == 302
    assert response.url == _url("registration-detail", registration)


def test_mine_is_404_without_a_school_role(client, district_staff, period):
    client.force_login(district_staff)

    assert client.get(reverse("emulation:registration-mine")).status_code == 404
    assert Registration.objects.count() == 0


# --- the page ------------------------------------------------------------------------------------------------


def test_page_for_the_principal_offers_editing(client, principal_a, registration):
    client.force_login(principal_a)

    response = client.get(_url("registration-detail", registration))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="edit-lines"' in content
    assert 'id="submit-registration"' in content
    assert "Dự thảo" in content


def test_page_for_the_district_staff_is_read_only(client, district_staff, registration):
    client.force_login(district_staff)

    response = client.get(_url("registration-detail", registration))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="edit-lines"' not in content
    assert 'id="submit-registration"' not in content
    assert 'id="target-form"' not in content


def test_page_is_404_for_another_schools_principal(client, principal_b, registration):
    client.force_login(principal_b)

    assert client.get(_url("registration-detail", registration)).status_code == 404


def test_page_shows_the_last_day_and_an_extension(client, principal_a, registration, period, district, school_a):
    deadline = _deadline(period, district, school_a, timezone.localdate() + dt.timedelta(days=3))
    last_day = timezone.localdate() + dt.timedelta(days=10)
    grant_extension(deadline=deadline, unit=school_a, last_day=last_day, reason="Trường bận", by=principal_a)
    client.force_login(principal_a)

    content = client.get(_url("registration-detail", registration)).content.decode()

    assert f"Hạn cuối: {last_day:%d/%m/%Y}" in content
    assert "đã gia hạn cho đơn vị" in content


def test_page_shows_a_closed_window(client, principal_a, registration, period, district, school_a):
    _deadline(period, district, school_a, dt.date(2026, 11, 10))
    client.force_login(principal_a)

    content = client.get(_url("registration-detail", registration)).content.decode()

    assert "Hạn cuối: 10/11/2026" in content
    assert "đã hết hạn" in content


def test_a_closed_window_is_said_at_the_top_and_shuts_the_form_before_anything_is_filled(
    client, principal_a, district_staff, registration, period, district, school_a
):
    last_day = timezone.localdate() - dt.timedelta(days=1)
    _deadline(period, district, school_a, last_day)
    client.force_login(principal_a)
    school_page = client.get(_url("registration-detail", registration)).content.decode()
    client.force_login(district_staff)
    office_page = client.get(_url("registration-detail", registration)).content.decode()

    banner = (
        f"Đã quá hạn “Nộp hồ sơ đăng ký thi đua”: hạn cuối là ngày {last_day:%d/%m/%Y}. "
        "Hãy đề nghị cơ quan quản lý gia hạn."
    )
    assert banner in school_page
    assert school_page.index('id="window-closed"') < school_page.index('id="targets"')
    assert [
        marker in school_page
        for marker in ('id="target-form"', 'id="edit-lines"', 'id="import-workbook"', "reg-upload", 'id="submit"')
    ] == [False] * 5
    assert 'id="extension-request-form"' in school_page
    assert '<textarea name="reason"' in school_page
    assert "Đề nghị cơ quan quản lý gia hạn" in school_page
    assert 'id="window-closed"' not in office_page


def test_an_open_window_leaves_the_form_open(client, principal_a, registration, period, district, school_a):
    _deadline(period, district, school_a, timezone.localdate() + dt.timedelta(days=3))
    client.force_login(principal_a)

    content = client.get(_url("registration-detail", registration)).content.decode()

    assert 'id="window-closed"' not in content
    assert [marker in content for marker in ('id="target-form"', 'id="edit-lines"', 'id="submit"')] == [True] * 3


# --- collective targets ----------------------------------------------------------------------------------------


def test_principal_adds_and_removes_a_collective_target(client, principal_a, registration):
    award = Award.objects.get(code="ttldxs")
    client.force_login(principal_a)

    response = client.post(
        _url("registration-target-add", registration), {"award": award.pk, "commitment": "100% hoàn thành nhiệm vụ"}
    )
    target = registration.targets.get()
    client.post(_url("registration-target-remove", registration, target.pk))

    assert response.status_code == 302
    assert (target.award, target.commitment) == (award, "100% hoàn thành nhiệm vụ")
    assert CollectiveTarget.objects.count() == 0


def test_second_click_on_add_target_names_the_target_already_there(client, principal_a, registration):
    award = Award.objects.get(code="ttldxs")
    client.force_login(principal_a)
    client.post(_url("registration-target-add", registration), {"award": award.pk}, follow=True)

    response = client.post(_url("registration-target-add", registration), {"award": award.pk}, follow=True)

    assert _messages(response) == [f"“{award.name}” đã được đăng ký."]
    assert registration.targets.count() == 1


def test_an_individual_title_is_refused_as_collective_target(client, principal_a, registration, ldtt):
    client.force_login(principal_a)

    client.post(_url("registration-target-add", registration), {"award": ldtt.pk, "commitment": ""})

    assert registration.targets.count() == 0


def test_district_staff_cannot_add_a_target(client, district_staff, registration):
    client.force_login(district_staff)

    response = client.post(
        _url("registration-target-add", registration), {"award": Award.objects.get(code="ttldtt").pk}
    )

    assert response.status_code == 404
    assert registration.targets.count() == 0


def test_removing_a_target_of_another_registration_is_not_found(client, principal_a, registration, school_b, period):
    other = get_or_start_registration(unit=school_b, period=period, by=None)
    theirs = CollectiveTarget.objects.create(registration=other, award=Award.objects.get(code="ttldtt"))
    client.force_login(principal_a)

    response = client.post(_url("registration-target-remove", registration, theirs.pk))

    assert response.status_code == 404
    assert CollectiveTarget.objects.get() == theirs


def test_removing_a_target_once_sent_is_refused(client, principal_a, registration):
    target = CollectiveTarget.objects.create(registration=registration, award=Award.objects.get(code="ttldtt"))
    Registration.objects.filter(pk=registration.pk).update(state=RegistrationState.SUBMITTED)
    client.force_login(principal_a)

    response = client.post(_url("registration-target-remove", registration, target.pk))

    assert response.status_code == 404
    assert CollectiveTarget.objects.get() == target


# --- entering lines ------------------------------------------------------------------------------------------


@pytest.fixture
def staff(school_a):
    names = ["Trần Văn Bình", "Lê Thị Ánh", "Phạm Đức Anh"]
    people = [PersonFactory(full_name=name, unit=school_a) for name in names]
    PersonFactory(full_name="Võ Văn Nghỉ", unit=school_a, is_active=False)
    return people


def test_lines_page_lists_the_active_staff_in_vietnamese_order(client, principal_a, registration, staff):
    client.force_login(principal_a)

    response = client.get(_url("registration-lines", registration))

    assert response.status_code == 200
    assert [row.person.full_name for row in response.context["rows"]] == [
        "Lê Thị Ánh",  # tones only break ties: "Ánh Lê" before "Anh Phạm"
        "Phạm Đức Anh",
        "Trần Văn Bình",
    ]


@pytest.mark.parametrize("who", ["principal_b", "district_staff"])
def test_lines_page_is_404_for_others(request, client, registration, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(_url("registration-lines", registration)).status_code == 404


def test_lines_page_is_404_once_submitted(client, principal_a, registration):
    Registration.objects.filter(pk=registration.pk).update(state=RegistrationState.SUBMITTED)
    client.force_login(principal_a)

    assert client.get(_url("registration-lines", registration)).status_code == 404
    assert client.post(_url("registration-lines", registration), {}).status_code == 404


def _lines_data(people, titles=None, forms=None, initiatives=None):
    data = {}
    for index, person in enumerate(people):
        data[f"title_{person.pk}"] = (titles or {}).get(index, "")
        data[f"form_{person.pk}"] = (forms or {}).get(index, "")
        title, field = (initiatives or {}).get(index, ("", ""))
        data[f"initiative_title_{person.pk}"] = title
        data[f"initiative_field_{person.pk}"] = field
    return data


def test_saving_the_lines_replaces_them(client, principal_a, registration, staff, ldtt, cstdcs):
    giay_khen = Award.objects.get(code="giay-khen")
    registration.lines.create(person=staff[1], title=ldtt)
    client.force_login(principal_a)
    data = _lines_data(
        staff, titles={0: ldtt.pk, 2: cstdcs.pk}, forms={0: giay_khen.pk},
        initiatives={2: ("Dạy học STEM lớp 5", "Khoa học")},
    )  # fmt: skip

    response = client.post(_url("registration-lines", registration), data, follow=True)

    lines = registration.lines.order_by("person__full_name")
    assert [(line.person.full_name, line.title.code, line.form_id, line.initiative_title) for line in lines] == [
        ("Phạm Đức Anh", "cstdcs", None, "Dạy học STEM lớp 5"),
        ("Trần Văn Bình", "ldtt", giay_khen.pk, ""),
    ]
    assert _messages(response) == ["Đã lưu danh sách: 2 người đăng ký."]


def test_lines_refuse_a_collective_title(client, principal_a, registration, staff):
    client.force_login(principal_a)
    data = _lines_data(staff, titles={0: Award.objects.get(code="ttldxs").pk})

    response = client.post(_url("registration-lines", registration), data)

    assert response.status_code == 200
    assert registration.lines.count() == 0


def test_ldtt_for_all_without_javascript_fills_the_blanks_and_saves_nothing(
    client, principal_a, registration, staff, ldtt, cstdcs
):
    client.force_login(principal_a)
    data = {**_lines_data(staff, titles={1: cstdcs.pk}), "all_ldtt": "1"}

    response = client.post(_url("registration-lines", registration), data)

    form = response.context["form"]
    assert [form[f"title_{person.pk}"].value() for person in staff] == [str(ldtt.pk), str(cstdcs.pk), str(ldtt.pk)]
    assert _messages(response) == ["Mọi ô danh hiệu còn trống đã được điền LĐTT. Hãy kiểm tra rồi bấm Lưu."]
    assert registration.lines.count() == 0


def _query_count(client, method, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code in (200, 302)
    return len(queries)


@pytest.mark.parametrize("method", ["get", "post"])
def test_lines_page_query_count_is_flat(client, principal_a, school_a, period, ldtt, method):
    counts = []
    for size in (3, 30):
        Registration.objects.all().delete()
        RegistrationLine.objects.all().delete()
        school_a.staff.all().delete()
        people = [PersonFactory(unit=school_a) for _ in range(size)]
        registration = get_or_start_registration(unit=school_a, period=period, by=principal_a)
        registration.lines.create(person=people[0], title=ldtt)
        client.force_login(principal_a)
        data = _lines_data(people, titles=dict.fromkeys(range(size), ldtt.pk)) if method == "post" else None
        counts.append(_query_count(client, method, _url("registration-lines", registration), data))

    assert counts[0] == counts[1]


def test_page_query_count_is_flat(client, principal_a, school_a, period, ldtt):
    counts = []
    for size in (3, 30):
        Registration.objects.all().delete()
        school_a.staff.all().delete()
        registration = get_or_start_registration(unit=school_a, period=period, by=principal_a)
        RegistrationLine.objects.bulk_create(
            [
                RegistrationLine(registration=registration, person=PersonFactory(unit=school_a), title=ldtt)
                for _ in range(size)
            ]
        )
        client.force_login(principal_a)
        counts.append(_query_count(client, "get", _url("registration-detail", registration)))

    assert counts[0] == counts[1]


def test_page_keeps_its_query_budget(client, principal_a, registration, school_a, ldtt, django_assert_num_queries):
    RegistrationLine.objects.bulk_create(
        RegistrationLine(registration=registration, person=PersonFactory(unit=school_a), title=ldtt) for _ in range(3)
    )
    client.force_login(principal_a)

    with django_assert_num_queries(stated_queries(RegistrationDetail)):
        response = client.get(_url("registration-detail", registration))

    assert response.status_code == 200


# --- the live count ------------------------------------------------------------------------------------------


@pytest.fixture
def twenty(registration, school_a, ldtt, cstdcs):
    """17 LĐTT and 3 CSTĐCS: 20 LĐTT in all, since CSTĐCS requires it."""
    for index in range(20):
        person = PersonFactory(unit=school_a)
        registration.lines.create(person=person, title=cstdcs if index < 3 else ldtt)
    return registration


def test_live_count_numbers(twenty, ldtt, cstdcs):
    count = count_lines(registration_lines(twenty))

    per_title = {item.award.code: item.count for item in count.titles}
    assert (per_title["ldtt"], per_title["cstdcs"], per_title["cstd-tinh"]) == (17, 3, 0)
    assert (count.total, count.ldtt_base, count.cstdcs, count.percent) == (20, 20, 3, 15.0)
    assert count.ratio_text == "CSTĐCS: 3 / 20 LĐTT = 15%"


def test_live_count_on_the_page_without_a_cap(client, principal_a, twenty, settings):
    settings.CSTDCS_CAP_PERCENT = None
    client.force_login(principal_a)

    response = client.get(_url("registration-detail", twenty))

    assert "CSTĐCS: 3 / 20 LĐTT = 15%" in response.content.decode()
    assert response.context["count"].over_cap is False


def test_live_count_warns_over_the_cap(client, principal_a, twenty, settings):
    settings.CSTDCS_CAP_PERCENT = 10
    client.force_login(principal_a)

    response = client.get(_url("registration-detail", twenty))

    content = response.content.decode()
    assert response.context["count"].over_cap is True
    assert "Vượt mức trần: số CSTĐCS không nên quá 10% số LĐTT." in content
    assert 'id="submit-registration"' in content  # a warning, not a block


def test_live_count_within_the_cap(twenty, settings):
    settings.CSTDCS_CAP_PERCENT = 15
    count = count_lines(registration_lines(twenty))

    assert count.over_cap is False


# --- attachments ---------------------------------------------------------------------------------------------


def test_a_pdf_is_attached_and_downloaded(client, principal_a, district_staff, registration):
    client.force_login(principal_a)

    response = client.post(
        _url("registration-file-upload", registration, "plan"),
        {"file": SimpleUploadedFile("Kế hoạch.pdf", PDF)},
        follow=True,
    )
    client.force_login(district_staff)
    download = client.get(_url("registration-file-download", registration, "plan"))

    registration.refresh_from_db()
    assert _messages(response) == ["Đã đính kèm: Kế hoạch thi đua của nhà trường."]
    assert registration.plan_file.name.endswith(".pdf")
    assert b"".join(download.streaming_content) == PDF


def test_a_docx_named_pdf_is_stored_as_docx(client, principal_a, registration):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    client.force_login(principal_a)

    client.post(
        _url("registration-file-upload", registration, "council"),
        {"file": SimpleUploadedFile("quyet-dinh.pdf", buffer.getvalue())},
    )

    registration.refresh_from_db()
    assert registration.council_decision_file.name.endswith("quyet-dinh.docx")


def test_an_exe_renamed_pdf_is_refused(client, principal_a, registration):
    client.force_login(principal_a)

    response = client.post(
        _url("registration-file-upload", registration, "plan"),
        {"file": SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100)},
        follow=True,
    )

    registration.refresh_from_db()
    assert _messages(response) == ["“ke-hoach.pdf” không phải là tệp PDF, Word (.doc, .docx), JPG hoặc PNG."]
    assert not registration.plan_file


def test_an_11_mb_file_is_refused(client, principal_a, registration):
    client.force_login(principal_a)

    response = client.post(
        _url("registration-file-upload", registration, "plan"),
        {"file": SimpleUploadedFile("ke-hoach.pdf", PDF + b"0" * (11 * 1024 * 1024))},
        follow=True,
    )

    registration.refresh_from_db()
    assert _messages(response) == ["Tệp quá lớn (11,0 MB); giới hạn là 10,0 MB."]
    assert not registration.plan_file


def test_a_file_just_over_the_limit_is_refused_by_the_form(client, principal_a, registration):
    client.force_login(principal_a)

    response = client.post(
        _url("registration-file-upload", registration, "plan"),
        {"file": SimpleUploadedFile("ke-hoach.pdf", PDF + b"0" * (10 * 1024 * 1024))},
        follow=True,
    )

    assert _messages(response) == ["Tệp “ke-hoach.pdf” quá lớn (10,0 MB); giới hạn là 10,0 MB."]
    registration.refresh_from_db()
    assert not registration.plan_file


def test_attachments_are_404_for_another_school(client, principal_b, complete):
    client.force_login(principal_b)

    assert client.get(_url("registration-file-download", complete, "plan")).status_code == 404
    upload = client.post(_url("registration-file-upload", complete, "plan"), {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert upload.status_code == 404


def test_district_staff_cannot_upload(client, district_staff, registration):
    client.force_login(district_staff)

    response = client.post(
        _url("registration-file-upload", registration, "plan"), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )

    assert response.status_code == 404


# --- submission ----------------------------------------------------------------------------------------------


def test_submit_inside_the_window(client, principal_a, complete, period, district, school_a):
    _deadline(period, district, school_a, timezone.localdate() + dt.timedelta(days=5))
    client.force_login(principal_a)

    response = client.post(_url("registration-submit", complete), follow=True)

    complete.refresh_from_db()
    assert complete.state == RegistrationState.SUBMITTED
    assert _messages(response) == ["Đã gửi bản đăng ký lên cơ quan quản lý."]
    assert 'id="read-only-note"' in response.content.decode()
    assert 'id="edit-lines"' not in response.content.decode()


def test_submit_after_the_window_is_refused(client, principal_a, complete, period, district, school_a):
    last_day = timezone.localdate() - dt.timedelta(days=1)
    _deadline(period, district, school_a, last_day)
    client.force_login(principal_a)

    response = client.post(_url("registration-submit", complete), follow=True)

    complete.refresh_from_db()
    assert complete.state == RegistrationState.DRAFT
    assert _messages(response) == [
        f"Đã quá hạn “Nộp hồ sơ đăng ký thi đua”: hạn cuối là ngày {last_day:%d/%m/%Y}. "
        "Hãy đề nghị cơ quan quản lý gia hạn."
    ]


def test_submit_with_missing_pieces_lists_them(client, principal_a, registration):
    client.force_login(principal_a)

    response = client.post(_url("registration-submit", registration), follow=True)

    registration.refresh_from_db()
    assert registration.state == RegistrationState.DRAFT
    assert _messages(response) == [
        "Hãy đăng ký ít nhất một danh hiệu tập thể hoặc một cá nhân.",
        "Hãy đính kèm kế hoạch thi đua của nhà trường.",
        "Hãy đính kèm quyết định thành lập Hội đồng Thi đua - Khen thưởng của nhà trường.",
    ]


def test_second_click_on_submit_says_it_was_sent_already(client, principal_a, complete):
    client.force_login(principal_a)
    client.post(_url("registration-submit", complete), follow=True)

    response = client.post(_url("registration-submit", complete), follow=True)

    assert response.status_code == 200
    assert _messages(response) == ["Bản đăng ký này đã được gửi lên cơ quan quản lý (Đã gửi): không gửi lại được nữa."]
    assert list(complete.log.order_by("pk").values_list("to_state", flat=True)) == ["draft", "submitted"]


@pytest.mark.parametrize("who", ["principal_b", "district_staff"])
def test_submit_is_404_for_others(request, client, complete, who):
    client.force_login(request.getfixturevalue(who))

    assert client.post(_url("registration-submit", complete)).status_code == 404
    complete.refresh_from_db()
    assert complete.state == RegistrationState.DRAFT


def test_return_shows_the_line_comment_then_edit_and_resubmit(
    client, principal_a, district_staff, complete, person_a, cstdcs
):
    submit_registration(registration=complete, by=principal_a)
    line = complete.lines.get()
    return_registration(
        registration=complete, by=district_staff, comment="Bổ sung sáng kiến",
        line_comments={line.pk: "Ghi rõ tên sáng kiến"},
    )  # fmt: skip
    client.force_login(principal_a)

    page = client.get(_url("registration-detail", complete)).content.decode()
    edit = client.get(_url("registration-lines", complete))
    data = _lines_data([person_a], titles={0: cstdcs.pk}, initiatives={0: ("Dạy đọc hiểu lớp 3", "Tiếng Việt")})
    client.post(_url("registration-lines", complete), data)
    client.post(_url("registration-submit", complete))

    assert "Bổ sung sáng kiến" in page
    assert "Ghi rõ tên sáng kiến" in page
    assert [row.comment for row in edit.context["rows"]] == ["Ghi rõ tên sáng kiến"]
    complete.refresh_from_db()
    assert complete.state == RegistrationState.RESUBMITTED
    assert list(complete.lines.values_list("title__code", "initiative_title")) == [("cstdcs", "Dạy đọc hiểu lớp 3")]
    assert list(complete.log.order_by("pk").values_list("to_state", flat=True)) == [
        "draft",
        "submitted",
        "returned",
        "resubmitted",
    ]


def test_history_lists_who_and_what(client, principal_a, complete):
    submit_registration(registration=complete, by=principal_a)
    client.force_login(principal_a)

    response = client.get(_url("registration-detail", complete))

    assert [(entry.from_state, entry.to_state) for entry in response.context["log"]] == [
        ("draft", "submitted"),
        ("", "draft"),
    ]
    assert "Dự thảo → <strong>Đã gửi</strong>" in response.content.decode()


def test_a_deputy_edits_the_lines_too(client, school_a, registration, person_a, ldtt):
    deputy = UserFactory(username="phohieutruong_a")
    MembershipFactory(user=deputy, unit=school_a, role=Role.DEPUTY_PRINCIPAL)
    client.force_login(deputy)

    client.post(_url("registration-lines", registration), _lines_data([person_a], titles={0: ldtt.pk}))

    assert registration.lines.count() == 1


def test_submit_does_not_need_the_broker(
    client, principal_a, complete, period, district, school_a, district_staff, broker_down,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    _deadline(period, district, school_a, timezone.localdate() + dt.timedelta(days=5))
    client.force_login(principal_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("registration-submit", complete))

    complete.refresh_from_db()
    assert response.status_code == 302
    assert complete.state == RegistrationState.SUBMITTED
    assert district_staff.notifications.count() == 1
