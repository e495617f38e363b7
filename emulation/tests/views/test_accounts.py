import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from emulation.enums import Role
from emulation.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


def lock_out(username: str) -> None:
    browser = Client()
    for _ in range(5):
        browser.post(reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=ADDRESS)


def can_log_in(username: str) -> bool:
    response = Client().post(
        reverse("login"), {"username": username, "password": "secret-pass-123"}, REMOTE_ADDR=ADDRESS
    )
    return response.status_code == 302


def unlock(client, account, next_url=""):
    return client.post(reverse("emulation:account-unlock", args=[account.pk]), {"next": next_url})


def test_office_staff_unlock_a_school_account_from_the_unit_page(client, district_staff, principal_a, school_a):
    lock_out("hieutruong_a")
    client.force_login(district_staff)
    page = reverse("emulation:unit-detail", args=[school_a.pk])

    response = unlock(client, principal_a, next_url=page)

    assert (response.status_code, response["Location"]) == (302, page)
    assert AccessAttempt.objects.filter(username="hieutruong_a").exists() is False
    assert can_log_in("hieutruong_a") is True
    assert [str(m) for m in client.get(page).context["messages"]] == ["Tài khoản hieutruong_a đã có thể đăng nhập lại."]


def test_unlock_goes_back_only_to_this_site(client, district_staff, principal_a):
    lock_out("hieutruong_a")
    client.force_login(district_staff)

    response = unlock(client, principal_a, next_url="https://evil.example/")

    assert (response.status_code, response["Location"]) == (302, reverse("emulation:dashboard"))


def test_a_principal_cannot_unlock_an_account_of_the_own_school(client, principal_a, school_a):
    deputy = UserFactory(username="pht_a")
    MembershipFactory(user=deputy, unit=school_a, role=Role.DEPUTY_PRINCIPAL)
    lock_out("pht_a")
    client.force_login(principal_a)

    response = unlock(client, deputy)

    assert response.status_code == 404
    assert can_log_in("pht_a") is False


def test_an_account_outside_reach_is_not_found(client, principal_b, principal_a):
    lock_out("hieutruong_a")
    client.force_login(principal_b)

    response = unlock(client, principal_a)

    assert response.status_code == 404
    assert can_log_in("hieutruong_a") is False


def test_office_staff_cannot_unlock_a_superuser(client, district_staff, school_a):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    MembershipFactory(user=root, unit=school_a, role=Role.ADMINISTRATOR)
    lock_out("root")
    client.force_login(district_staff)

    response = unlock(client, root)

    assert response.status_code == 404
    assert can_log_in("root") is False


def test_a_superuser_unlocks_any_account(client, principal_a):
    lock_out("hieutruong_a")
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    response = unlock(client, principal_a)

    assert response.status_code == 302
    assert can_log_in("hieutruong_a") is True


def test_unlock_answers_only_post(client, district_staff, principal_a):
    client.force_login(district_staff)

    response = client.get(reverse("emulation:account-unlock", args=[principal_a.pk]))

    assert response.status_code == 405


def test_unit_page_offers_the_office_to_unlock_a_locked_account(client, district_staff, principal_a, school_a):
    lock_out("hieutruong_a")
    client.force_login(district_staff)

    response = client.get(reverse("emulation:unit-detail", args=[school_a.pk]))

    [membership] = response.context["memberships"]
    assert (membership.locked_until is not None, membership.can_unlock) == (True, True)
    assert reverse("emulation:account-unlock", args=[principal_a.pk]) in response.content.decode()


def test_unit_page_shows_a_principal_the_lock_without_the_button(client, principal_a, school_a):
    deputy = UserFactory(username="pht_a")
    MembershipFactory(user=deputy, unit=school_a, role=Role.DEPUTY_PRINCIPAL)
    lock_out("pht_a")
    client.force_login(principal_a)

    response = client.get(reverse("emulation:unit-detail", args=[school_a.pk]))

    locks = {m.user.username: (m.locked_until is not None, m.can_unlock) for m in response.context["memberships"]}
    assert locks == {"hieutruong_a": (False, False), "pht_a": (True, False)}
    assert reverse("emulation:account-unlock", args=[deputy.pk]) not in response.content.decode()


def test_person_page_offers_the_office_to_unlock_the_person_s_account(client, district_staff, school_a, person_a):
    account = UserFactory(username="gv_hong")
    MembershipFactory(user=account, unit=school_a, role=Role.DEPUTY_PRINCIPAL, person=person_a)
    lock_out("gv_hong")
    client.force_login(district_staff)

    response = client.get(reverse("emulation:person-update", args=[person_a.pk]))

    [membership] = response.context["accounts"]
    assert (membership.user, membership.can_unlock) == (account, True)
    assert reverse("emulation:account-unlock", args=[account.pk]) in response.content.decode()
