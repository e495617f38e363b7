"""Build hostile workbooks and measure how fast, and at what memory cost, the guarded reader refuses them.

For each file: the time to the refusal and the peak memory allocated while reading (tracemalloc), in this
process, and the growth of the peak resident size (ru_maxrss) in a fresh process that reads only that
file. The target is a refusal in under a second with under 50 MB more memory.

The builders are also what the tests of ``emulation.workbooks`` use.
"""

import contextlib
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand

from emulation.workbooks import WorkbookRefused, read_rows

TARGET_SECONDS = 1.0
TARGET_MEGABYTES = 50.0
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_START = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}">'.encode()


def base_workbook(rows=(("Họ và tên", "Ngày sinh"), ("Nguyễn Văn An", "17/05/1985"))) -> bytes:
    """A small, real workbook written by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_parts(data: bytes, parts: dict, *, level: int = 6) -> bytes:
    """*data* (a ZIP) with *parts* replaced or added: bytes, or an iterable of byte chunks streamed in."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in parts.items():
            with target.open(name, "w", force_zip64=True) as stream:
                for chunk in [content] if isinstance(content, bytes) else content:
                    stream.write(chunk)
    return buffer.getvalue()


def sheet_xml(rows_xml: bytes, *, dimension: str = "A1") -> bytes:
    dimension_xml = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return SHEET_START + dimension_xml + b"<sheetData>" + rows_xml + b"</sheetData></worksheet>"


def deflate_bomb(megabytes: int = 200) -> bytes:
    """A sheet whose one cell is *megabytes* of the digit 0: it packs more than 1000 to 1."""
    zeros = b"0" * (1024 * 1024)

    def chunks():
        yield SHEET_START + b'<sheetData><row r="1"><c r="A1"><v>'
        for _ in range(megabytes):
            yield zeros
        yield b"</v></c></row></sheetData></worksheet>"

    return with_parts(base_workbook(), {"xl/worksheets/sheet1.xml": chunks()}, level=9)


def shared_strings_bomb(count: int = 3_000_000, *, seed: int = 7) -> bytes:
    """*count* one-letter shared strings, varied just enough to pack at under 100 to 1 (about 500 KB)."""
    rng = random.Random(seed)
    others = [b"b", b"c", b"d", b"e"]

    def chunks():
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}" count="{count}">'.encode()
        for start in range(0, count, 10_000):
            yield b"".join(
                b"<si><t>" + (b"a" if rng.random() < 0.9 else rng.choice(others)) + b"</t></si>"
                for _ in range(min(10_000, count - start))
            )
        yield b"</sst>"

    return with_parts(base_workbook(), {"xl/sharedStrings.xml": chunks()}, level=9)


def huge_rows(count: int = 400_000) -> bytes:
    """A sheet of *count* numbered rows, far more than a workbook may have, packed under the upload limit."""

    def chunks():
        yield SHEET_START + f'<dimension ref="A1:A{count}"/>'.encode() + b"<sheetData>"
        for start in range(1, count + 1, 10_000):
            numbers = range(start, min(start + 10_000, count + 1))
            yield b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in numbers)
        yield b"</sheetData></worksheet>"

    return with_parts(base_workbook(), {"xl/worksheets/sheet1.xml": chunks()}, level=9)


def wide_row(cells: int = 1_000_000, *, seed: int = 11) -> bytes:
    """One row of *cells* styled empty cells in a sheet without a dimension (openpyxl would scan it whole)."""
    rng = random.Random(seed)

    def chunks():
        yield SHEET_START + b'<sheetData><row r="1">'
        for _ in range(cells // 10_000):
            yield b"".join(b'<c s="%d"/>' % rng.randrange(1000) for _ in range(10_000))
        yield b"</row></sheetData></worksheet>"

    return with_parts(base_workbook(), {"xl/worksheets/sheet1.xml": chunks()}, level=9)


def styles_bomb(formats: int = 240_000, *, seed: int = 3) -> bytes:
    """A style sheet of *formats* cell formats: openpyxl would spend seconds and hundreds of MB on it."""
    rng = random.Random(seed)
    xfs = b"".join(
        b'<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"/>' % rng.randrange(200) for _ in range(formats)
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="{MAIN}"><cellXfs count="{formats}">'.encode()
        + xfs
        + b"</cellXfs></styleSheet>"
    )
    return with_parts(base_workbook(), {"xl/styles.xml": styles}, level=9)


def staff_sheet(count: int = 10_000, *, seed: int = 5) -> bytes:
    """A believable sheet of *count* staff rows: what an accepted upload costs."""
    import datetime as dt

    from openpyxl import Workbook

    rng = random.Random(seed)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị", "Chức vụ", "Số định danh", "Email", "Điện thoại"])
    for n in range(count):
        born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(14000))
        sheet.append([
            f"Nguyễn Văn {rng.choice('ABCDEGHK')}{n}", rng.choice(["Nam", "Nữ"]), born, "Trường Tiểu học Thanh Tuyền",
            "Giáo viên", f"074{n:09d}", f"gv{n}@thanhtuyen.edu.vn", f"09{n:08d}",
        ])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def declared_size(data: bytes, member: str, size: int) -> bytes:
    """*data* whose central directory claims *size* bytes unpacked for *member*."""
    data = bytearray(data)
    name = member.encode()
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        if data[position + 46 : position + 46 + name_length] == name:
            data[position + 24 : position + 28] = size.to_bytes(4, "little")
            return bytes(data)
        position = data.find(b"PK\x01\x02", position + 4)
    raise ValueError(member)


def hostile_files() -> dict[str, bytes]:
    return {
        "shared-strings bomb (3,000,000 <si>)": shared_strings_bomb(),
        "deflate bomb (200 MB of zeros)": deflate_bomb(),
        "huge rows (400,000 rows)": huge_rows(),
        "wide row (1,000,000 cells, no dimension)": wide_row(),
        "styles bomb (240,000 cell formats)": styles_bomb(),
        "declared size 4 GB": declared_size(base_workbook(), "xl/worksheets/sheet1.xml", 0xFFFFFFF0),
        "accepted: 10,000 staff rows": staff_sheet(),
    }


def measure(data: bytes) -> dict:
    """Read *data* twice: the outcome and seconds untraced, then the peak traced allocation in MB."""
    start = time.perf_counter()
    try:
        rows = read_rows(data, name="bench.xlsx")
        outcome = f"read {len(rows)} rows"
    except WorkbookRefused as refused:
        outcome = f"refused: {refused.code}"
    seconds = time.perf_counter() - start
    tracemalloc.start()
    with contextlib.suppress(WorkbookRefused):
        read_rows(data, name="bench.xlsx")
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return {"outcome": outcome, "seconds": seconds, "traced_mb": peak}


class Command(BaseCommand):
    help = "Time and memory of refusing hostile workbooks (bombs, huge sheets)."

    def add_arguments(self, parser):
        parser.add_argument("--one", help=argparse_suppress())

    def handle(self, *args, **options):
        if options["one"]:
            return self.read_one(Path(options["one"]))
        header = (
            f"{'file':44} {'packed':>9} {'outcome':26} {'seconds':>8} {'traced MB':>10} {'RSS +MB':>8} {'RSS MB':>7}"
        )
        self.stdout.write(
            "RSS +MB: growth of the peak resident size of a fresh process reading only that file "
            "(after Django, openpyxl and one small workbook); RSS MB: that process's peak."
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        worst = {"seconds": 0.0, "mb": 0.0}
        with tempfile.TemporaryDirectory() as directory:
            for label, data in hostile_files().items():
                path = Path(directory) / "file.xlsx"
                path.write_bytes(data)
                result = measure(data)
                rss = self.fresh_process(path)
                if result["outcome"].startswith("refused"):
                    worst["seconds"] = max(worst["seconds"], result["seconds"], rss["seconds"])
                    worst["mb"] = max(worst["mb"], result["traced_mb"], rss["rss_mb"])
                self.stdout.write(
                    f"{label:44} {len(data) / 1024:>7.0f}KB {result['outcome']:26} {result['seconds']:>8.3f} "
                    f"{result['traced_mb']:>10.1f} {rss['rss_mb']:>8.1f} {rss['peak_mb']:>7.1f}"
                )
        ok = worst["seconds"] < TARGET_SECONDS and worst["mb"] < TARGET_MEGABYTES
        verdict = "within" if ok else "OVER"
        self.stdout.write(
            f"worst refusal: {worst['seconds']:.3f} s, {worst['mb']:.1f} MB — {verdict} the target "
            f"({TARGET_SECONDS:.0f} s, {TARGET_MEGABYTES:.0f} MB)"
        )

    def fresh_process(self, path: Path) -> dict:
        command = [sys.executable, "manage.py", "bench_workbook_guard", "--one", str(path)]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        return json.loads(output.strip().splitlines()[-1])

    def read_one(self, path: Path) -> None:
        import openpyxl  # noqa: F401 (loaded before the baseline, as in a running site)

        data = path.read_bytes()
        read_rows(base_workbook(), name="warm-up.xlsx")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        with contextlib.suppress(WorkbookRefused):
            read_rows(data, name=path.name)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.stdout.write(json.dumps({"seconds": seconds, "rss_mb": (after - before) / 1024, "peak_mb": after / 1024}))


def argparse_suppress():
    import argparse

    return argparse.SUPPRESS
