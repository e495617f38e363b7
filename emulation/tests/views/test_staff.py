import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from emulation.enums import Role
from emulation.models import Person
from emulation.selectors.history import FieldChange
from emulation.services.staff import set_person_active, update_person
from emulation.tests.factories import MembershipFactory, PersonFactory, UserFactory
from emulation.tests.staff_workbooks import GOOD_ROWS, HEADER_EN, MINH_HOA, THANH_TUYEN, row, stored_files, upload
from emulation.workbooks import pending

pytestmark = pytest.mark.django_db


def shown(history) -> list[tuple]:
    return [(c.who, c.action, c.fields) for c in history.changes]


def test_person_page_shows_the_office_who_changed_what(client, district_staff, principal_a, person_a, school_b):
    update_person(person=person_a, by=principal_a, position="Tổ trưởng", date_of_birth=dt.date(1985, 5, 18))
    update_person(person=person_a, by=district_staff, unit=school_b, sex="male")
    set_person_active(person=person_a, active=False, by=district_staff)
    client.force_login(district_staff)

    response = client.get(reverse("emulation:person-update", args=[person_a.pk]))

    assert response.status_code == 200
    assert shown(response.context["history"]) == [
        ("chuyenvien", "Đã sửa", [FieldChange("Đang hoạt động", "Có", "Không")]),
        (
            "chuyenvien",
            "Đã sửa",
            [
                FieldChange("Giới tính", "Nữ", "Nam"),
                FieldChange("Đơn vị", "Trường Tiểu học Thanh Tuyền", "Trường Tiểu học Minh Hòa"),
            ],
        ),
        (
            "hieutruong_a",
            "Đã sửa",
            [FieldChange("Ngày sinh", "17/05/1985", "18/05/1985"), FieldChange("Chức vụ", "Giáo viên", "Tổ trưởng")],
        ),
        ("hệ thống", "Tạo mới", []),
    ]
    content = response.content.decode()
    assert "Lịch sử thay đổi" in content
    assert "<del>Trường Tiểu học Thanh Tuyền</del> → <ins>Trường Tiểu học Minh Hòa</ins>" in content


def test_person_page_hides_the_history_from_the_school_principal(client, principal_a, person_a):
    update_person(person=person_a, by=principal_a, position="Tổ trưởng")
    client.force_login(principal_a)

    response = client.get(reverse("emulation:person-update", args=[person_a.pk]))

    assert (response.status_code, "history" in response.context) == (200, False)
    assert "Lịch sử thay đổi" not in response.content.decode()


def test_person_page_of_another_school_is_not_found_for_a_principal(client, principal_b, person_a):
    client.force_login(principal_b)

    response = client.get(reverse("emulation:person-update", args=[person_a.pk]))

    assert response.status_code == 404


def test_person_history_is_capped_at_the_latest_changes(client, district_staff, person_a, monkeypatch):
    monkeypatch.setattr("emulation.selectors.history.HISTORY_LIMIT", 2)
    for number in range(3):
        update_person(person=person_a, by=district_staff, position=f"Giáo viên {number}")
    client.force_login(district_staff)

    response = client.get(reverse("emulation:person-update", args=[person_a.pk]))

    history = response.context["history"]
    assert ([c.fields[0].new for c in history.changes], history.more) == (["Giáo viên 2", "Giáo viên 1"], True)
    assert "Đang hiển thị 2 thay đổi gần nhất" in response.content.decode()


@pytest.mark.parametrize("changes", [1, 3])
def test_person_page_history_has_a_fixed_query_budget(client, django_assert_num_queries, district_staff, person_a,
                                                        changes):  # fmt: skip
    """13 queries whatever the number of changes: session, user, the user's roles, the person, the units the
    form offers (2), the person's history, the person's accounts, their lockouts, the user's model
    permissions (2), unread notifications, the unit choices rendered."""
    MembershipFactory(user=UserFactory(username="gv_hong"), unit=person_a.unit, role=Role.DEPUTY_PRINCIPAL,
                      person=person_a)  # fmt: skip
    for number in range(changes):
        update_person(person=person_a, by=district_staff, position=f"Giáo viên {number}")
    client.force_login(district_staff)

    with django_assert_num_queries(13):
        response = client.get(reverse("emulation:person-update", args=[person_a.pk]))

    assert len(response.context["history"].changes) == changes + 1


TAKEN = "Số định danh này đã được dùng cho một hồ sơ khác."


def person_data(person, **changes) -> dict:
    data = {"full_name": person.full_name, "sex": person.sex, "unit": person.unit_id, "category": person.category,
            "position": person.position, "national_id": person.national_id}  # fmt: skip
    return {**data, **changes}


def test_person_update_keeps_an_unchanged_identity_number(client, principal_a, person_a):
    person_a.national_id = "074185000123"
    person_a.save()
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:person-update", args=[person_a.pk]), person_data(person_a, position="Tổ trưởng")
    )

    assert response.status_code == 302
    person_a.refresh_from_db()
    assert (person_a.position, person_a.national_id) == ("Tổ trưởng", "074185000123")


def test_person_form_refuses_the_number_of_an_active_record_elsewhere_without_naming_it(
    client, principal_a, person_a, person_b
):
    person_b.national_id = "074185000123"
    person_b.save()
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:person-update", args=[person_a.pk]), person_data(person_a, national_id="074185000123")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"national_id": [TAKEN]}
    assert "Minh Hòa" not in response.content.decode()


def test_person_form_accepts_the_number_of_an_inactive_record(client, principal_a, person_a, person_b):
    """Someone who moved here from another school: the old record there was deactivated."""
    person_b.national_id, person_b.is_active = "074185000123", False
    person_b.save()
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:person-update", args=[person_a.pk]), person_data(person_a, national_id="074185000123")
    )

    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.national_id == "074185000123"


def test_reactivating_a_record_whose_number_is_used_again_is_refused(client, principal_a, person_a, person_b):
    person_a.national_id, person_a.is_active = "074185000123", False
    person_a.save()
    person_b.national_id = "074185000123"
    person_b.save()
    client.force_login(principal_a)

    response = client.post(reverse("emulation:person-set-active", args=[person_a.pk]), {"active": "1"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [TAKEN]
    person_a.refresh_from_db()
    assert person_a.is_active is False


def test_person_set_active_goes_back_to_the_page_it_came_from(client, principal_a, person_a):
    client.force_login(principal_a)
    back = reverse("emulation:person-list") + "?q=hong"

    response = client.post(reverse("emulation:person-set-active", args=[person_a.pk]), {"active": "0", "next": back})

    assert (response.status_code, response["Location"]) == (302, back)


@pytest.mark.parametrize("elsewhere", ["https://evil.example/staff/", "//evil.example/", "javascript:alert(1)"])
def test_person_set_active_never_sends_to_another_site(client, principal_a, person_a, elsewhere):
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:person-set-active", args=[person_a.pk]), {"active": "0", "next": elsewhere}
    )

    assert (response.status_code, response["Location"]) == (302, reverse("emulation:person-list"))


# --- the staff import: upload, preview, commit, cancel -----------------------------------------------------


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_import_page_allowed_for_a_principal(client, principal_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:staff-import"))

    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "staff-import"),
        ("post", "staff-import"),
        ("get", "staff-import-preview"),
        ("get", "staff-import-problems"),
        ("post", "staff-import-commit"),
        ("post", "staff-import-cancel"),
    ],
)
def test_import_views_denied_for_a_council_member(client, council_member, method, name):
    client.force_login(council_member)

    response = getattr(client, method)(reverse(f"emulation:{name}"))

    assert response.status_code == 404


def test_upload_keeps_the_file_and_saves_nothing(client, principal_a, person_a):
    client.force_login(principal_a)

    response = upload(client, GOOD_ROWS)

    assert response.status_code == 302
    assert response["Location"] == reverse("emulation:staff-import-preview")
    assert Person.objects.count() == 1
    assert stored_files() == ["json", "xlsx"]
    assert client.get(reverse("emulation:staff-import")).context["pending"].name == "danh-sach.xlsx"


def test_preview_lists_problems_by_row_and_column_and_the_valid_rows(english, principal_a):
    english.force_login(principal_a)
    upload(english, [GOOD_ROWS[0], row(full_name="Lê Văn Dũng", date_of_birth="31/02/1985")])

    response = english.get(reverse("emulation:staff-import-preview"))
    content = response.content.decode()

    assert response.status_code == 200
    assert [str(problem) for problem in response.context["problems"]] == [
        "Row 3, column C (Date of birth): “31/02/1985” does not exist: month 2 of 1985 has 28 days."
    ]
    assert "C (Date of birth)" in content
    assert "“31/02/1985” does not exist: month 2 of 1985 has 28 days." in content
    assert [line["full_name"] for line in response.context["rows"]] == ["Lê Văn Cường"]
    assert 'name="expected" value="1"' in content
    assert Person.objects.count() == 0


def test_preview_names_the_columns_that_are_not_read(english, principal_a):
    english.force_login(principal_a)
    upload(english, [[*GOOD_ROWS[0], "chuyển đến"]], header=[*HEADER_EN, "Ghi chú"])

    response = english.get(reverse("emulation:staff-import-preview"))

    assert response.context["ignored"] == "These columns are not read: K (Ghi chú)."
    assert "These columns are not read: K (Ghi chú)." in response.content.decode()


def test_preview_without_an_upload_goes_back_to_the_upload_page(client, principal_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:staff-import-preview"))

    assert response["Location"] == reverse("emulation:staff-import")


def test_preview_query_count_does_not_grow(client, principal_a):
    client.force_login(principal_a)
    counts = []
    for size in (1, 3):
        upload(client, GOOD_ROWS[:size])
        client.get(reverse("emulation:staff-import-preview"))  # reads the workbook's rows once
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("emulation:staff-import-preview"))
        assert len(response.context["rows"]) == size
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_commit_writes_the_valid_rows_and_skips_the_others(
    english, principal_a, school_a, django_capture_on_commit_callbacks
):
    english.force_login(principal_a)
    upload(english, [*GOOD_ROWS, row(full_name="Lê Văn Dũng", sex="Khác")])

    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(reverse("emulation:staff-import-commit"), {"expected": "3"}, follow=True)

    people = Person.objects.order_by("full_name")
    assert response.redirect_chain == [(reverse("emulation:person-list"), 302)]
    assert messages_of(response) == ["3 staff members were imported. 1 row with problems was skipped."]
    assert [(p.full_name, p.sex, p.date_of_birth, p.unit, p.category, p.national_id) for p in people] == [
        ("Lê Văn Cường", "male", dt.date(1980, 4, 3), school_a, "manager", "074080000111"),
        ("Phạm Thị Dung", "female", dt.date(1990, 12, 1), school_a, "teacher", "074190000222"),
        ("Võ Minh Em", "male", None, school_a, "employee", ""),
    ]
    assert [(p.sort_name, p.search_name) for p in people][0] == ("Cường Lê Văn", "le van cuong")
    assert stored_files() == []
    assert english.get(reverse("emulation:staff-import")).context["pending"] is None


def test_a_second_commit_of_the_same_upload_imports_nothing_and_says_so(english, principal_a, school_a):
    english.force_login(principal_a)
    upload(english, GOOD_ROWS)
    english.post(reverse("emulation:staff-import-commit"), {"expected": "3"}, follow=True)

    again = english.post(reverse("emulation:staff-import-commit"), {"expected": "3"}, follow=True)

    assert again.redirect_chain == [(reverse("emulation:person-list"), 302)]
    assert messages_of(again) == [
        "This file has been imported already, or is being imported: it is not imported twice."
    ]
    assert Person.objects.count() == 3


def test_a_commit_while_another_holds_the_upload_imports_nothing(english, principal_a, school_a):
    """The first click is still importing (its claim holds the file) when the second arrives."""
    english.force_login(principal_a)
    upload(english, GOOD_ROWS)
    (waiting,) = pending.pending_dir().glob("*.xlsx")
    waiting.rename(waiting.with_name(f"{waiting.stem}.0123456789abcdef.claimed"))

    response = english.post(reverse("emulation:staff-import-commit"), {"expected": "3"}, follow=True)

    assert messages_of(response) == [
        "This file has been imported already, or is being imported: it is not imported twice."
    ]
    assert Person.objects.count() == 0


def test_commit_without_an_upload_asks_for_one(english, principal_a):
    english.force_login(principal_a)

    response = english.post(reverse("emulation:staff-import-commit"), {"expected": "3"}, follow=True)

    assert response.redirect_chain == [(reverse("emulation:staff-import"), 302)]
    assert messages_of(response) == ["No workbook is waiting: upload one."]


def test_commit_is_all_or_nothing(english, principal_a, person_b, monkeypatch):
    """A database error on the last row (here an identity number taken meanwhile) saves no row at all."""
    person_b.national_id = "074080000555"
    person_b.save()
    english.force_login(principal_a)
    upload(english, [*GOOD_ROWS, row(full_name="Lê Văn Dũng", national_id="074080000555")])
    monkeypatch.setattr("emulation.services.staff.BATCH_SIZE", 1)
    monkeypatch.setattr("emulation.workbooks.staff.check_duplicates", lambda records, header, columns: None)

    response = english.post(reverse("emulation:staff-import-commit"), {"expected": "4"}, follow=True)

    assert response.redirect_chain == [(reverse("emulation:staff-import-preview"), 302)]
    assert messages_of(response) == [
        "The staff list or your units changed since the preview; nothing was saved. Check the preview again."
    ]
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Trần Văn Bình"]
    assert stored_files() == ["cache.json", "json", "xlsx"]  # the upload is back, for another try


def test_commit_checks_again_and_refuses_when_the_list_changed(english, principal_a, school_a):
    english.force_login(principal_a)
    upload(english, GOOD_ROWS)
    PersonFactory(full_name="Lê Văn Cường", date_of_birth=dt.date(1980, 4, 3), unit=school_a)

    english.post(reverse("emulation:staff-import-commit"), {"expected": "3"})

    assert list(Person.objects.values_list("full_name", flat=True)) == ["Lê Văn Cường"]
    assert stored_files() == ["cache.json", "json", "xlsx"]


def test_commit_with_no_valid_row_saves_nothing(english, principal_a, school_b):
    english.force_login(principal_a)
    upload(english, [row(unit=MINH_HOA)])

    response = english.post(reverse("emulation:staff-import-commit"), {"expected": "0"}, follow=True)

    assert messages_of(response) == ["No row can be imported; nothing was saved."]
    assert Person.objects.count() == 0


def test_principal_of_school_a_cannot_import_into_school_b(english, principal_a, school_b):
    english.force_login(principal_a)
    upload(english, [row(unit=MINH_HOA)])

    preview = english.get(reverse("emulation:staff-import-preview"))

    assert [str(problem) for problem in preview.context["problems"]] == [
        f"Row 2, column D (Unit): “{MINH_HOA}” is not a unit whose staff you may import; see the sheet “Units”."
    ]
    assert preview.context["valid_count"] == 0
    assert 'id="commit-import"' not in preview.content.decode()


def test_cancel_discards_the_file_and_saves_nothing(client, principal_a):
    client.force_login(principal_a)
    upload(client, GOOD_ROWS)
    client.get(reverse("emulation:staff-import-preview"))
    assert stored_files() == ["cache.json", "json", "xlsx"]  # the rows, read once for the preview and the commit

    response = client.post(reverse("emulation:staff-import-cancel"))

    assert response["Location"] == reverse("emulation:staff-import")
    assert stored_files() == []
    assert client.session["pending_uploads"] == {}
    assert Person.objects.count() == 0


def test_rows_to_fix_download_has_the_rows_and_what_to_fix(english, principal_a):
    english.force_login(principal_a)
    upload(english, [GOOD_ROWS[0], row(full_name="Lê Văn Dũng", date_of_birth="31/02/1985")])

    response = english.get(reverse("emulation:staff-import-problems"))
    lines = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))

    assert response["Content-Disposition"] == 'attachment; filename="staff-rows-to-fix.xlsx"'
    assert lines[0] == (*HEADER_EN, "Problems to fix")
    assert lines[1:] == [
        (
            "Lê Văn Dũng", "Nam", "31/02/1985", THANH_TUYEN, "Hiệu trưởng", "Quản lý", "01/09/2002",
            None, "Cuong.LV@example.edu.vn", "0912 345 678",
            "Row 3, column C (Date of birth): “31/02/1985” does not exist: month 2 of 1985 has 28 days.",
        )
    ]  # fmt: skip


def test_upload_of_a_text_file_renamed_xlsx_is_refused(english, principal_a):
    english.force_login(principal_a)
    fake = SimpleUploadedFile("danh-sach.xlsx", "Họ và tên,Ngày sinh\nNguyễn Văn An,01/01/1980\n".encode())

    response = english.post(reverse("emulation:staff-import"), {"file": fake})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["The file “danh-sach.xlsx” is not XLSX: its content does not match its extension."]
    }
    assert stored_files() == []


def test_upload_of_a_workbook_over_the_row_limit_is_refused(english, principal_a, settings):
    settings.WORKBOOK_MAX_ROWS = 3
    english.force_login(principal_a)

    response = upload(english, [row(full_name=name) for name in ("Lê Văn An", "Lê Văn Bảo", "Lê Văn Cao")])

    assert response.context["form"].errors == {
        "file": ["“danh-sach.xlsx” has a sheet of more than 3 rows: split it into several files."]
    }
    assert stored_files() == []


def test_upload_of_20_mb_is_refused_before_it_is_read(english, principal_a, settings):
    settings.UPLOAD_MAX_BYTES_WORKBOOKS = 5 * 1024 * 1024
    english.force_login(principal_a)
    big = SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024 - 4))

    response = english.post(reverse("emulation:staff-import"), {"file": big})

    assert response.status_code == 200
    assert response.context["upload_error"] == "The upload is 20,0 MB, over the limit of 5 MB."
    assert "The upload is 20,0 MB, over the limit of 5 MB." in response.content.decode()
    assert stored_files() == []


def test_a_stored_upload_that_cannot_be_read_is_a_message_on_the_preview_and_the_commit(english, principal_a):
    english.force_login(principal_a)
    upload(english, GOOD_ROWS)
    (stored,) = pending.pending_dir().glob("*.xlsx")
    stored.write_bytes(stored.read_bytes()[:400])  # cut off on the disk

    preview = english.get(reverse("emulation:staff-import-preview"))
    commit = english.post(reverse("emulation:staff-import-commit"), {"expected": "3"}, follow=True)

    refusal = (
        "“danh-sach.xlsx” is damaged or incomplete (perhaps the upload was cut off): open it in Excel, save it "
        "again and upload it once more."
    )
    assert (preview.status_code, preview.context["refusal"], preview.context["valid_count"]) == (200, refusal, 0)
    assert refusal in preview.content.decode()
    assert messages_of(commit) == [refusal]
    assert Person.objects.count() == 0
