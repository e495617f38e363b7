"""Time one reminder tick on a province-sized fan-out, in a transaction that is rolled back.

    manage.py bench_reminders --units 600 --milestones 17

Builds one office with N schools (a principal account each), one issued plan whose M
milestones concern every school and whose last days fall from weeks overdue to weeks
ahead (so most milestones have a reminder due today), some completions and extensions;
then times one tick with e-mail kept in memory, a second tick (nothing left to send) and
the office digest. Nothing is kept: the data, reminders and notifications are rolled back.
"""

import datetime as dt
import time

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from emulation.dates import closing_moment
from emulation.enums import DeadlineAction, DocumentType, Role, SchoolLevel, UnitKind
from emulation.management.rollback import rolled_back
from emulation.models import (
    DeadlineCompletion,
    DeadlineExtension,
    IssuedNumber,
    Membership,
    Period,
    Unit,
)
from schedules.enums import PlanState
from schedules.models import Milestone, Plan
from schedules.reminders.digests import send_overdue_digests
from schedules.reminders.sending import send_due_reminders
from schedules.services import sync_milestone_deadline

# Days from today to each milestone's last day, cycled: overdue, due within a week, and later.
DAYS_AHEAD = [-20, -10, -5, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 30, 60]
DONE_EVERY = 5  # one school in five has done each milestone
EXTENDED_EVERY = 20  # one in twenty has an extension of ten days
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = "Time one reminder tick for N schools × M milestones (data rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=600)
        parser.add_argument("--milestones", type=int, default=17)

    def handle(self, *args, units: int, milestones: int, **options):
        vendor = connection.vendor
        self.stdout.write(f"database: {vendor} · {units} schools × {milestones} milestones")
        with override_settings(EMAIL_BACKEND=LOCMEM), rolled_back():
            started = time.perf_counter()
            self.build(units=units, milestones=milestones)
            self.stdout.write(f"built the fan-out in {time.perf_counter() - started:.1f} s")
            self.measure()
        self.stdout.write("rolled back: nothing kept")

    def measure(self):
        mail.outbox = []
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = send_due_reminders()
            elapsed = time.perf_counter() - started
        self.stdout.write(
            f"tick 1: {elapsed:.2f} s, {len(queries)} queries · claimed {result.claimed} reminders, "
            f"sent {result.emails} e-mails ({len(mail.outbox)} in the outbox), "
            f"{result.notifications} notifications; {result.skipped_done} left out as done, "
            f"{result.without_recipients} without recipients"
        )
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            again = send_due_reminders()
            elapsed = time.perf_counter() - started
        self.stdout.write(f"tick 2 (same day): {elapsed:.2f} s, {len(queries)} queries · claimed {again.claimed}")
        started = time.perf_counter()
        digests = send_overdue_digests()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"overdue digest: {elapsed:.2f} s · {digests.emails} e-mails, {digests.claimed} users")

    def build(self, *, units: int, milestones: int):
        today = timezone.localdate()
        period, _created = Period.objects.get_or_create(
            name="bench-reminders",
            defaults={"start_date": today - dt.timedelta(days=200), "end_date": today + dt.timedelta(days=200)},
        )
        office = Unit.objects.create(
            kind=UnitKind.DISTRICT_OFFICE,
            name="Phòng Giáo dục và Đào tạo (đo tải nhắc hạn)",
            print_name="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
            symbol="PGDĐT",
            place_name="Dầu Tiếng",
        )
        levels = [SchoolLevel.PRESCHOOL, SchoolLevel.PRIMARY, SchoolLevel.LOWER_SECONDARY]
        schools = [
            Unit.objects.create(
                kind=UnitKind.SCHOOL,
                level=levels[n % 3],
                name=f"Trường đo tải số {n + 1:04d}",
                print_name=f"TRƯỜNG ĐO TẢI SỐ {n + 1:04d}",
                symbol=f"T{n + 1:04d}",
                place_name="Dầu Tiếng",
                parent=office,
            )
            for n in range(units)
        ]
        User = get_user_model()
        users = User.objects.bulk_create(
            [
                User(username=f"bench-ht-{n + 1:04d}", email=f"ht{n + 1:04d}@truong.edu.vn", password="!")
                for n in range(units)
            ]
        )
        if not users or users[0].pk is None:  # backends that do not return keys from bulk inserts
            users = list(User.objects.filter(username__startswith="bench-ht-").order_by("username"))
        staff = User.objects.create(username="bench-chuyenvien", email="chuyenvien@pgd.edu.vn", password="!")
        Membership.objects.bulk_create(
            [
                Membership(user=user, unit=school, role=Role.PRINCIPAL)
                for user, school in zip(users, schools, strict=True)
            ]
            + [Membership(user=staff, unit=office, role=Role.DISTRICT_STAFF)]
        )
        number = IssuedNumber.objects.create(
            unit=office,
            year=today.year,
            doc_type=DocumentType.PLAN,
            number=1,
            symbol="01/KH-PGDĐT",
            issued_on=today - dt.timedelta(days=60),
            title="Kế hoạch đo tải",
        )
        plan = Plan.objects.create(
            issuing_unit=office,
            period=period,
            state=PlanState.ISSUED,
            issued_number=number,
            announced_at=timezone.now() - dt.timedelta(days=60),
            title="Công tác thi đua, khen thưởng (đo tải)",
            signer_authority="TRƯỞNG PHÒNG",
            signer_name="Nguyễn Văn A",
            created_by=staff,
        )
        through = Milestone.actor_units.through
        for order in range(1, milestones + 1):
            days = DAYS_AHEAD[(order - 1) % len(DAYS_AHEAD)]
            milestone = Milestone.objects.create(
                plan=plan,
                order=order,
                content=f"Nộp báo cáo số {order} về Phòng GDĐT",
                due_text=f"Trước ngày {today + dt.timedelta(days=days + 1):%d/%m/%Y}",
                due_on=today + dt.timedelta(days=days),
                done_when=DeadlineAction.REPORT,
            )
            through.objects.bulk_create([through(milestone_id=milestone.pk, unit_id=school.pk) for school in schools])
            sync_milestone_deadline(milestone=milestone)
            deadline = milestone.deadline
            DeadlineCompletion.objects.bulk_create(
                [
                    DeadlineCompletion(deadline=deadline, unit=school, completed_at=timezone.now())
                    for school in schools[order % DONE_EVERY :: DONE_EVERY]
                ]
            )
            DeadlineExtension.objects.bulk_create(
                [
                    DeadlineExtension(
                        deadline=deadline,
                        unit=school,
                        closes_at=closing_moment(milestone.due_on + dt.timedelta(days=10)),
                        reason="Đo tải",
                        granted_by=staff,
                    )
                    for school in schools[(order + 1) % EXTENDED_EVERY :: EXTENDED_EVERY]
                ]
            )
