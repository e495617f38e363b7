"""Benchmark the office's registration screens at province scale, then roll everything back.

    manage.py bench_registrations --schools 600 --lines 30000 [--pdf-schools 10]

Builds a province (one department, districts, schools, staff, one registration per school with its
lines and a collective target) inside a transaction, measures as the department's staff:
the list page (first page: time and query count, through the test client), the consolidated
Excel export of every submitted registration (time, and peak memory with tracemalloc plus the
process's maximum resident size), and optionally the PDF of a few schools; then rolls back.
"""

import gc
import resource
import statistics
import time
import tracemalloc

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation.documents.registration_list import ListJob, render_registration_list_pdf
from emulation.enums import RegistrationState, Role, SchoolLevel, Sex, StaffCategory, UnitKind
from emulation.management.rollback import rolled_back
from emulation.models import (
    Award,
    BlockMembership,
    CollectiveTarget,
    EmulationBlock,
    Membership,
    Period,
    Person,
    Registration,
    RegistrationLine,
    Unit,
)
from emulation.text import search_key, sort_name

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu"]
GIVEN = ["An", "Ánh", "Bình", "Chi", "Dũng", "Đào", "Giang", "Hà", "Hồng", "Khánh", "Lan", "Mai", "Nam", "Oanh", "Ơn"]
LEVELS = [SchoolLevel.PRESCHOOL, SchoolLevel.PRIMARY, SchoolLevel.LOWER_SECONDARY]
STATES = [RegistrationState.ACCEPTED] * 7 + [RegistrationState.SUBMITTED] * 2 + [RegistrationState.RESUBMITTED]


ROW_MARK = b'<tr id="school-'


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Measure the office's registration list and consolidated Excel export on a generated province."

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=600)
        parser.add_argument("--lines", type=int, default=30000)
        parser.add_argument("--districts", type=int, default=10)
        parser.add_argument("--repeat", type=int, default=3, help="Warm measurements of the list page.")
        parser.add_argument("--pdf-schools", type=int, default=0, help="Also render the PDF of this many schools.")

    def handle(self, *args, **options):
        with rolled_back():
            self.run(options)
        self.stdout.write("Rolled back: nothing was kept.")

    def say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def run(self, options):
        started = time.perf_counter()
        user, period, block = self.build(options)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as a production database has
        self.say(
            f"Built {options['schools']} schools, {RegistrationLine.objects.filter(registration__period=period).count()}"
            f" lines in {time.perf_counter() - started:.1f} s on {connection.vendor}."
        )
        client = Client()
        client.force_login(user)
        url = reverse("emulation:registration-list")
        timings, counts = [], []
        for attempt in range(options["repeat"] + 1):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url, {"period": period.pk})
                elapsed = time.perf_counter() - begin
            assert response.status_code == 200, response.status_code
            if attempt == 0:
                self.say(f"List page, first request: {elapsed * 1000:.0f} ms, {len(queries)} queries")
            else:
                timings.append(elapsed)
                counts.append(len(queries))
        self.say(
            f"List page (first page of {options['schools']} schools, {response.content.count(ROW_MARK)} rows), warm: "
            f"median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms, "
            f"queries {sorted(set(counts))}"
        )
        with CaptureQueriesContext(connection) as queries:
            filtered = client.get(url, {"period": period.pk, "block": block.pk, "state": "accepted", "sort": "-name"})
        self.say(f"List page filtered (block, state, sort): {len(queries)} queries, status {filtered.status_code}")

        export = reverse("emulation:registration-consolidated-export")
        gc.collect()
        rss_before = _maxrss_mb()
        begin = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(export, {"period": period.pk, "all": "1"})
        elapsed = time.perf_counter() - begin
        rss_after = _maxrss_mb()
        size = len(response.content)
        self.say(
            f"Consolidated Excel (all submitted): {elapsed:.2f} s, {len(queries)} queries, {size / 1024:.0f} KB; "
            f"max RSS {rss_before:.0f} → {rss_after:.0f} MB (+{rss_after - rss_before:.0f} MB)"
        )
        del response
        gc.collect()
        tracemalloc.start()
        begin = time.perf_counter()
        traced = client.get(export, {"period": period.pk, "all": "1"})
        traced_elapsed = time.perf_counter() - begin
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert traced.status_code == 200
        self.say(
            f"Consolidated Excel under tracemalloc: peak Python allocations {peak / 1024 / 1024:.1f} MB "
            f"({traced_elapsed:.2f} s traced)"
        )
        begin = time.perf_counter()
        accepted = client.get(export, {"period": period.pk})
        self.say(f"Consolidated Excel (accepted only, default): {time.perf_counter() - begin:.2f} s")
        assert accepted.status_code == 200

        if options["pdf_schools"]:
            self.bench_pdf(period, options["pdf_schools"])

    def bench_pdf(self, period, schools: int) -> None:

        province = Unit.objects.get(name="Sở Giáo dục và Đào tạo (benchmark)")
        units = list(Unit.objects.filter(kind=UnitKind.SCHOOL, path__startswith=province.path).order_by("pk")[:schools])
        block = EmulationBlock.objects.create(period=period, managing_unit=province, number=999, name="PDF sample")
        BlockMembership.objects.bulk_create(BlockMembership(block=block, unit=unit) for unit in units)
        lines = RegistrationLine.objects.filter(registration__unit__in=units, registration__period=period).count()
        job = ListJob(office_id=province.pk, period_id=period.pk, block_id=block.pk, include_waiting=True)
        begin = time.perf_counter()
        rendered = render_registration_list_pdf(job.office_id, params=job.params)
        elapsed = time.perf_counter() - begin
        self.say(
            f"PDF of {schools} schools ({lines} lines): {elapsed:.1f} s, {len(rendered.content) / 1024:.0f} KB, "
            f"{elapsed / max(lines, 1) * 1000:.1f} ms per line"
        )

    def build(self, options):

        schools_wanted, lines_wanted, districts_wanted = options["schools"], options["lines"], options["districts"]
        period = Period.objects.create(
            name="BENCH 2098-2099", start_date="2098-09-01", end_date="2099-08-31", is_current=False
        )
        province = Unit.objects.create(
            kind=UnitKind.PROVINCE_DEPARTMENT,
            name="Sở Giáo dục và Đào tạo (benchmark)",
            print_name="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
            governing_body="UBND TỈNH BÌNH DƯƠNG",
            symbol="SGDĐT",
            place_name="Thủ Dầu Một",
        )
        districts = [
            Unit.objects.create(
                kind=UnitKind.DISTRICT_OFFICE,
                name=f"Phòng Giáo dục và Đào tạo số {d + 1} (benchmark)",
                print_name="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
                symbol="PGDĐT",
                place_name="Dầu Tiếng",
                parent=province,
            )  # fmt: skip
            for d in range(districts_wanted)
        ]
        schools = []
        for index in range(schools_wanted):
            level = LEVELS[index % len(LEVELS)]
            kind = {SchoolLevel.PRESCHOOL: "Mầm non", SchoolLevel.PRIMARY: "Tiểu học"}.get(level, "THCS")
            schools.append(
                Unit.objects.create(
                    kind=UnitKind.SCHOOL,
                    level=level,
                    name=f"Trường {kind} {GIVEN[index % len(GIVEN)]} {index + 1}",
                    print_name=f"TRƯỜNG {index + 1}",
                    symbol=f"T{index + 1}",
                    place_name="Dầu Tiếng",
                    parent=districts[index % len(districts)],
                )  # fmt: skip
            )
        block = EmulationBlock.objects.create(period=period, managing_unit=province, number=1, name="Khối Tiểu học")
        BlockMembership.objects.bulk_create(
            BlockMembership(block=block, unit=school) for school in schools if school.level == SchoolLevel.PRIMARY
        )
        per_school, extra = divmod(lines_wanted, schools_wanted)
        people = []
        for index, school in enumerate(schools):
            for number in range(per_school + (1 if index < extra else 0)):
                name = (
                    f"{FAMILY[number % len(FAMILY)]} {MIDDLE[(number // 3) % len(MIDDLE)]} "
                    f"{GIVEN[(number + index) % len(GIVEN)]}"
                )
                people.append(
                    Person(
                        full_name=name,
                        sort_name=sort_name(name),
                        search_name=search_key(name),
                        unit=school,
                        sex=Sex.FEMALE if number % 3 else Sex.MALE,
                        position="Giáo viên",
                        category=StaffCategory.TEACHER,
                    )  # fmt: skip
                )
        Person.objects.bulk_create(people, batch_size=2000)
        registrations = Registration.objects.bulk_create(
            Registration(unit=school, period=period, state=STATES[index % len(STATES)])
            for index, school in enumerate(schools)
        )
        by_unit = {registration.unit_id: registration for registration in registrations}
        ldtt, cstdcs, form, collective = (
            Award.objects.get(code=code) for code in ("ldtt", "cstdcs", "giay-khen", "ttldtt")
        )
        lines = []
        for number, person in enumerate(Person.objects.filter(unit__in=schools).order_by("pk").iterator()):
            is_fighter = number % 8 == 0
            lines.append(
                RegistrationLine(
                    registration=by_unit[person.unit_id],
                    person=person,
                    title=cstdcs if is_fighter else ldtt,
                    form=form if number % 5 == 0 else None,
                    initiative_title="Một số biện pháp nâng cao chất lượng dạy học" if is_fighter else "",
                )  # fmt: skip
            )
        RegistrationLine.objects.bulk_create(lines, batch_size=2000)
        CollectiveTarget.objects.bulk_create(
            CollectiveTarget(registration=registration, award=collective, commitment="Hoàn thành xuất sắc nhiệm vụ")
            for registration in registrations
        )
        user = get_user_model().objects.create_user(username="bench_registrations_staff", password="unused-pass-123")
        Membership.objects.create(user=user, unit=province, role=Role.DISTRICT_STAFF)
        return user, period, block
