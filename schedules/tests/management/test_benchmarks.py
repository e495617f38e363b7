"""The reminders benchmark runs at a tiny size, quickly, and leaves the database as it found it."""

import re
import time
from io import StringIO

import pytest
from django.core.management import call_command

from emulation.tests.management.test_benchmarks import row_counts

pytestmark = pytest.mark.django_db


def test_bench_reminders_rolls_back():
    before = row_counts()
    out = StringIO()

    started = time.perf_counter()
    call_command("bench_reminders", units=3, milestones=2, stdout=out)
    elapsed = time.perf_counter() - started

    assert re.search(r"^tick 1: .* sent [1-9]\d* e-mails", out.getvalue(), re.M)
    assert out.getvalue().rstrip().endswith("rolled back: nothing kept")
    assert elapsed < 20
    assert row_counts() == before


def test_bench_timeline_guard_measures_the_refusal_of_the_numbered_rows_bomb():
    from schedules.management.commands.bench_timeline_guard import far_column_timeline, measure, numbered_rows_bomb

    bomb = measure(numbered_rows_bomb())
    far = measure(far_column_timeline())

    assert (bomb["outcome"], far["outcome"]) == ("refused: rows", "read 150 rows")
    assert bomb["seconds"] < 1
    assert bomb["traced_mb"] < 50
