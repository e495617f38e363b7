"""My deadlines on the dashboard, the month calendar and the iCal feed of a unit."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from emulation.dates import closing_moment
from emulation.documents.ical import fold, ical_text, unit_feed
from emulation.enums import DeadlineAction, Role
from emulation.models import Award, Deadline, DeadlineCompletion, Unit
from emulation.selectors.calendar import (
    Entry,
    deadline_entries,
    month_grid,
    month_weeks,
    parse_month,
    shift_month,
    upcoming_deadlines,
)
from emulation.selectors.deadlines import UnitDeadline
from emulation.services.deadlines import grant_extension, upsert_deadline
from emulation.services.registrations import get_or_start_registration, return_registration, submit_registration
from emulation.tests.factories import MembershipFactory, PeriodFactory, PersonFactory, SchoolFactory, UserFactory
from emulation.tests.queries import stated_queries
from emulation.views.calendar import DeadlineCalendar
from emulation.views.dashboard import Dashboard

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2023, 11, 5, 9, 30, tzinfo=HCM)
pytestmark = pytest.mark.django_db


def at(*args):
    return dt.datetime(*args, tzinfo=HCM)


@pytest.fixture
def frozen(monkeypatch):
    """Today is Sunday 05/11/2023 for every view and service."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.fixture
def period(db):
    return PeriodFactory(name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31))


@pytest.fixture
def make_deadline(period, district):
    def make(key, title, due_on, *, units, opens_on=None, active=True):
        return upsert_deadline(
            source=f"test:{key}", period=period, issuing_unit=district, action=DeadlineAction.MANUAL,
            title=title, opens_on=opens_on, due_on=due_on, units=units, active=active,
        )  # fmt: skip

    return make


def complete(deadline, unit, when):
    return DeadlineCompletion.objects.create(deadline=deadline, unit=unit, completed_at=when)


@pytest.fixture
def school_year(make_deadline, school_a, school_b, district_staff):
    """Deadlines of school A around 05/11/2023, and one of school B."""
    make_deadline("old", "Báo cáo sơ kết tháng 9", dt.date(2023, 9, 15), units=[school_a])
    make_deadline("overdue", "Đăng ký danh hiệu thi đua", dt.date(2023, 11, 1), units=[school_a])
    done_past = make_deadline("done-past", "Nộp kế hoạch năm học", dt.date(2023, 11, 3), units=[school_a])
    complete(done_past, school_a, at(2023, 11, 2, 10, 0))
    make_deadline("open", "Đăng ký sáng kiến", dt.date(2023, 11, 10), units=[school_a], opens_on=dt.date(2023, 11, 1))
    extended = make_deadline("extended", "Báo cáo số liệu đầu năm", dt.date(2023, 11, 2), units=[school_a])
    grant_extension(
        deadline=extended, unit=school_a, last_day=dt.date(2023, 11, 15), reason="Mất điện", by=district_staff
    )
    done_ahead = make_deadline("done-ahead", "Nộp biên bản họp hội đồng", dt.date(2023, 11, 20), units=[school_a])
    complete(done_ahead, school_a, at(2023, 11, 4, 8, 0))
    make_deadline("far", "Hồ sơ khen thưởng cuối năm", dt.date(2023, 12, 10), units=[school_a])
    make_deadline("other-school", "Việc của trường khác", dt.date(2023, 11, 8), units=[school_b])
    make_deadline("inactive", "Mốc đã bỏ", dt.date(2023, 11, 7), units=[school_a], active=False)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- My deadlines ------------------------------------------------------------------------------


def test_upcoming_deadlines_are_next_30_days_and_every_overdue(school_year, principal_a):
    entries = upcoming_deadlines(user=principal_a, at=NOW)

    assert [(e.deadline.title, e.state, e.last_day, e.days_left, e.done_on) for e in entries] == [
        ("Báo cáo sơ kết tháng 9", "overdue", dt.date(2023, 9, 15), -51, None),
        ("Đăng ký danh hiệu thi đua", "overdue", dt.date(2023, 11, 1), -4, None),
        ("Đăng ký sáng kiến", "open", dt.date(2023, 11, 10), 5, None),
        ("Báo cáo số liệu đầu năm", "extended", dt.date(2023, 11, 15), 10, None),
        ("Nộp biên bản họp hội đồng", "done", dt.date(2023, 11, 20), 15, dt.date(2023, 11, 4)),
    ]


def test_upcoming_deadlines_show_the_first_last_day_of_an_extension(school_year, principal_a):
    extended = upcoming_deadlines(user=principal_a, at=NOW)[3]

    assert (extended.extended, extended.original_last_day, extended.last_day) == (
        True,
        dt.date(2023, 11, 2),
        dt.date(2023, 11, 15),
    )


def test_days_label_in_english():
    with translation.override("en"):
        labels = [
            Entry(None, _row(closes_on), dt.date(2023, 11, 5)).days_label
            for closes_on in (dt.date(2023, 11, 1), dt.date(2023, 11, 4), dt.date(2023, 11, 5), dt.date(2023, 11, 6))
        ]

    assert labels == ["4 days overdue", "1 day overdue", "Last day today", "1 day left"]


def _row(closes_on):

    return UnitDeadline(
        Deadline(title="x", closes_at=closing_moment(closes_on)), closing_moment(closes_on), False, None, NOW
    )


def test_upcoming_deadlines_are_empty_for_district_staff(school_year, district_staff):
    assert upcoming_deadlines(user=district_staff, at=NOW) == []


def test_upcoming_deadlines_cover_every_school_of_the_user(school_year, school_a, school_b):
    user = UserFactory(username="hai_truong")
    MembershipFactory(user=user, unit=school_a, role=Role.PRINCIPAL)
    MembershipFactory(user=user, unit=school_b, role=Role.DEPUTY_PRINCIPAL)

    entries = upcoming_deadlines(user=user, at=NOW)

    assert [(e.deadline.title, e.unit.name) for e in entries if e.last_day == dt.date(2023, 11, 8)] == [
        ("Việc của trường khác", "Trường Tiểu học Minh Hòa")
    ]
    assert len(entries) == 6


def test_dashboard_shows_my_deadlines_to_principal(client, frozen, school_year, principal_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:dashboard"))

    content = response.content.decode()
    assert [e.deadline.title for e in response.context["my_deadlines"]] == [
        "Báo cáo sơ kết tháng 9",
        "Đăng ký danh hiệu thi đua",
        "Đăng ký sáng kiến",
        "Báo cáo số liệu đầu năm",
        "Nộp biên bản họp hội đồng",
    ]
    assert "Hạn cuối: 10/11/2023" in content
    assert "Hạn cuối: 15/11/2023" in content
    assert content.count('class="deadline-item deadline-overdue') == 2
    assert content.count('class="deadline-item deadline-done') == 1
    assert "✓ " in content and "04/11/2023" in content
    assert "Việc của trường khác" not in content
    assert reverse("emulation:deadline-calendar") in content


def test_dashboard_shows_a_returned_registration_as_not_done(
    client, frozen, period, district, school_a, principal_a, district_staff
):
    deadline = upsert_deadline(
        source="test:registration", period=period, issuing_unit=district, action=DeadlineAction.REGISTRATION,
        title="Nộp hồ sơ đăng ký thi đua", opens_on=None, due_on=dt.date(2023, 11, 10), units=[school_a],
    )  # fmt: skip
    registration = get_or_start_registration(unit=school_a, period=period, by=principal_a)
    registration.lines.create(person=PersonFactory(unit=school_a), title=Award.objects.get(code="ldtt"))
    registration.plan_file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4"), save=False)
    registration.council_decision_file.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.4"), save=False)
    registration.save()
    submit_registration(registration=registration, by=principal_a, at=at(2023, 11, 3, 8, 0))
    client.force_login(principal_a)

    def standing():
        [entry] = client.get(reverse("emulation:dashboard")).context["my_deadlines"]
        return entry.deadline, entry.state, entry.done_on

    sent = standing()
    return_registration(registration=registration, by=district_staff, comment="Bổ sung minh chứng")
    returned = standing()
    content = client.get(reverse("emulation:dashboard")).content.decode()

    assert sent == (deadline, "done", dt.date(2023, 11, 3))
    assert returned == (deadline, "open", None)
    assert content.count('class="deadline-item deadline-open') == 1
    assert "Đã hoàn thành" not in content


def test_dashboard_has_no_deadlines_panel_for_district_staff(client, frozen, school_year, district_staff):
    client.force_login(district_staff)

    response = client.get(reverse("emulation:dashboard"))

    assert "my_deadlines" not in response.context
    assert 'id="my-deadlines"' not in response.content.decode()


def test_dashboard_query_count_does_not_grow_with_deadlines(client, frozen, make_deadline, principal_a, school_a):
    client.force_login(principal_a)
    make_deadline("q1", "Một", dt.date(2023, 11, 9), units=[school_a])
    one = count_queries(client, reverse("emulation:dashboard"))
    for key in ("q2", "q3"):
        deadline = make_deadline(key, f"Việc {key}", dt.date(2023, 11, 12), units=[school_a])
        complete(deadline, school_a, at(2023, 11, 4, 8, 0))

    three = count_queries(client, reverse("emulation:dashboard"))

    assert three == one


def test_dashboard_keeps_its_query_budget(client, frozen, school_year, principal_a, django_assert_num_queries):
    client.force_login(principal_a)

    with django_assert_num_queries(stated_queries(Dashboard)):
        response = client.get(reverse("emulation:dashboard"))

    assert len(response.context["my_deadlines"]) == 5


# --- Month grid --------------------------------------------------------------------------------


def test_month_grid_starts_on_monday_and_covers_whole_weeks():
    weeks = month_weeks(dt.date(2023, 11, 1))

    assert (weeks[0][0], weeks[-1][-1], len(weeks)) == (dt.date(2023, 10, 30), dt.date(2023, 12, 3), 5)
    assert {week[0].weekday() for week in weeks} == {0}


def test_month_grid_of_a_month_starting_on_monday_has_four_weeks():
    weeks = month_weeks(dt.date(2021, 2, 1))

    assert (weeks[0][0], weeks[-1][-1], len(weeks)) == (dt.date(2021, 2, 1), dt.date(2021, 2, 28), 4)


def test_month_grid_puts_a_deadline_on_its_last_day_and_marks_its_window(school_year, school_a):
    first = dt.date(2023, 11, 1)
    weeks = month_weeks(first)
    entries = deadline_entries(unit_ids=[school_a.pk], start=weeks[0][0], end=weeks[-1][-1], at=NOW, windows=True)

    grid = month_grid(first=first, today=dt.date(2023, 11, 5), entries=entries)

    days = {day.date: day for week in grid for day in week}
    marks = {
        date: [(mark.entry.deadline.title, mark.kind) for mark in day.marks]
        for date, day in days.items()
        if any(mark.entry.deadline.title == "Đăng ký sáng kiến" for mark in day.marks)
    }
    assert marks[dt.date(2023, 11, 1)] == [("Đăng ký danh hiệu thi đua", "due"), ("Đăng ký sáng kiến", "opens")]
    assert marks[dt.date(2023, 11, 10)] == [("Đăng ký sáng kiến", "due")]
    assert [(mark.entry.deadline.title, mark.kind) for mark in days[dt.date(2023, 11, 5)].marks] == [
        ("Đăng ký sáng kiến", "span")
    ]
    assert [d for d, day in days.items() if day.is_today] == [dt.date(2023, 11, 5)]
    assert (days[dt.date(2023, 10, 30)].in_month, days[dt.date(2023, 11, 30)].in_month) == (False, True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2023-11", dt.date(2023, 11, 1)), ("2024-2", dt.date(2024, 2, 1)), ("2023-13", dt.date(2023, 11, 1)),
     ("tháng 11", dt.date(2023, 11, 1)), (None, dt.date(2023, 11, 1))],
)  # fmt: skip
def test_parse_month(value, expected):
    assert parse_month(value, today=dt.date(2023, 11, 5)) == expected


def test_shift_month_crosses_years():
    assert shift_month(dt.date(2024, 1, 1), -1) == dt.date(2023, 12, 1)
    assert shift_month(dt.date(2023, 12, 1), 1) == dt.date(2024, 1, 1)


def test_calendar_page_shows_the_month_of_the_principal(client, frozen, school_year, principal_a, school_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:deadline-calendar"), {"month": "2023-11"})

    assert response.status_code == 200
    weeks = response.context["weeks"]
    assert (weeks[0][0].date, weeks[-1][-1].date) == (dt.date(2023, 10, 30), dt.date(2023, 12, 3))
    assert (response.context["previous_month"], response.context["next_month"]) == ("2023-10", "2023-12")
    assert [e.deadline.title for e in response.context["month_entries"]] == [
        "Đăng ký danh hiệu thi đua",
        "Nộp kế hoạch năm học",
        "Đăng ký sáng kiến",
        "Báo cáo số liệu đầu năm",
        "Nộp biên bản họp hội đồng",
    ]
    content = response.content.decode()
    assert '<td class="cal-weekend cal-today" data-date="2023-11-05" aria-current="date">' in content
    assert "Việc của trường khác" not in content
    assert f"http://testserver/calendar/{school_a.calendar_token}.ics" in content


def test_calendar_page_month_links_cross_the_year(client, frozen, principal_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:deadline-calendar"), {"month": "2024-01"})

    assert (response.context["previous_month"], response.context["next_month"]) == ("2023-12", "2024-02")


def test_calendar_page_defaults_to_this_month(client, frozen, principal_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:deadline-calendar"), {"month": "garbage"})

    assert response.context["first"] == dt.date(2023, 11, 1)


def test_calendar_page_of_a_unit_outside_the_users_units_is_404(client, frozen, principal_a, school_b):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:deadline-calendar"), {"unit": school_b.pk})

    assert response.status_code == 404


def test_calendar_page_is_404_for_a_user_without_role(client, outsider):
    client.force_login(outsider)

    assert client.get(reverse("emulation:deadline-calendar")).status_code == 404


def test_calendar_page_needs_login(client):
    response = client.get(reverse("emulation:deadline-calendar"))

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/deadlines/calendar/")


def test_calendar_page_query_count_does_not_grow(client, frozen, make_deadline, principal_a, school_a):
    client.force_login(principal_a)
    url = reverse("emulation:deadline-calendar") + "?month=2023-11"
    make_deadline("q1", "Một", dt.date(2023, 11, 9), units=[school_a], opens_on=dt.date(2023, 11, 1))
    one = count_queries(client, url)
    for key in ("q2", "q3"):
        deadline = make_deadline(key, f"Việc {key}", dt.date(2023, 11, 12), units=[school_a])
        complete(deadline, school_a, at(2023, 11, 4, 8, 0))

    three = count_queries(client, url)

    assert three == one


def test_calendar_page_keeps_its_query_budget(client, frozen, school_year, principal_a, django_assert_num_queries):
    client.force_login(principal_a)

    with django_assert_num_queries(stated_queries(DeadlineCalendar)):
        response = client.get(reverse("emulation:deadline-calendar") + "?month=2023-11")

    assert response.status_code == 200


# --- iCal feed ---------------------------------------------------------------------------------


def test_ical_feed_exact_for_one_event(client, frozen, make_deadline, school_a):
    deadline = make_deadline(
        "ical", "Nộp hồ sơ khen thưởng, danh sách; tờ trình \\ biên bản\nkèm báo cáo thành tích năm học",
        dt.date(2023, 11, 10), units=[school_a],
    )  # fmt: skip
    Deadline.objects.filter(pk=deadline.pk).update(updated_at=at(2023, 11, 3, 8, 15, 0))

    response = client.get(reverse("emulation:calendar-feed", args=[school_a.calendar_token]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content.decode() == (
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:-//thidua-khenthuong//deadlines//VI\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "METHOD:PUBLISH\r\n"
        "X-WR-CALNAME:Trường Tiểu học Thanh Tuyền\r\n"
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh\r\n"
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n"
        "X-PUBLISHED-TTL:PT6H\r\n"
        "BEGIN:VEVENT\r\n"
        f"UID:deadline-{deadline.pk}-unit-{school_a.pk}@127.0.0.1\r\n"
        "DTSTAMP:20231103T011500Z\r\n"
        "DTSTART;VALUE=DATE:20231110\r\n"
        "DTEND;VALUE=DATE:20231111\r\n"
        "SUMMARY:Nộp hồ sơ khen thưởng\\, danh sách\\; tờ trình \\\\ biên b\r\n"
        " ản\\nkèm báo cáo thành tích năm học\r\n"
        "DESCRIPTION:Hạn cuối: 10/11/2023\\nTình trạng: Chưa đến hạn\r\n"
        "TRANSP:TRANSPARENT\r\n"
        "END:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )


def test_ical_lines_are_folded_at_75_octets_without_cutting_a_character():
    line = "SUMMARY:" + "Đ" * 100

    folded = fold(line).split("\r\n")

    assert [len(part.encode()) for part in folded] == [74, 75, 61]
    assert "".join(part.removeprefix(" ") if i else part for i, part in enumerate(folded)) == line


def test_ical_text_escaping():
    assert ical_text("a,b;c\\d\r\ne\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_ical_feed_describes_extension_and_completion(frozen, make_deadline, school_a, district_staff):
    deadline = make_deadline("x", "Báo cáo", dt.date(2023, 11, 2), units=[school_a], opens_on=dt.date(2023, 10, 20))
    grant_extension(deadline=deadline, unit=school_a, last_day=dt.date(2023, 11, 15), reason="Lụt", by=district_staff)
    complete(deadline, school_a, at(2023, 11, 4, 8, 0))

    with translation.override("en"):
        text = unit_feed(unit=school_a, domain="example.org", at=NOW).replace("\r\n ", "")  # unfolded

    assert "SUMMARY:✓ Báo cáo\r\n" in text
    assert "DTSTART;VALUE=DATE:20231115\r\n" in text
    assert (
        "DESCRIPTION:Last day: 15/11/2023\\nState: Done\\nOpens on 20/10/2023\\nExtended (was 02/11/2023)\\n"
        "Done on 04/11/2023\r\n" in text
    )


def test_ical_feed_has_only_the_units_deadlines(client, frozen, school_year, school_b):
    content = client.get(reverse("emulation:calendar-feed", args=[school_b.calendar_token])).content.decode()

    assert content.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Việc của trường khác\r\n" in content


def test_ical_feed_with_an_unknown_token_is_404(client, school_a):
    assert client.get(reverse("emulation:calendar-feed", args=["not-a-token"])).status_code == 404


def test_ical_feed_of_an_inactive_unit_is_404(client, school_a):
    Unit.objects.filter(pk=school_a.pk).update(is_active=False)

    assert client.get(reverse("emulation:calendar-feed", args=[school_a.calendar_token])).status_code == 404


def test_ical_feed_query_count_does_not_grow(client, frozen, make_deadline, school_a):
    url = reverse("emulation:calendar-feed", args=[school_a.calendar_token])
    make_deadline("q1", "Một", dt.date(2023, 11, 9), units=[school_a])
    one = count_queries(client, url)
    for key in ("q2", "q3"):
        make_deadline(key, f"Việc {key}", dt.date(2023, 11, 12), units=[school_a])

    assert count_queries(client, url) == one


# --- Resetting the feed link ---------------------------------------------------------------------


def test_principal_resets_the_feed_link_and_the_old_one_is_404(client, principal_a, school_a):
    client.force_login(principal_a)
    old = school_a.calendar_token

    response = client.post(reverse("emulation:calendar-feed-reset", args=[school_a.pk]))

    school_a.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, f"/deadlines/calendar/?unit={school_a.pk}")
    assert school_a.calendar_token != old
    assert len(school_a.calendar_token) == 43
    client.logout()
    assert client.get(reverse("emulation:calendar-feed", args=[old])).status_code == 404
    assert client.get(reverse("emulation:calendar-feed", args=[school_a.calendar_token])).status_code == 200


def test_district_administrator_may_reset_a_schools_feed_link(client, district_admin, school_a):
    client.force_login(district_admin)
    old = school_a.calendar_token

    response = client.post(reverse("emulation:calendar-feed-reset", args=[school_a.pk]))

    school_a.refresh_from_db()
    assert (response.status_code, school_a.calendar_token != old) == (302, True)


@pytest.mark.parametrize("who", ["principal_b", "district_staff", "outsider"])
def test_others_may_not_reset_a_schools_feed_link(client, request, who, school_a):
    client.force_login(request.getfixturevalue(who))
    old = school_a.calendar_token

    response = client.post(reverse("emulation:calendar-feed-reset", args=[school_a.pk]))

    school_a.refresh_from_db()
    assert (response.status_code, school_a.calendar_token) == (404, old)


def test_feed_link_reset_is_post_only(client, principal_a, school_a):
    client.force_login(principal_a)

    assert client.get(reverse("emulation:calendar-feed-reset", args=[school_a.pk])).status_code == 405


def test_calendar_page_offers_reset_only_to_who_may(client, frozen, principal_a, school_a):
    deputy = UserFactory(username="pho_hieu_truong")
    MembershipFactory(user=deputy, unit=school_a, role=Role.DEPUTY_PRINCIPAL)
    other = SchoolFactory(parent=school_a.parent)
    council = UserFactory(username="thu_ky")
    MembershipFactory(user=council, unit=other, role=Role.COUNCIL_SECRETARY)
    reset_url = reverse("emulation:calendar-feed-reset", args=[school_a.pk])

    client.force_login(deputy)
    assert reset_url in client.get(reverse("emulation:deadline-calendar")).content.decode()
    client.force_login(council)
    assert "calendar/reset/" not in client.get(reverse("emulation:deadline-calendar")).content.decode()


def test_calendar_legend_and_list_use_the_standings_words(client, frozen, school_year, principal_a):
    client.force_login(principal_a)

    content = client.get(reverse("emulation:deadline-calendar")).content.decode()

    legend = content.split('id="calendar-legend"', 1)[1].split("</p>", 1)[0]
    assert re.findall(r'class="cal-key cal-(\w+)".*?</i> ([^<]+)</span>', legend) == [
        ("success", "Đã hoàn thành"),
        ("warning", "Hoàn thành trễ"),
        ("danger", "Quá hạn"),
        ("info", "Được gia hạn"),
        ("primary", "Chưa đến hạn"),
    ]
    assert (
        '<span class="badge text-bg-primary text-nowrap"><i class="bi bi-circle" aria-hidden="true"></i> Chưa đến hạn</span>'
        in content
    )
