import datetime as dt

import pytest
from django.urls import reverse

from emulation.enums import Role
from emulation.selectors.history import FieldChange
from emulation.services.staff import set_person_active, update_person
from emulation.tests.factories import MembershipFactory, UserFactory

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
