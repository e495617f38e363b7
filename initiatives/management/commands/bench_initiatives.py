"""Benchmark the initiative screens at province scale, then roll everything back.

    manage.py bench_initiatives --initiatives 5000 --scores 20000 [--schools 300]

Builds a department with its districts and schools, the initiatives of one period (each with its author), a
district initiative council whose members handed in the sheets, inside a transaction; then measures, as the
department's staff, the office's list (first page and a score filter: server time and queries, through the
test client) and the Excel export of every initiative (time, size, and peak memory with tracemalloc); as a
member, "my assignments"; as the council's chair, its results and progress; then rolls back.
"""

import gc
import random
import statistics
import time
import tracemalloc
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from emulation.enums import CouncilKind, CouncilRole, Role, SchoolLevel, Sex, StaffCategory, UnitKind
from emulation.management.rollback import rolled_back
from emulation.models import Council, CouncilMember, Membership, Period, Person, Unit
from emulation.text import search_key, sort_name
from initiatives.enums import InitiativeScope, InitiativeState, SheetStatus, Vote
from initiatives.models import Assignment, Field, Initiative, InitiativeAuthor, ScoreSheet

WORDS = ["Một số biện pháp", "Ứng dụng", "Đổi mới", "Nâng cao chất lượng", "Rèn kỹ năng", "Tổ chức trò chơi"]
SUBJECTS = ["môn Toán", "môn Tiếng Việt", "hoạt động trải nghiệm", "công tác chủ nhiệm", "thư viện thân thiện"]
STATES = [InitiativeState.UNDER_EVALUATION] * 5 + [InitiativeState.RECOGNISED] * 3 + [InitiativeState.SUBMITTED] * 2
ROW_MARK = b'class="badge text-bg-'


class Command(BaseCommand):
    help = "Measure the office's initiative list and its Excel export on a generated province."

    def add_arguments(self, parser):
        parser.add_argument("--initiatives", type=int, default=5000)
        parser.add_argument("--scores", type=int, default=20000)
        parser.add_argument("--schools", type=int, default=300)
        parser.add_argument("--districts", type=int, default=5)
        parser.add_argument("--repeat", type=int, default=3, help="Warm measurements of each page.")

    def handle(self, *args, **options):
        with rolled_back():
            self.run(options)
        self.stdout.write("Rolled back: nothing was kept.")

    def say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def measure(self, client, url, params, repeat, label):
        timings, counts = [], []
        for attempt in range(repeat + 1):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url, params)
                elapsed = time.perf_counter() - begin
            assert response.status_code == 200, response.status_code
            if attempt:
                timings.append(elapsed)
                counts.append(len(queries))
        self.say(
            f"{label}: median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms, "
            f"queries {sorted(set(counts))}"
        )
        return response

    def run(self, options):
        started = time.perf_counter()
        office, member, chair, council, period = self.build(options)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.say(
            f"Built {Initiative.objects.filter(period=period).count()} initiatives, "
            f"{ScoreSheet.objects.filter(assignment__initiative__period=period).count()} scores in "
            f"{time.perf_counter() - started:.1f} s on {connection.vendor}."
        )
        client = Client()
        client.force_login(office)
        url = reverse("initiatives:initiative-list")
        self.measure(client, url, {"period": period.pk}, options["repeat"], "Office list, first page")
        self.measure(client, url, {"period": period.pk, "score_min": "60", "score_max": "90", "state": "recognised"},
                     options["repeat"], "Office list, score range and state")  # fmt: skip

        export = reverse("initiatives:initiative-list-export")
        gc.collect()
        begin = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(export, {"period": period.pk})
        elapsed = time.perf_counter() - begin
        query_count = len(queries)  # read now: the next request empties the connection's log
        size = len(response.content)
        assert response.status_code == 200, response.status_code
        del response
        gc.collect()
        tracemalloc.start()
        begin = time.perf_counter()
        traced = client.get(export, {"period": period.pk})
        traced_elapsed = time.perf_counter() - begin
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert traced.status_code == 200
        self.say(
            f"Excel export of every initiative: {elapsed:.2f} s, {query_count} queries, {size / 1024:.0f} KB; "
            f"peak Python allocations {peak / 1024 / 1024:.1f} MB ({traced_elapsed:.2f} s traced)"
        )

        member_client = Client()
        member_client.force_login(member)
        self.measure(member_client, reverse("initiatives:assignment-mine"), {}, options["repeat"],
                     "My assignments of a member, first page")  # fmt: skip
        chair_client = Client()
        chair_client.force_login(chair)
        for name, label in (("evaluation-council", "Council results"), ("evaluation-progress", "Council progress")):
            self.measure(chair_client, reverse(f"initiatives:{name}", args=[council.pk]), {}, options["repeat"],
                         f"{label}, first page")  # fmt: skip

    def build(self, options):
        rng = random.Random(2025)
        period = Period.objects.create(
            name="BENCH 2097-2098", start_date="2097-09-01", end_date="2098-08-31", is_current=False
        )
        province = Unit.objects.create(
            kind=UnitKind.PROVINCE_DEPARTMENT, name="Sở Giáo dục và Đào tạo (benchmark)",
            print_name="SỞ GIÁO DỤC VÀ ĐÀO TẠO", symbol="SGDĐT", place_name="Thủ Dầu Một",
        )  # fmt: skip
        districts = [
            Unit.objects.create(
                kind=UnitKind.DISTRICT_OFFICE,
                name=f"Phòng Giáo dục và Đào tạo số {d + 1} (benchmark)",
                print_name="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
                symbol="PGDĐT",
                place_name="Dầu Tiếng",
                parent=province,
            )  # fmt: skip
            for d in range(options["districts"])
        ]
        schools = [
            Unit.objects.create(
                kind=UnitKind.SCHOOL,
                level=SchoolLevel.PRIMARY,
                name=f"Trường Tiểu học số {index + 1} (benchmark)",
                print_name=f"TRƯỜNG {index + 1}",
                symbol=f"T{index + 1}",
                place_name="Dầu Tiếng",
                parent=districts[index % len(districts)],
            )  # fmt: skip
            for index in range(options["schools"])
        ]
        people = Person.objects.bulk_create(
            [
                Person(
                    full_name=f"Nguyễn Văn Tác Giả {index}",
                    sort_name=sort_name(f"Nguyễn Văn Tác Giả {index}"),
                    search_name=search_key(f"Nguyễn Văn Tác Giả {index}"),
                    sex=Sex.MALE,
                    unit=school,
                    category=StaffCategory.TEACHER,
                    position="Giáo viên",
                )  # fmt: skip
                for index, school in enumerate(schools)
            ]
        )
        fields = list(Field.objects.filter(is_active=True)) or [Field.objects.create(code="bench", name="Khác")]
        initiatives = []
        for index in range(options["initiatives"]):
            title = f"{rng.choice(WORDS)} {rng.choice(SUBJECTS)} ({index + 1})"
            state = STATES[index % len(STATES)]
            scored = state != InitiativeState.SUBMITTED
            initiatives.append(
                Initiative(
                    unit=schools[index % len(schools)],
                    period=period,
                    title=title,
                    search_title=search_key(title),
                    field=fields[index % len(fields)],
                    state=state,
                    first_applied_on="2097-10-01",
                    filed_on="2098-02-01",
                    description="…",
                    conditions="…",
                    expected_benefit="…",
                    score=Decimal(rng.randint(3000, 9800)) / 100 if scored else None,
                    scope=InitiativeScope.BASE if state == InitiativeState.RECOGNISED else "",
                )  # fmt: skip
            )
        initiatives = Initiative.objects.bulk_create(initiatives, batch_size=1000)
        InitiativeAuthor.objects.bulk_create(
            [
                InitiativeAuthor(
                    initiative=initiative,
                    person=people[index % len(people)],
                    full_name=people[index % len(people)].full_name,
                    workplace=initiative.unit.name,
                    contribution=Decimal("100"),
                )  # fmt: skip
                for index, initiative in enumerate(initiatives)
            ],
            batch_size=2000,
        )
        council = Council.objects.create(unit=districts[0], period=period, kind=CouncilKind.INITIATIVE)
        User = get_user_model()
        office = User.objects.create(username="bench-initiatives-office")
        Membership.objects.create(user=office, unit=province, role=Role.DISTRICT_STAFF)
        scored = [initiative for initiative in initiatives if initiative.score is not None]
        per_initiative = max(1, options["scores"] // max(len(scored), 1))
        members = []
        for index in range(per_initiative):
            user = User.objects.create(username=f"bench-initiatives-member-{index}")
            Membership.objects.create(user=user, unit=districts[0], role=Role.COUNCIL_MEMBER)
            person = Person.objects.create(full_name=f"Trần Thị Thành Viên {index}", sex=Sex.FEMALE, unit=districts[0],
                                           category=StaffCategory.MANAGER)  # fmt: skip
            role = CouncilRole.CHAIR if index == 0 else CouncilRole.MEMBER
            members.append(CouncilMember.objects.create(council=council, person=person, role=role, user=user,
                                                        order=index + 1))  # fmt: skip
        assignments = Assignment.objects.bulk_create(
            [Assignment(council=council, initiative=initiative, score=initiative.score, votes_for=len(members),
                        vote_base_count=len(members), passes=True) for initiative in scored],
            batch_size=2000,
        )  # fmt: skip
        sheets, wanted = [], options["scores"]
        for assignment in assignments:
            for member in members:
                if len(sheets) >= wanted:
                    break
                sheets.append(
                    ScoreSheet(
                        assignment=assignment,
                        member=member,
                        member_name=member.person.full_name,
                        status=SheetStatus.SCORED,
                        vote=Vote.FOR,
                        total=assignment.score,
                    )  # fmt: skip
                )
        ScoreSheet.objects.bulk_create(sheets, batch_size=2000)
        return office, members[-1].user, members[0].user, council, period
