"""Hundreds of malformed timeline workbooks, made the same way on every run, sent to the timeline import as a
browser sends them: each is read or refused in words within the time budget, and a refused one writes nothing."""

import functools
import io
import random
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from emulation.management.commands.bench_workbook_guard import (
    base_workbook,
    deflate_bomb,
    shared_strings_bomb,
    sheet_xml,
    styles_bomb,
    wide_row,
    with_parts,
)
from emulation.models import Deadline
from emulation.tests.bodies import csrf_client, csrf_header, post_declaring
from schedules.models import Milestone
from schedules.tests.views.test_plans import dau_tieng, period, plan, staff_user  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.reliability]

CASES = 300
TIME_BUDGET = 2.0  # WORKBOOK_TIME_BUDGET_SECONDS for these uploads
SLACK_SECONDS = 1.0  # the request around the reading: the form, the rows' dates and units, the saving
SHEET = "xl/worksheets/sheet1.xml"
HEADER = ("TT", "Nội dung", "Thời gian hoàn thành", "Đơn vị thực hiện")
TYPES = ["s", "n", "b", "e", "str", "inlineStr", "d", ""]
TEXTS = ["1", "2.", "III", "Họp xét thi đua", "Trước ngày 11/11/2023", "31/02/2024", "Tháng 02/2024", "Phòng GDĐT",
         "Các trường Tiểu học", "Khối thi đua số 1", "=SUM(A1:A9)", "", "Ă" * 40_000]  # fmt: skip
VALUES = ["0", "1", "3", "45292", "1e308", "nan", "abc", "#REF!", "2024-02-30"]
REFERENCES = ["A", "B", "C", "D", "E", "ZZ", "XFD", "A0", "1A", ""]


@functools.cache
def seeds() -> dict[str, bytes]:
    rows = [HEADER, (1, "Triển khai công tác thi đua", "Trước ngày 11/11/2023", "Phòng GDĐT"),
            (2, "Họp xét thi đua", "Ngày 15/8/2024", "Các trường Tiểu học")]  # fmt: skip
    return {
        "timeline": base_workbook(rows),
        "deflate": deflate_bomb(8),
        "strings": shared_strings_bomb(300_000),
        "styles": styles_bomb(40_000),
        "wide": wide_row(200_000),
    }


def inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def random_cell(rng: random.Random, row: int) -> str:
    kind = rng.choice(TYPES)
    column = rng.choice(REFERENCES)
    reference = f"{column}{row}" if column else ""
    if kind == "inlineStr":
        return inline(reference, rng.choice(TEXTS))
    attributes = (f' r="{reference}"' if reference else "") + (f' t="{kind}"' if kind else "")
    if rng.random() < 0.2:
        attributes += f' s="{rng.choice(["0", "1", "14", "x", "99999"])}"'
    formula = "<f>A1+1</f>" if rng.random() < 0.2 else ""
    value = f"<v>{rng.choice(VALUES)}</v>" if rng.random() < 0.8 else ""
    return f"<c{attributes}>{formula}{value}</c>"


def random_sheet(rng: random.Random) -> bytes:
    rows = []
    if rng.random() < 0.6:  # the header, so that the rows below are read
        first = rng.randrange(1, 40)
        cells = "".join(inline(f"{column}{first}", text) for column, text in zip("ABCD", HEADER, strict=True))
        rows.append(f'<row r="{first}">{cells}</row>')
    else:
        first = 0
    for number in range(first + 1, first + rng.randrange(1, 30)):
        reference = rng.choice([str(number), str(number), "0", "2000000", "x", ""])
        attributes = f' r="{reference}"' if reference else ""
        cells = "".join(random_cell(rng, number) for _ in range(rng.randrange(0, 6)))
        rows.append(f"<row{attributes}>{cells}</row>")
    return sheet_xml("".join(rows).encode(), dimension=rng.choice(["A1", "", "A1:XFD1048576", "garbage"]))


def flipped(data: bytes, rng: random.Random, count: int) -> bytes:
    mutable = bytearray(data)
    for _ in range(count):
        mutable[rng.randrange(len(mutable))] = rng.randrange(256)
    return bytes(mutable)


def case(number: int) -> bytes:
    rng = random.Random(number)
    seed = seeds()[rng.choice(["timeline", "timeline", "timeline", "deflate", "strings", "styles", "wide"])]
    mutation = number % 8
    if mutation == 0:
        return seed[: rng.randrange(len(seed))]
    if mutation == 1:
        return flipped(seed, rng, rng.choice([1, 3, 20]))
    if mutation in (2, 3):
        return with_parts(seeds()["timeline"], {SHEET: random_sheet(rng)})
    if mutation == 4:
        parts = {"xl/sharedStrings.xml": rng.choice([b"<sst><si><t>TT</t></si>", b"garbage", b"<sst/>", b"\x00\x01"])}
        return with_parts(seeds()["timeline"], parts)
    if mutation == 5:
        return rng.choice([
            rng.randbytes(rng.randrange(1, 5000)),
            b"%PDF-1.7" + rng.randbytes(200),
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(2000),
            b"PK\x05\x06" + b"\x00" * 18,
            b"PK\x03\x04" + rng.randbytes(300),
            "TT\tNội dung\tThời gian hoàn thành\tĐơn vị thực hiện\n1\tHọp\tNgày 15/8/2024\tPhòng GDĐT\n".encode(),
        ])  # fmt: skip
    if mutation == 6:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for index in range(rng.randrange(1, 6)):
                name = rng.choice(["[Content_Types].xml", "xl/workbook.xml", SHEET, "_rels/.rels", f"x{index}"])
                if name not in archive.namelist():
                    archive.writestr(name, rng.randbytes(rng.randrange(0, 400)))
        return buffer.getvalue()
    return flipped(with_parts(seeds()["timeline"], {SHEET: random_sheet(rng)}), rng, 2)


def saved(of_plan) -> tuple:
    milestones = list(Milestone.objects.filter(plan=of_plan).values_list("pk", "order", "content", "due_on"))
    return milestones, Deadline.objects.count()


def test_malformed_timeline_workbooks_are_read_or_refused_in_time(plan, staff_user, settings):  # noqa: F811
    settings.WORKBOOK_TIME_BUDGET_SECONDS = TIME_BUDGET
    client = csrf_client(staff_user)
    url = reverse("schedules:timeline-import", args=[plan.pk])
    outcomes = {"read": 0, "refused": 0}
    slowest = 0.0
    for number in range(CASES):
        before = saved(plan)
        upload = SimpleUploadedFile(f"khung-{number}.xlsx", case(number))
        start = time.perf_counter()
        response = client.post(url, {"file": upload, "replace": "on"}, headers=csrf_header())
        slowest = max(slowest, time.perf_counter() - start)
        if response.status_code == 302:
            outcomes["read"] += 1
            token = resolve(response["Location"]).kwargs["token"]
            assert response["Location"] == reverse("schedules:timeline-import-preview", args=[plan.pk, token]), number
            assert saved(plan) == before, number  # nothing is written before the officer confirms
            assert client.get(response["Location"]).status_code == 200, number
            confirm = reverse("schedules:timeline-import-confirm", args=[plan.pk, token])
            confirmed = client.post(confirm, headers=csrf_header())
            assert confirmed["Location"] == reverse("schedules:plan-detail", args=[plan.pk]), number
            assert Milestone.objects.filter(plan=plan).count() > 0, number
        else:
            outcomes["refused"] += 1
            assert response.status_code == 200, number
            assert response.context["form"].errors, number
            assert saved(plan) == before, number
    big = post_declaring(client, url, size=200 * 1024 * 1024)
    assert big.status_code == 302 and big["Location"] == url
    assert slowest < TIME_BUDGET + SLACK_SECONDS
    assert outcomes["read"] + outcomes["refused"] == CASES
    assert outcomes["read"] > 0 and outcomes["refused"] > 0
