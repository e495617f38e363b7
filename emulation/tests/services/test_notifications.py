"""The bell in the navigation bar and the user's own notifications."""

import datetime as dt
import smtplib
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from emulation.context_processors import NotificationBell
from emulation.models import Notification
from emulation.services import notifications
from emulation.services.notifications import mark_notifications_read, notify, send_notice, site_url
from emulation.tests.factories import UserFactory
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


# --- The e-mail that goes with a notice ---------------------------------------------------------


def _accepted_context(school_a, period_name="2024-2025"):
    return {
        "unit": school_a, "office": school_a.parent, "period": SimpleNamespace(name=period_name), "comment": "",
        "url": site_url("/registrations/7/"),
    }  # fmt: skip


def test_a_notice_goes_once_to_each_address_in_the_sites_language(school_a, principal_a, principal_b, settings):
    settings.LANGUAGE_CODE = "vi"
    principal_a.email = "truong@thanhtuyen.edu.vn"
    principal_b.email = "truong@thanhtuyen.edu.vn"
    without_address = UserFactory(username="khong_co_thu")

    with translation.override("en"):
        sent = send_notice(
            recipients=[principal_a, principal_b, without_address],
            template="emulation/emails/registration_accepted",
            context=_accepted_context(school_a),
        )

    assert sent == 1
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["truong@thanhtuyen.edu.vn"], "Phòng đã chấp nhận bản đăng ký thi đua năm học 2024-2025")
    ]
    assert mail.outbox[0].body.splitlines()[-1] == (
        "Thư này do hệ thống quản lý thi đua, khen thưởng gửi tự động; vui lòng không trả lời thư này."
    )


def test_a_notice_without_any_address_sends_nothing(school_a, principal_a):
    sent = send_notice(
        recipients=[principal_a], template="emulation/emails/registration_accepted", context=_accepted_context(school_a)
    )

    assert (sent, mail.outbox) == (0, [])


def test_a_mail_server_that_refuses_is_logged_not_raised(school_a, principal_a, monkeypatch, caplog):
    principal_a.email = "truong@thanhtuyen.edu.vn"

    class Refusing(locmem.EmailBackend):
        def send_messages(self, messages):
            raise smtplib.SMTPServerDisconnected("máy chủ thư ngắt kết nối")

    monkeypatch.setattr(notifications, "get_connection", lambda: Refusing())

    sent = send_notice(
        recipients=[principal_a], template="emulation/emails/registration_accepted", context=_accepted_context(school_a)
    )

    assert (sent, mail.outbox) == (0, [])
    assert [record.getMessage() for record in caplog.records] == [
        "the notice emulation/emails/registration_accepted could not be e-mailed to 1 address(es)"
    ]
