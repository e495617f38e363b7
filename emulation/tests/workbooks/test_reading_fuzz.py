"""Hundreds of malformed workbooks, made the same way on every run: each is read or refused, in time."""

import functools
import io
import random
import time
import zipfile

import pytest

from emulation.management.commands.bench_workbook_guard import (
    base_workbook,
    deflate_bomb,
    shared_strings_bomb,
    sheet_xml,
    styles_bomb,
    wide_row,
    with_parts,
)
from emulation.workbooks import WorkbookLimits, WorkbookRefused, read_rows

CASES = 320
LIMITS = WorkbookLimits(time_budget=2.0)
SHEET = "xl/worksheets/sheet1.xml"
TYPES = ["s", "n", "b", "e", "str", "inlineStr", "d", "x", ""]
VALUES = ["0", "1", "2", "-1", "99999999", "1e308", "nan", "inf", "abc", "", "2024-02-30", "45292", "#REF!", "_x0007_"]
REFERENCES = ["A1", "B", "ZZZZ1", "XFD1", "A0", "$A$1", "", "1A", "AA12"]


@functools.cache
def seeds() -> dict[str, bytes]:
    return {
        "base": base_workbook(
            [["Họ và tên", "Ngày sinh", "Số định danh"], ["Nguyễn Văn An", "17/05/1985", 74185000123]]
        ),
        "deflate": deflate_bomb(8),
        "strings": shared_strings_bomb(300_000),
        "styles": styles_bomb(40_000),
        "wide": wide_row(200_000),
    }


def random_cell(rng: random.Random) -> bytes:
    kind = rng.choice(TYPES)
    reference = rng.choice(REFERENCES)
    attributes = (f' r="{reference}"' if reference else "") + (f' t="{kind}"' if kind else "")
    if rng.random() < 0.2:
        attributes += f' s="{rng.choice(["0", "1", "14", "x", "-3", "99999"])}"'
    inner = ""
    if rng.random() < 0.3:
        inner += "<f>SUM(A1:A9)</f>"
    if kind == "inlineStr":
        inner += f"<is><t>{'Ă' * rng.choice([1, 10, 40_000])}</t></is>"
    elif rng.random() < 0.8:
        inner += f"<v>{rng.choice(VALUES)}</v>"
    if rng.random() < 0.02:
        inner += "\x01"  # a character XML cannot hold
    return f"<c{attributes}>{inner}</c>".encode()


def random_sheet(rng: random.Random) -> bytes:
    rows = []
    for number in range(rng.randrange(1, 30)):
        row_ref = rng.choice([str(number + 1), str(number + 1), "0", "2000000", "x", ""])
        attributes = f' r="{row_ref}"' if row_ref else ""
        cells = b"".join(random_cell(rng) for _ in range(rng.randrange(0, 8)))
        rows.append(f"<row{attributes}>".encode() + cells + b"</row>")
    return sheet_xml(b"".join(rows), dimension=rng.choice(["A1", "", "A1:ZZ99", "garbage"]))


def flipped(data: bytes, rng: random.Random, count: int) -> bytes:
    mutable = bytearray(data)
    for _ in range(count):
        mutable[rng.randrange(len(mutable))] = rng.randrange(256)
    return bytes(mutable)


def case(number: int) -> bytes:
    rng = random.Random(number)
    seed = seeds()[rng.choice(["base", "base", "base", "deflate", "strings", "styles", "wide"])]
    mutation = number % 8
    if mutation == 0:
        return seed[: rng.randrange(len(seed))]
    if mutation == 1:
        return flipped(seed, rng, rng.choice([1, 3, 20]))
    if mutation in (2, 3):
        return with_parts(seeds()["base"], {SHEET: random_sheet(rng)})
    if mutation == 4:
        parts = {"xl/sharedStrings.xml": rng.choice([b"<sst><si><t>a</t></si>", b"garbage", b"<sst/>", b"\x00\x01"])}
        return with_parts(seeds()["base"], parts)
    if mutation == 5:
        return rng.choice([
            rng.randbytes(rng.randrange(1, 5000)),
            b"%PDF-1.7" + rng.randbytes(200),
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(2000),
            b"PK\x05\x06" + b"\x00" * 18,
            b"PK\x03\x04" + rng.randbytes(300),
        ])  # fmt: skip
    if mutation == 6:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for index in range(rng.randrange(1, 6)):
                name = rng.choice(["[Content_Types].xml", "xl/workbook.xml", SHEET, "_rels/.rels", f"x{index}"])
                if name not in archive.namelist():
                    archive.writestr(name, rng.randbytes(rng.randrange(0, 400)))
        return buffer.getvalue()
    return flipped(with_parts(seeds()["base"], {SHEET: random_sheet(rng)}), rng, 2)


@pytest.mark.reliability
def test_malformed_workbooks_are_read_or_refused_within_the_budget():
    outcomes = {"read": 0, "refused": 0}
    slowest = 0.0
    for number in range(CASES):
        data = case(number)
        start = time.perf_counter()
        try:
            read_rows(data, name=f"case-{number}.xlsx", limits=LIMITS)
            outcomes["read"] += 1
        except WorkbookRefused:
            outcomes["refused"] += 1
        except Exception as error:  # anything else is the bug this test looks for
            pytest.fail(f"case {number}: {type(error).__name__}: {error}")
        slowest = max(slowest, time.perf_counter() - start)
    assert slowest < LIMITS.time_budget + 0.5
    assert outcomes["read"] + outcomes["refused"] == CASES
    assert outcomes["read"] > 0 and outcomes["refused"] > 0
