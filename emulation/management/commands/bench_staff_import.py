"""Time the staff import on a generated workbook and compare the staff list's query count at two sizes.

Everything it creates (units, a user, staff) is rolled back at the end: the database is left as it was.
"""

import datetime as dt
import io
import random
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation

from emulation.demo.specs import DISTRICT, PROVINCE_CODE
from emulation.demo.specs import names as demo_names
from emulation.demo.specs import schools as demo_schools
from emulation.demo.staff import school_posts
from emulation.enums import Role, Sex, StaffCategory
from emulation.imports import (
    COLUMNS,
    commit_staff_import,
    discard_upload,
    read_staff_workbook,
    store_upload,
    upload_path,
    uploaded_cells,
)
from emulation.management.rollback import rolled_back
from emulation.models import Membership, Person, Unit

TARGET_SECONDS = 5.0
LIST_SIZES_FIRST = 50


def build_units() -> tuple[Unit, list[Unit]]:
    """A copy of the demo district office and its 42 schools."""
    district = Unit.objects.create(**DISTRICT.unit_fields())
    schools = [Unit.objects.create(**school.unit_fields(), parent=district) for school in demo_schools()]
    return district, schools


def staff_rows(schools: list[Unit], count: int, *, seed: str = "bench-staff-import", first_number: int = 0):
    """*count* believable staff rows spread over *schools*, as a user would type them (text dates, labels)."""
    rng = random.Random(seed)
    names = demo_names()
    per_school = [count // len(schools) + (1 if index < count % len(schools) else 0) for index in range(len(schools))]
    seen, number = set(), first_number
    sex_label = {Sex.MALE: str(Sex.MALE.label), Sex.FEMALE: str(Sex.FEMALE.label)}
    category_label = {choice.value: str(choice.label) for choice in StaffCategory}
    for school, size in zip(schools, per_school, strict=True):
        for position, category in school_posts(school.level, size, rng)[:size]:
            sex = Sex.FEMALE if rng.random() < 0.75 else Sex.MALE
            while True:
                name = (
                    f"{names['family'].pick(rng)} {names[f'middle_{sex}'].pick(rng)} {names[f'given_{sex}'].pick(rng)}"
                )
                born = dt.date(rng.randint(1966, 2001), 1, 1) + dt.timedelta(days=rng.randrange(365))
                if (school.pk, name, born) not in seen:
                    seen.add((school.pk, name, born))
                    break
            number += 1
            entered = dt.date(min(born.year + rng.randint(21, 26), 2025), 9, 1)
            century = (0 if born.year < 2000 else 2) + (1 if sex == Sex.FEMALE else 0)
            yield [
                name, sex_label[sex], born.strftime("%d/%m/%Y"), school.name, position, category_label[category],
                entered.strftime("%d/%m/%Y"), f"{PROVINCE_CODE}{century}{born.year % 100:02d}{number:06d}",
                "", f"09{rng.randrange(10**8):08d}",
            ]  # fmt: skip


def workbook_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([str(column.label) for column in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def list_queries(client: Client) -> tuple[int, float, int]:
    """(queries, seconds, status) of the staff list page, first page, no filter."""
    url = reverse("emulation:person-list")
    client.get(url, secure=True)  # warm: session, user, collation
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, secure=True)
        elapsed = time.perf_counter() - started
    return len(queries), elapsed, response.status_code


class Command(BaseCommand):
    help = (
        "Generate a staff workbook of --rows rows for a copy of the demo district's 42 schools, time its check "
        "(preview) and its import (check again + write in one transaction), and compare the staff list's query "
        f"count at {LIST_SIZES_FIRST} staff and after the import. Everything is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=5000)
        parser.add_argument("--save", type=Path, help="also write the generated workbook to this path")

    def handle(self, *args, rows, save, **options):
        figures = {}
        with (
            translation.override(settings.LANGUAGE_CODE),
            override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]),
            rolled_back(),
        ):
            self.run(rows, save, figures)
        self.report(rows, figures)

    def run(self, rows: int, save: Path | None, figures: dict) -> None:
        district, schools = build_units()
        user = get_user_model().objects.create_user(username=f"bench-{time.time_ns()}", password=None)
        Membership.objects.create(user=user, unit=district, role=Role.DISTRICT_STAFF)
        client = Client()
        client.force_login(user)

        first = list(staff_rows(schools, LIST_SIZES_FIRST, seed="bench-list", first_number=900_000))
        commit_staff_import(source=io.BytesIO(workbook_bytes(first)), user=user)
        figures["staff_before"] = Person.objects.filter(unit__path__startswith=district.path).count()
        figures["list_before"] = list_queries(client)

        started = time.perf_counter()
        content = workbook_bytes(staff_rows(schools, rows))
        figures["generate"] = time.perf_counter() - started
        figures["size"] = len(content)
        if save:
            save.write_bytes(content)

        started = time.perf_counter()
        path = upload_path(store_upload(ContentFile(content, name="bench.xlsx")))
        uploaded_cells(path)
        figures["read"] = time.perf_counter() - started

        started = time.perf_counter()
        preview = read_staff_workbook(path, user=user)
        figures["check"] = time.perf_counter() - started
        figures["valid"], figures["problems"] = len(preview.valid_rows), len(preview.problems)
        figures["first_problems"] = [str(problem) for problem in preview.problems[:5]]

        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = commit_staff_import(source=path, user=user, expected_rows=len(preview.valid_rows))
            figures["commit"] = time.perf_counter() - started
        figures["commit_queries"] = len(queries)
        figures["created"] = result.created
        discard_upload(path.stem)

        figures["staff_after"] = Person.objects.filter(unit__path__startswith=district.path).count()
        figures["list_after"] = list_queries(client)

    def report(self, rows: int, figures: dict) -> None:
        out = self.stdout
        before_queries, before_seconds, before_status = figures["list_before"]
        after_queries, after_seconds, after_status = figures["list_after"]
        total = figures["read"] + figures["check"] + figures["commit"]
        out.write(self.style.MIGRATE_HEADING(f"Staff import, {rows} rows, 42 schools ({connection.vendor})"))
        out.write(f"  workbook generated:              {figures['generate']:.2f} s, {figures['size'] / 1024:.0f} KiB")
        out.write(f"  upload: store + read cells once: {figures['read']:.2f} s")
        out.write(f"  check (preview page):            {figures['check']:.2f} s")
        out.write(
            f"  commit (check again + write):    {figures['commit']:.2f} s, {figures['commit_queries']} queries, "
            f"{figures['created']} people created"
        )
        out.write(f"  upload + preview + commit:       {total:.2f} s")
        out.write(f"  rows valid / problems:           {figures['valid']} / {figures['problems']}")
        for problem in figures["first_problems"]:
            out.write(f"    {problem}")
        out.write(self.style.MIGRATE_HEADING("Staff list page (first page, district staff user)"))
        out.write(
            f"  {figures['staff_before']:>6} staff: {before_queries} queries, {before_seconds * 1000:.0f} ms "
            f"(HTTP {before_status})"
        )
        out.write(
            f"  {figures['staff_after']:>6} staff: {after_queries} queries, {after_seconds * 1000:.0f} ms "
            f"(HTTP {after_status})"
        )
        out.write("  (everything above was rolled back)")

        failures = []
        if figures["created"] != rows or figures["problems"]:
            failures.append(f"{figures['created']} of {rows} rows imported, {figures['problems']} problems")
        if total > TARGET_SECONDS:
            failures.append(f"upload + preview + commit took {total:.2f} s (target ≤ {TARGET_SECONDS:.0f} s)")
        if before_queries != after_queries or before_status != 200 or after_status != 200:
            failures.append(f"staff list queries {before_queries} → {after_queries}")
        if failures:
            raise CommandError("; ".join(failures))
        out.write(
            self.style.SUCCESS(
                f"OK: {rows} rows read, checked twice and written in {total:.2f} s (target ≤ {TARGET_SECONDS:.0f} s); "
                f"staff list {before_queries} queries at both sizes"
            )
        )
