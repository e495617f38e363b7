"""The demo on any day: some deadlines past, a window open now, the rest ahead, and the principal's round open."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from emulation.demo.build import build_demo
from emulation.demo.year import DemoYear
from emulation.enums import DeadlineAction, RegistrationState
from emulation.models import Deadline, Registration, Unit
from emulation.selectors.deadlines import deadline_window
from schedules.demo import build_demo_plan, moved_due, shifted_timeline
from schedules.models import Plan
from schedules.parsing.tables import parse_timeline_text

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

DAYS = (dt.date(2026, 12, 2), dt.date(2027, 3, 15), dt.date(2027, 8, 20))


@pytest.fixture(params=DAYS, ids=str)
def demo(request, monkeypatch):
    """The demo loaded at 09:00 on each of the days."""
    now = timezone.make_aware(dt.datetime.combine(request.param, dt.time(9, 0)))
    monkeypatch.setattr(timezone, "now", lambda: now)
    result = build_demo()
    plan = build_demo_plan(result)
    return now, result, plan


def test_the_demo_principal_can_do_the_registration_round(demo, client):
    now, result, plan = demo
    school = Unit.objects.get(symbol="THTT")
    window = deadline_window(unit=school, period=result.period, action=DeadlineAction.REGISTRATION, at=now)
    client.force_login(get_user_model().objects.get(username="th.thanhtuyen.ht"))

    response = client.get(reverse("emulation:registration-mine"))

    registration = Registration.objects.get(unit=school)
    assert (window.is_open, window.extended) == (True, True)
    assert window.closes_at > now + dt.timedelta(days=7)
    assert response.status_code == 302
    assert (registration.period, registration.state) == (result.period, RegistrationState.DRAFT)


def test_some_deadlines_are_past_one_window_is_open_and_the_rest_ahead(demo):
    now, result, plan = demo
    deadlines = list(Deadline.objects.filter(milestone__plan=plan, is_active=True))

    past = [d for d in deadlines if d.closes_at < now]
    open_now = [d for d in deadlines if d.opens_at is not None and d.opens_at <= now <= d.closes_at]
    ahead = [d for d in deadlines if d.closes_at > now]

    assert (len(deadlines), plan.milestones.count()) == (17, 17)
    assert [d.milestone.order for d in past] == [1, 2]
    assert [d.milestone.order for d in open_now] == [3]
    assert len(ahead) == 15
    assert plan.issued_on < now.date()


def test_every_milestone_is_read_without_a_problem_inside_the_current_period(demo):
    now, result, plan = demo
    period = result.period

    assert [m.order for m in plan.milestones.all() if m.needs_attention] == []
    assert all(period.start_date <= m.due_on <= period.end_date for m in plan.milestones.all())
    assert period.start_date <= now.date() <= period.end_date
    assert period.is_current is True


def test_most_schools_have_registered_and_a_few_have_more_time(demo):
    now, result, plan = demo
    registration = plan.milestones.get(order=2).deadline

    sent = Registration.objects.filter(period=result.period).exclude(state=RegistrationState.DRAFT).count()
    extended = set(registration.extensions.values_list("unit__symbol", flat=True))

    assert sent == 36
    assert "THTT" in extended
    assert len(extended) == 3
    assert Registration.objects.filter(period=result.period, submitted_at__gt=now).count() == 0


def test_loading_again_the_same_day_changes_nothing(demo):
    now, result, plan = demo
    counts = (Plan.objects.count(), Deadline.objects.count(), Registration.objects.count())

    again = build_demo_plan(build_demo())

    assert again is None
    assert (Plan.objects.count(), Deadline.objects.count(), Registration.objects.count()) == counts


@pytest.mark.parametrize(
    ("seed", "moved"),
    [
        ("Trước ngày 11/11/2023", "Trước ngày 28/11/2026"),
        ("Trong tháng 11/2023", "Trong tháng 12/2026"),
        ("Tháng 02/2024", "Tháng 03/2027"),
        ("Từ 15/3 đến 29/3/2024", "Từ 02/04 đến 16/04/2027"),
        ("Ngày 15/8/2024", "Ngày 02/09/2027"),
    ],
)
def test_seed_time_phrases_move_by_whole_days(seed, moved):
    assert moved_due(seed, DemoYear(dt.date(2026, 12, 2))) == moved


def test_a_range_that_moves_across_new_year_writes_both_years():
    assert moved_due("Từ 15/3 đến 29/3/2024", DemoYear(dt.date(2024, 8, 26))) == "Từ 25/12/2024 đến 08/01/2025"


def test_the_moved_timeline_reads_cleanly_on_any_day():
    unread = []
    for offset in range(0, 2 * 366, 5):
        year = DemoYear(dt.date(2026, 12, 2) + dt.timedelta(days=offset))
        period = year.current
        rows = parse_timeline_text(
            shifted_timeline(year), period_start=period.start_date, period_end=period.end_date,
            before_is_inclusive=False,
        )  # fmt: skip
        read = len(rows) == 17 and all(not row.problems and row.due.due_on for row in rows)
        if not read or rows[1].due.due_on != year.registration_last_day:
            unread.append(year.today)

    assert unread == []
