import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation.enums import Role
from emulation.models import Membership, Person
from emulation.tests.factories import PersonFactory, SchoolFactory
from emulation.tests.queries import stated_queries
from emulation.views.staff import PersonList
from emulation.views.units import UnitList

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("emulation:person-list"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/staff/"


def test_login_page_is_vietnamese_by_default(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"


def test_dashboard_shows_school_panel_to_principal(client, principal_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:dashboard"))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="panel-school"' in content
    assert 'id="panel-office"' not in content


def test_dashboard_shows_office_panel_to_district_staff(client, district_staff):
    client.force_login(district_staff)

    content = client.get(reverse("emulation:dashboard")).content.decode()

    assert 'id="panel-office"' in content
    assert 'id="panel-school"' not in content


def test_unit_list_shows_only_own_units(client, principal_a, school_a, school_b):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:unit-list"))

    assert [unit.pk for unit in response.context["units"]] == [school_a.pk]


def test_unit_list_shows_district_tree_to_district_staff(client, district_staff, district, school_a, school_b):
    client.force_login(district_staff)

    response = client.get(reverse("emulation:unit-list"))

    assert [unit.pk for unit in response.context["units"]] == [district.pk, school_a.pk, school_b.pk]


def test_unit_list_query_count_does_not_grow(client, district_staff, district):
    client.force_login(district_staff)
    SchoolFactory(parent=district)
    one = count_queries(client, reverse("emulation:unit-list"))
    SchoolFactory.create_batch(2, parent=district)

    three = count_queries(client, reverse("emulation:unit-list"))

    assert one == three


def test_unit_list_keeps_its_query_budget(client, district_staff, district, django_assert_num_queries):
    SchoolFactory.create_batch(3, parent=district)
    client.force_login(district_staff)

    with django_assert_num_queries(stated_queries(UnitList)):
        response = client.get(reverse("emulation:unit-list"))

    assert len(response.context["units"]) == 4


def test_unit_detail_allowed_for_own_school(client, principal_a, school_a, person_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:unit-detail", args=[school_a.pk]))

    assert response.status_code == 200
    assert [p.pk for p in response.context["staff"]] == [person_a.pk]


def test_unit_detail_of_other_school_is_not_found(client, principal_a, school_b):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:unit-detail", args=[school_b.pk]))

    assert response.status_code == 404


def test_staff_list_shows_only_own_school(client, principal_a, person_a, person_b):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:person-list"))

    assert [p.pk for p in response.context["people"]] == [person_a.pk]


def test_staff_list_denied_without_any_role(client, outsider, person_a):
    client.force_login(outsider)

    response = client.get(reverse("emulation:person-list"))

    assert response.status_code == 404


def test_staff_search_ignores_accents_and_case(client, principal_a, school_a, person_a):
    PersonFactory(full_name="Nguyễn Thị Hoa", unit=school_a)
    client.force_login(principal_a)

    response = client.get(reverse("emulation:person-list"), {"q": "nguyen thi hong"})

    assert [p.full_name for p in response.context["people"]] == ["Nguyễn Thị Hồng"]


def test_staff_search_finds_nfd_input(client, principal_a, person_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:person-list"), {"q": "Nguye\u0302\u0303n  HO\u0302\u0300NG"})

    assert [p.full_name for p in response.context["people"]] == ["Nguyễn Thị Hồng"]


def test_staff_list_sorted_by_given_name(client, principal_a, school_a):
    for name in ["Trần Văn Đào", "Lê Thị Ân", "Phạm Văn Dương", "Võ Thị Anh", "Ngô Văn Út"]:
        PersonFactory(full_name=name, unit=school_a)
    client.force_login(principal_a)

    response = client.get(reverse("emulation:person-list"))

    assert [p.full_name for p in response.context["people"]] == [
        "Võ Thị Anh",
        "Lê Thị Ân",
        "Phạm Văn Dương",
        "Trần Văn Đào",
        "Ngô Văn Út",
    ]


def test_staff_list_filters_by_category_and_status(client, district_staff, school_a, school_b):
    PersonFactory(full_name="Lê Văn Quản", unit=school_a, category="manager")
    PersonFactory(full_name="Lê Văn Nghỉ", unit=school_b, category="manager", is_active=False)
    PersonFactory(full_name="Lê Văn Dạy", unit=school_b, category="teacher")
    client.force_login(district_staff)

    active = client.get(reverse("emulation:person-list"), {"category": "manager"})
    inactive = client.get(reverse("emulation:person-list"), {"category": "manager", "active": "0"})

    assert [p.full_name for p in active.context["people"]] == ["Lê Văn Quản"]
    assert [p.full_name for p in inactive.context["people"]] == ["Lê Văn Nghỉ"]


def test_staff_list_filter_by_unit_outside_reach_is_ignored_as_invalid(client, principal_a, school_b, person_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:person-list"), {"unit": school_b.pk})

    assert [p.pk for p in response.context["people"]] == [person_a.pk]
    assert "unit" in response.context["filter_form"].errors


def test_staff_list_paginates_by_fifty(client, principal_a, school_a):
    PersonFactory.create_batch(51, unit=school_a)
    client.force_login(principal_a)

    first = client.get(reverse("emulation:person-list"))
    second = client.get(reverse("emulation:person-list"), {"page": 2})

    assert (len(first.context["people"]), len(second.context["people"])) == (50, 1)


def test_staff_list_query_count_does_not_grow(client, district_staff, school_a, school_b):
    client.force_login(district_staff)
    PersonFactory(unit=school_a)
    one = count_queries(client, reverse("emulation:person-list"))
    PersonFactory(unit=school_a)
    PersonFactory(unit=school_b)

    three = count_queries(client, reverse("emulation:person-list"))

    assert one == three


def test_staff_list_keeps_its_query_budget(client, district_staff, school_a, school_b, django_assert_num_queries):
    PersonFactory.create_batch(2, unit=school_a)
    PersonFactory(unit=school_b)
    client.force_login(district_staff)

    with django_assert_num_queries(stated_queries(PersonList)):
        response = client.get(reverse("emulation:person-list"))

    assert len(response.context["people"]) == 3


def test_staff_list_htmx_request_gets_only_the_table(client, principal_a, person_a):
    client.force_login(principal_a)

    response = client.get(
        reverse("emulation:person-list"), {"q": "hong"}, headers={"HX-Request": "true", "HX-Target": "staff-results"}
    )

    assert [t.name for t in response.templates][0] == "emulation/includes/person_table.html"
    assert "<html" not in response.content.decode()


def test_person_create_by_principal(client, principal_a, school_a):
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:person-create"),
        {
            "full_name": "  Huỳnh   Thị Mai ",
            "sex": "female",
            "date_of_birth": "05/02/1990",
            "unit": school_a.pk,
            "position": "Giáo viên",
            "category": "teacher",
            "sector_start_date": "01/09/2012",
        },
    )

    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.full_name, person.unit_id, person.date_of_birth, person.sort_name) == (
        "Huỳnh Thị Mai",
        school_a.pk,
        dt.date(1990, 2, 5),
        "Mai Huỳnh Thị",
    )


def test_person_create_into_other_school_is_refused(client, principal_a, school_b):
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:person-create"),
        {"full_name": "Huỳnh Thị Mai", "sex": "female", "unit": school_b.pk, "category": "teacher"},
    )

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert Person.objects.count() == 0


def test_person_create_rejects_impossible_date(client, principal_a, school_a):
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:person-create"),
        {"full_name": "Huỳnh Thị Mai", "sex": "female", "unit": school_a.pk, "category": "teacher",
         "date_of_birth": "31/02/1985"},
    )  # fmt: skip

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["date_of_birth"]
    assert Person.objects.count() == 0


def test_person_create_denied_for_council_member(client, council_member):
    client.force_login(council_member)

    response = client.get(reverse("emulation:person-create"))

    assert response.status_code == 404


def test_person_update_own_school(client, principal_a, person_a):
    client.force_login(principal_a)
    url = reverse("emulation:person-update", args=[person_a.pk])

    response = client.post(
        url,
        {"full_name": "Nguyễn Thị Hồng Nhung", "sex": "female", "unit": person_a.unit_id, "category": "teacher",
         "position": "Tổ trưởng"},
    )  # fmt: skip

    assert response.status_code == 302
    person_a.refresh_from_db()
    assert (person_a.full_name, person_a.position, person_a.search_name) == (
        "Nguyễn Thị Hồng Nhung",
        "Tổ trưởng",
        "nguyen thi hong nhung",
    )


def test_person_update_other_school_is_not_found(client, principal_a, person_b):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:person-update", args=[person_b.pk]))

    assert response.status_code == 404


def test_person_deactivate_own_school(client, principal_a, person_a):
    client.force_login(principal_a)

    response = client.post(reverse("emulation:person-set-active", args=[person_a.pk]), {"active": "0"})

    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.is_active is False


def test_person_deactivate_other_school_is_not_found(client, principal_a, person_b):
    client.force_login(principal_a)

    response = client.post(reverse("emulation:person-set-active", args=[person_b.pk]), {"active": "0"})

    assert response.status_code == 404
    person_b.refresh_from_db()
    assert person_b.is_active is True


def test_account_create_by_administrator(client, district_admin, school_a, person_a):
    client.force_login(district_admin)

    response = client.post(
        reverse("emulation:unit-account-create", args=[school_a.pk]),
        {"username": "ht.thanhtuyen", "person": person_a.pk, "role": Role.PRINCIPAL, "password": "Mat-khau-2025!"},
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user__username="ht.thanhtuyen")
    assert (membership.unit_id, membership.role, membership.person_id, membership.user.last_name) == (
        school_a.pk,
        Role.PRINCIPAL,
        person_a.pk,
        "Hồng",
    )
    assert membership.user.check_password("Mat-khau-2025!") is True


def test_account_create_denied_for_principal(client, principal_a, school_a):
    client.force_login(principal_a)

    response = client.post(
        reverse("emulation:unit-account-create", args=[school_a.pk]),
        {"username": "x", "full_name": "Lê Văn X", "role": Role.ADMINISTRATOR, "password": "Mat-khau-2025!"},
    )

    assert response.status_code == 404
    assert Membership.objects.filter(user__username="x").exists() is False


def test_password_change_page_allowed_for_logged_in_user(client, principal_a):
    client.force_login(principal_a)

    response = client.get(reverse("password_change"))

    assert response.status_code == 200


def test_failed_logins_lock_the_account(client, principal_a):
    for _ in range(5):
        client.post(reverse("login"), {"username": "hieutruong_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")

    response = client.post(
        reverse("login"), {"username": "hieutruong_a", "password": "secret-pass-123"}, REMOTE_ADDR="10.0.0.1"
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_correct_login_reaches_dashboard(client, principal_a):
    response = client.post(reverse("login"), {"username": "hieutruong_a", "password": "secret-pass-123"})

    assert response.status_code == 302
    assert response["Location"] == reverse("emulation:dashboard")


def test_pages_send_a_strict_content_security_policy(client, principal_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:dashboard"))

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
