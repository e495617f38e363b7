"""Hostile workbooks sent to the timeline import: how fast, and at what memory cost, they are refused.

The files are those of ``bench_workbook_guard`` (bombs of every kind) and the timeline's own: a table of
20,000 numbered rows (about 460 KB, each row a milestone to save if it were read), and a table whose header
has a cell far right (XFD1), which makes a plain openpyxl reader pad every row to 16,384 cells. For each:
the outcome of :func:`~schedules.parsing.workbook.parse_timeline_xlsx`, its time and the peak memory it
allocated (tracemalloc), then the growth of the peak resident size of a fresh process reading only that file.
"""

import datetime as dt
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.core.management.base import BaseCommand

from emulation.management.commands.bench_workbook_guard import (
    SHEET_START,
    TARGET_MEGABYTES,
    TARGET_SECONDS,
    base_workbook,
    hostile_files,
    with_parts,
)
from schedules.parsing.results import TimelineImportError
from schedules.parsing.workbook import parse_timeline_xlsx

HEADER = ("TT", "Nội dung", "Thời gian hoàn thành", "Đơn vị thực hiện")
PERIOD = {"period_start": dt.date(2023, 9, 1), "period_end": dt.date(2024, 8, 31)}


def _inline(reference: str, text: str) -> bytes:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def _numbered_sheet(rows: int, *, far_cell: bool) -> bytes:
    header = b"".join(_inline(f"{letter}1", text) for letter, text in zip("ABCD", HEADER, strict=True))
    if far_cell:
        header += _inline("XFD1", "x")
    body = [b'<row r="1">' + header + b"</row>"]
    for n in range(2, rows + 2):
        body.append(
            b'<row r="%d"><c r="A%d"><v>%d</v></c>' % (n, n, n - 1)
            + _inline(f"B{n}", f"Triển khai nội dung số {n - 1}")
            + _inline(f"C{n}", "Trước ngày 11/11/2023")
            + _inline(f"D{n}", "Các trường Tiểu học")
            + b"</row>"
        )
    width = "XFD" if far_cell else "D"
    return (
        SHEET_START
        + f'<dimension ref="A1:{width}{rows + 1}"/><sheetData>'.encode()
        + b"".join(body)
        + (b"</sheetData></worksheet>")
    )


def numbered_rows_bomb(rows: int = 20_000) -> bytes:
    """The timeline's header and *rows* numbered rows: every one a milestone, its deadline and reminders."""
    return with_parts(base_workbook(), {"xl/worksheets/sheet1.xml": _numbered_sheet(rows, far_cell=False)}, level=9)


def far_column_timeline(rows: int = 150) -> bytes:
    """The timeline's header, a cell at XFD1, and *rows* numbered rows under a dimension reaching column XFD."""
    return with_parts(base_workbook(), {"xl/worksheets/sheet1.xml": _numbered_sheet(rows, far_cell=True)}, level=9)


def timeline_files() -> dict[str, bytes]:
    return {
        "timeline: 20,000 numbered rows": numbered_rows_bomb(),
        "timeline: a cell at XFD1, 150 rows": far_column_timeline(),
        **hostile_files(),
    }


def _parse(data: bytes) -> str:
    try:
        rows = parse_timeline_xlsx(io.BytesIO(data), **PERIOD)
    except TimelineImportError as refused:
        return f"refused: {refused.code}"
    return f"read {len(rows)} rows"


def measure(data: bytes) -> dict:
    """Parse *data* twice: the outcome and seconds untraced, then the peak traced allocation in MB."""
    start = time.perf_counter()
    outcome = _parse(data)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    _parse(data)
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return {"outcome": outcome, "seconds": seconds, "traced_mb": peak}


class Command(BaseCommand):
    help = "Time and memory of the timeline import refusing hostile workbooks."

    def add_arguments(self, parser):
        import argparse

        parser.add_argument("--one", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["one"]:
            return self.read_one(Path(options["one"]))
        header = f"{'file':44} {'packed':>9} {'outcome':26} {'seconds':>8} {'traced MB':>10} {'RSS +MB':>8}"
        self.stdout.write("RSS +MB: growth of the peak resident size of a fresh process parsing only that file.")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        worst = {"seconds": 0.0, "mb": 0.0}
        with tempfile.TemporaryDirectory() as directory:
            for label, data in timeline_files().items():
                path = Path(directory) / "file.xlsx"
                path.write_bytes(data)
                result = measure(data)
                rss = self.fresh_process(path)
                if result["outcome"].startswith("refused"):
                    worst["seconds"] = max(worst["seconds"], result["seconds"], rss["seconds"])
                    worst["mb"] = max(worst["mb"], result["traced_mb"], rss["rss_mb"])
                self.stdout.write(
                    f"{label:44} {len(data) / 1024:>7.0f}KB {result['outcome']:26} {result['seconds']:>8.3f} "
                    f"{result['traced_mb']:>10.1f} {rss['rss_mb']:>8.1f}"
                )
        verdict = "within" if worst["seconds"] < TARGET_SECONDS and worst["mb"] < TARGET_MEGABYTES else "OVER"
        self.stdout.write(
            f"worst refusal: {worst['seconds']:.3f} s, {worst['mb']:.1f} MB — {verdict} the target "
            f"({TARGET_SECONDS:.0f} s, {TARGET_MEGABYTES:.0f} MB)"
        )

    def fresh_process(self, path: Path) -> dict:
        command = [sys.executable, "manage.py", "bench_timeline_guard", "--one", str(path)]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        return json.loads(output.strip().splitlines()[-1])

    def read_one(self, path: Path) -> None:
        import openpyxl  # noqa: F401 (loaded before the baseline, as in a running site)

        data = path.read_bytes()
        _parse(numbered_rows_bomb(2))  # warm-up: the parsers' patterns compiled, as in a running site
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        _parse(data)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.stdout.write(json.dumps({"seconds": seconds, "rss_mb": (after - before) / 1024}))
