"""The site menu: each section once, to those who may use it."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from config.navigation import navigation
from emulation.enums import Role
from emulation.tests.factories import DistrictFactory, MembershipFactory, SchoolFactory, UserFactory


def menu_of(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return [(item["url"], item["icon"], item["active"]) for item in navigation(request)["nav_items"]]


def test_menu_of_a_superuser_has_each_section_once(db):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)

    assert [url for url, _, _ in menu_of(admin)] == [
        "/",
        "/units/",
        "/staff/",
        "/registrations/",
        "/deadlines/calendar/",
        "/plans/",
        "/completion/",
        "/councils/",
        "/initiatives/",
        "/evaluation/",
        "/admin/",
    ]


def test_menu_of_a_principal_has_the_schools_own_registration(db):
    school = SchoolFactory(parent=DistrictFactory())
    principal = UserFactory(username="hieutruong")
    MembershipFactory(user=principal, unit=school, role=Role.PRINCIPAL)

    assert menu_of(principal, "/registrations/mine/") == [
        ("/", "speedometer2", False),
        ("/units/", "diagram-3", False),
        ("/staff/", "people", False),
        ("/registrations/mine/", "clipboard-check", True),
        ("/deadlines/calendar/", "calendar3", False),
        ("/plans/", "calendar-check", False),
        ("/councils/", "people-fill", False),
        ("/initiatives/school/", "lightbulb", False),
        ("/evaluation/", "clipboard-data", False),
    ]


def test_menu_of_office_staff_has_the_schools_registrations_and_completion(db):
    officer = UserFactory(username="chuyenvien")
    MembershipFactory(user=officer, unit=DistrictFactory(), role=Role.DISTRICT_STAFF)

    assert [url for url, _, _ in menu_of(officer)] == [
        "/",
        "/units/",
        "/staff/",
        "/registrations/",
        "/deadlines/calendar/",
        "/plans/",
        "/completion/",
        "/councils/",
        "/initiatives/",
        "/evaluation/",
    ]


def test_menu_of_an_anonymous_visitor_is_empty():
    assert menu_of(AnonymousUser()) == []
