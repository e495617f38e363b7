"""Hundreds of malformed workbooks through the staff and the registration import, by their real views.

Made the same way on every run (seeded): truncated and altered ZIPs, bombs, files that are no workbook,
cells of every type, formulas without their value, control characters, huge cells, title rows, other
sheets, duplicate rows, and valid files. Each goes upload → preview → commit as a user's browser sends it.
None may answer a server error; a refused file saves nothing; a file that is committed saves all it showed
on its preview or nothing at all; every request keeps within the reading's time budget.
"""

import datetime as dt
import io
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from emulation.models import Person, RegistrationLine
from emulation.services.registrations import get_or_start_registration
from emulation.tests.factories import PeriodFactory, PersonFactory
from emulation.tests.staff_workbooks import HEADER_EN, THANH_TUYEN
from emulation.tests.workbooks.test_reading_fuzz import case as malformed_case
from emulation.workbooks.pending import pending_dir

pytestmark = [pytest.mark.reliability, pytest.mark.django_db]

CASES = 160  # per importer
TIME_BUDGET = 2.0  # WORKBOOK_TIME_BUDGET_SECONDS during the test
REQUEST_MARGIN = 3.0  # what a request may take beyond the reading's budget (checks, queries, rendering)
REGISTRATION_HEADER = [
    "STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Đăng ký danh hiệu", "Đăng ký hình thức khen thưởng",
    "Tên sáng kiến", "Lĩnh vực", "Mã cán bộ (không sửa)",
]  # fmt: skip
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu", "Quốc", "Kim"]
GIVEN = ["An", "Ánh", "Bình", "Chi", "Dũng", "Đào", "Giang", "Hà", "Hồng", "Khánh", "Lan", "Mai", "Nam", "Ơn", "Yến"]
ODD_CELLS = [
    None, "", "   ", 0, -1, 7, 3.5, 1e308, -1e-300, True, False, 45292, 99999999,
    dt.datetime(1900, 1, 1), dt.datetime(2099, 12, 31), dt.date(1985, 5, 17), dt.datetime(1985, 5, 17, 23, 59),
    dt.time(7, 30), "31/02/1985", "1985-05-17", "17.05.1985", "1985", "00/00/0000", "32/13/2024",
    "=1+1", '=CONCAT("Lê ","An")', "=#REF!", "+84912345678", "@SUM(A1)", "-3", "\tTab",
    "Nguyễn_x0007_ Văn An", "Lê\u202eVăn\u200bAn", "Trần\u0000Văn", "_x001B_", "A" * 32_767, "Đ" * 5_000,
    "<script>alert(1)</script>", "'; DROP TABLE emulation_person; --", "Nam", "Nữ", "Khác", "Giáo viên",
    "Quản lý", "Nhân viên", THANH_TUYEN, "THTT", "Trường Không Tên", "LĐTT", "CSTĐCS", "LĐTT, CSTĐCS",
    "Giấy khen", "Bằng khen", "Tập thể lao động xuất sắc", 74185000123, "074185000123", "07418500012A",
    "0912345678", "12", "mai@example.edu.vn", "mai@", "😀 Nguyễn", "Ñoño Ébé",
]  # fmt: skip


@dataclass
class Outcomes:
    kinds: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    partial_saves: list[str] = field(default_factory=list)
    slowest: float = 0.0


def _clean_for_openpyxl(value):
    """openpyxl refuses control characters in a cell; Excel writes them as _x0000_, and so does this."""
    if isinstance(value, str):
        return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda match: f"_x{ord(match[0]):04X}_", value)
    return value


def built(rows, *, header, above=(), sheet_before=False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if sheet_before:
        sheet.title = "Hướng dẫn"
        sheet.append(["Điền mỗi người một dòng."])
        sheet = workbook.create_sheet("Dữ liệu")
    for line in [*above, header, *rows]:
        sheet.append([_clean_for_openpyxl(value) for value in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def staff_row(rng: random.Random) -> list:
    born = dt.date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
    return [
        person_name(rng), rng.choice(["Nam", "Nữ"]), born.strftime("%d/%m/%Y"), THANH_TUYEN, "Giáo viên",
        "Giáo viên", f"01/09/{born.year + 23}", None, None, None,
    ]  # fmt: skip


def odd_row(rng: random.Random, width: int) -> list:
    return [rng.choice(ODD_CELLS) for _ in range(rng.randrange(1, width + 3))]


def staff_case(number: int) -> tuple[str, bytes]:
    rng = random.Random(f"staff-{number}")
    kind = number % 5
    if kind == 0:
        return "malformed", malformed_case(number)
    layout = {"above": [["DANH SÁCH CÁN BỘ"], []] * rng.randrange(0, 3), "sheet_before": rng.random() < 0.3}
    if kind == 1:
        rows = [odd_row(rng, len(HEADER_EN)) for _ in range(rng.randrange(1, 25))]
        return "odd cells", built(rows, header=HEADER_EN, **layout)
    if kind == 2:
        good = [staff_row(rng) for _ in range(rng.randrange(1, 6))]
        rows = good + [rng.choice(good) for _ in range(rng.randrange(1, 4))] + [odd_row(rng, len(HEADER_EN))]
        return "duplicates", built(rows, header=HEADER_EN, **layout)
    if kind == 3:
        header = rng.choice([HEADER_EN[:3], [*HEADER_EN, "Full name"], ["", None, 5], [*HEADER_EN, "Ghi chú"]])
        return "odd header", built([staff_row(rng) for _ in range(3)], header=header, **layout)
    return "valid", built([staff_row(rng) for _ in range(rng.randrange(1, 12))], header=HEADER_EN, **layout)


def registration_case(number: int, staff: list[Person]) -> tuple[str, bytes]:
    rng = random.Random(f"registration-{number}")
    kind = number % 5
    if kind == 0:
        return "malformed", malformed_case(number + 1)
    layout = {"above": [["ĐĂNG KÝ THI ĐUA"]] * rng.randrange(0, 3), "sheet_before": rng.random() < 0.3}

    def line(person):
        title = rng.choice(["LĐTT", "CSTĐCS", "Lao động tiên tiến", None])
        return [1, person.full_name, person.date_of_birth, person.position, title, None, None, None, person.pk]

    if kind == 1:
        rows = [odd_row(rng, len(REGISTRATION_HEADER)) for _ in range(rng.randrange(1, 25))]
        return "odd cells", built(rows, header=REGISTRATION_HEADER, **layout)
    if kind == 2:
        rows = [line(person) for person in staff] + [line(rng.choice(staff)) for _ in range(2)]
        return "duplicates", built(rows, header=REGISTRATION_HEADER, **layout)
    if kind == 3:
        header = rng.choice([REGISTRATION_HEADER[:2], ["Họ và tên", "Họ và tên", "Đăng ký danh hiệu"], [None, 3.5]])
        return "odd header", built([line(person) for person in staff], header=header, **layout)
    return "valid", built([line(person) for person in rng.sample(staff, rng.randrange(1, len(staff) + 1))],
                          header=REGISTRATION_HEADER, **layout)  # fmt: skip


def timed(outcomes: Outcomes, label: str, send, *args):
    """``send(*args)`` (a test client's get or post), timed; a server error is noted under *label*."""
    started = time.perf_counter()
    response = send(*args)
    outcomes.slowest = max(outcomes.slowest, time.perf_counter() - started)
    if response.status_code >= 500:
        outcomes.server_errors.append(f"{label}: {response.status_code}")
    return response


@pytest.fixture
def fuzz_client(client, settings):
    settings.WORKBOOK_TIME_BUDGET_SECONDS = TIME_BUDGET
    client.raise_request_exception = False
    return client


def test_malformed_staff_workbooks_never_fail_the_server_nor_save_in_part(fuzz_client, principal_a, school_a):
    client, outcomes = fuzz_client, Outcomes()
    client.force_login(principal_a)
    for number in range(CASES):
        kind, content = staff_case(number)
        outcomes.kinds[kind] += 1
        label = f"staff case {number} ({kind})"
        before = Person.objects.count()
        uploaded = SimpleUploadedFile(f"case-{number}.xlsx", content)
        response = timed(outcomes, label, client.post, reverse("emulation:staff-import"), {"file": uploaded})
        if response.status_code != 302:
            outcomes.kinds["refused at upload"] += 1
            if Person.objects.count() != before or any(pending_dir().glob("*.xlsx")):
                outcomes.partial_saves.append(f"{label}: refused, yet something was kept")
            continue
        preview = timed(outcomes, label, client.get, reverse("emulation:staff-import-preview"))
        expected = preview.context["valid_count"] if preview.status_code == 200 else 0
        commit = timed(outcomes, label, client.post, reverse("emulation:staff-import-commit"), {"expected": expected})
        created = Person.objects.count() - before
        imported = commit.status_code == 302 and commit["Location"] == reverse("emulation:person-list") and created
        outcomes.kinds["imported" if imported else "nothing imported"] += 1
        if created not in (0, expected) or (kind == "valid" and created != expected):
            outcomes.partial_saves.append(f"{label}: {created} people created, the preview showed {expected}")
        client.post(reverse("emulation:staff-import-cancel"))

    print(f"staff import, {CASES} files: {dict(outcomes.kinds)}; slowest request {outcomes.slowest:.2f} s")
    assert (outcomes.server_errors, outcomes.partial_saves) == ([], [])
    assert outcomes.slowest < TIME_BUDGET + REQUEST_MARGIN
    assert outcomes.kinds["refused at upload"] > 0 and outcomes.kinds["imported"] >= outcomes.kinds["valid"] > 0


def test_malformed_registration_workbooks_never_fail_the_server_nor_save_in_part(fuzz_client, principal_a, school_a):
    client, outcomes = fuzz_client, Outcomes()
    staff = [
        PersonFactory(full_name=name, unit=school_a, date_of_birth=dt.date(1980 + index, 3, 4))
        for index, name in enumerate(["Trần Văn Bình", "Lê Thị Hoa", "Phạm Minh Châu", "Võ Thị Lan"])
    ]
    registration = get_or_start_registration(unit=school_a, period=PeriodFactory(), by=principal_a)
    client.force_login(principal_a)
    upload_url = reverse("emulation:registration-import", args=[registration.pk])
    for number in range(CASES):
        kind, content = registration_case(number, staff)
        outcomes.kinds[kind] += 1
        label = f"registration case {number} ({kind})"
        before = sorted(RegistrationLine.objects.values_list("person_id", "title_id"))
        uploaded = SimpleUploadedFile(f"case-{number}.xlsx", content)
        response = timed(outcomes, label, client.post, upload_url, {"file": uploaded})
        if response.status_code != 302:
            outcomes.kinds["refused at upload"] += 1
            if sorted(RegistrationLine.objects.values_list("person_id", "title_id")) != before:
                outcomes.partial_saves.append(f"{label}: refused, yet the lines changed")
            continue
        token = response["Location"].rstrip("/").rsplit("/", 1)[1]
        preview = timed(outcomes, label, client.get, response["Location"])
        shown = sorted((line.person.pk, line.title.pk if line.title else None) for line in preview.context["lines"])
        ok = preview.context["result"].ok
        commit_url = reverse("emulation:registration-import-commit", args=[registration.pk, token])
        timed(outcomes, label, client.post, commit_url)
        after = sorted(RegistrationLine.objects.values_list("person_id", "title_id"))
        outcomes.kinds["saved" if ok else "nothing saved"] += 1
        if after != (shown if ok else before):
            outcomes.partial_saves.append(f"{label}: the lines are {after}, neither {before} nor the preview's {shown}")
        if kind == "valid" and not ok:
            outcomes.partial_saves.append(f"{label}: a valid file was refused: {preview.context['problems']}")

    print(f"registration import, {CASES} files: {dict(outcomes.kinds)}; slowest request {outcomes.slowest:.2f} s")
    assert (outcomes.server_errors, outcomes.partial_saves) == ([], [])
    assert outcomes.slowest < TIME_BUDGET + REQUEST_MARGIN
    assert outcomes.kinds["refused at upload"] > 0 and outcomes.kinds["saved"] >= outcomes.kinds["valid"] > 0
