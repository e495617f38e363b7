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
