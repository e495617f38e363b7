"""The bell in the navigation bar and the user's own notifications."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation.context_processors import NotificationBell
from emulation.models import Notification
from emulation.services.notifications import mark_notifications_read, notify
from emulation.tests.queries import stated_queries
from emulation.views.notifications import NotificationList

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def make(user, title, *, url="", read=False, minute=0):
    notification = Notification.objects.create(recipient=user, title=title, url=url)
    created = dt.datetime(2023, 11, 5, 8, minute, tzinfo=HCM)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=created, read_at=created + dt.timedelta(hours=1) if read else None
    )
    notification.refresh_from_db()
    return notification


def notification_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if '"emulation_notification"' in q["sql"]]


# --- The bell ------------------------------------------------------------------------------------


def test_bell_shows_the_unread_count_in_one_query(client, principal_a, principal_b):
    make(principal_a, "Một")
    make(principal_a, "Hai")
    make(principal_a, "Đã đọc", read=True)
    make(principal_b, "Của người khác")
    client.force_login(principal_a)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("emulation:dashboard"))

    assert response.context["notification_bell"].unread == 2
    assert '<span class="badge rounded-pill text-bg-danger" id="notification-count">2</span>' in (
        response.content.decode()
    )
    assert len(notification_queries(queries)) == 1


def test_bell_has_no_badge_without_unread(client, principal_a):
    make(principal_a, "Đã đọc", read=True)
    client.force_login(principal_a)

    content = client.get(reverse("emulation:dashboard")).content.decode()

    assert reverse("emulation:notification-list") in content
    assert 'id="notification-count"' not in content


def test_bell_label_caps_at_99(principal_a):
    notify(recipients=[principal_a] * 100, title="Nhắc hạn")

    bell = NotificationBell(principal_a)

    assert (bell.unread, bell.label) == (100, "99+")


def test_bell_is_not_on_the_login_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("login"))

    assert "notification_bell" not in response.context
    assert notification_queries(queries) == []


# --- The list ------------------------------------------------------------------------------------


def test_list_shows_own_notifications_newest_first_unread_bold(client, principal_a, principal_b):
    make(principal_a, "Cũ nhất", minute=1, read=True)
    make(principal_a, "Giữa", minute=2)
    make(principal_a, "Mới nhất", minute=3)
    make(principal_b, "Của người khác", minute=4)
    client.force_login(principal_a)

    response = client.get(reverse("emulation:notification-list"))

    content = response.content.decode()
    assert [n.title for n in response.context["notifications"]] == ["Mới nhất", "Giữa", "Cũ nhất"]
    assert content.count("notification-unread") == 2
    assert content.count('<span class="fw-bold">') == 2
    assert "Của người khác" not in content
    assert reverse("emulation:notification-read-all") in content


def test_list_is_paginated_by_25(client, principal_a):
    notify(recipients=[principal_a] * 30, title="Nhắc hạn")
    client.force_login(principal_a)

    first = client.get(reverse("emulation:notification-list"))
    second = client.get(reverse("emulation:notification-list"), {"page": 2})

    assert (len(first.context["notifications"]), len(second.context["notifications"])) == (25, 5)


def test_list_needs_login(client):
    response = client.get(reverse("emulation:notification-list"))

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/notifications/")


def test_list_query_count_does_not_grow(client, principal_a):
    client.force_login(principal_a)
    make(principal_a, "Một")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("emulation:notification-list")).status_code == 200
        return len(queries)

    one = count()
    make(principal_a, "Hai", read=True)
    make(principal_a, "Ba")

    assert count() == one


def test_list_keeps_its_query_budget(client, principal_a, django_assert_num_queries):
    for title, read in (("Một", False), ("Hai", True), ("Ba", False)):
        make(principal_a, title, read=read)
    client.force_login(principal_a)

    with django_assert_num_queries(stated_queries(NotificationList)):
        response = client.get(reverse("emulation:notification-list"))

    assert len(response.context["object_list"]) == 3


# --- Opening one, marking all read --------------------------------------------------------------


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, principal_a):
    notification = make(principal_a, "Kế hoạch mới", url="/plans/7/")
    client.force_login(principal_a)

    response = client.get(reverse("emulation:notification-open", args=[notification.pk]))

    notification.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/plans/7/")
    assert notification.read_at is not None


def test_opening_a_read_notification_keeps_its_read_time(client, principal_a):
    notification = make(principal_a, "Đã đọc", url="/plans/7/", read=True)
    client.force_login(principal_a)

    client.get(reverse("emulation:notification-open", args=[notification.pk]))

    notification.refresh_from_db()
    assert notification.read_at == dt.datetime(2023, 11, 5, 9, 0, tzinfo=HCM)


@pytest.mark.parametrize(
    "url", ["", "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_opening_a_notification_never_leaves_the_site(client, principal_a, url):
    notification = make(principal_a, "Lạ", url=url)
    client.force_login(principal_a)

    response = client.get(reverse("emulation:notification-open", args=[notification.pk]))

    assert (response.status_code, response["Location"]) == (302, "/notifications/")


def test_opening_another_users_notification_is_404(client, principal_a, principal_b):
    notification = make(principal_b, "Của người khác", url="/plans/7/")
    client.force_login(principal_a)

    response = client.get(reverse("emulation:notification-open", args=[notification.pk]))

    notification.refresh_from_db()
    assert (response.status_code, notification.read_at) == (404, None)


def test_mark_all_read_marks_only_own(client, principal_a, principal_b):
    make(principal_a, "Một")
    make(principal_a, "Hai")
    other = make(principal_b, "Của người khác")
    client.force_login(principal_a)

    response = client.post(reverse("emulation:notification-read-all"))

    other.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/notifications/")
    assert principal_a.notifications.filter(read_at__isnull=True).count() == 0
    assert other.read_at is None


def test_mark_all_read_is_post_only(client, principal_a):
    make(principal_a, "Một")
    client.force_login(principal_a)

    response = client.get(reverse("emulation:notification-read-all"))

    assert response.status_code == 405
    assert principal_a.notifications.filter(read_at__isnull=True).count() == 1


def test_mark_notifications_read_counts_what_it_marked(principal_a):
    make(principal_a, "Một")
    make(principal_a, "Hai", read=True)

    assert mark_notifications_read(user=principal_a) == 1
