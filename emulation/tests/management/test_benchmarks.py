"""Every benchmark command runs at a tiny size, quickly, and leaves the database as it found it."""

import time
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def run(command: str, **options) -> tuple[str, float]:
    out = StringIO()
    started = time.perf_counter()
    call_command(command, stdout=out, **options)
    return out.getvalue(), time.perf_counter() - started


def test_bench_documents_renders_a_tiny_plan():
    before = row_counts()

    output, elapsed = run("bench_documents", rows=[3])

    assert output.startswith("3 rows: ")
    assert elapsed < 20
    assert row_counts() == before


def test_bench_staff_import_rolls_back():
    before = row_counts()

    output, elapsed = run("bench_staff_import", rows=20)

    assert "20 people created" in output
    assert "OK: 20 rows read, checked twice and written" in output
    assert elapsed < 20
    assert row_counts() == before


def test_bench_registrations_rolls_back():
    before = row_counts()

    output, elapsed = run("bench_registrations", schools=3, lines=6, districts=1, repeat=1)

    assert output.startswith("Built 3 schools, 6 lines in ")
    assert output.rstrip().endswith("Rolled back: nothing was kept.")
    assert elapsed < 20
    assert row_counts() == before
