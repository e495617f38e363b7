"""The benchmark runs at a tiny size, quickly, and leaves the database as it found it."""

import time
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_bench_initiatives_rolls_back():
    before = row_counts()
    out = StringIO()
    started = time.perf_counter()

    call_command("bench_initiatives", initiatives=20, scores=40, schools=3, districts=1, repeat=1, stdout=out)

    output = out.getvalue()
    assert output.startswith("Built 20 initiatives, 32 scores in ")
    assert "Office list, first page: " in output
    assert "Excel export of every initiative: " in output
    assert output.rstrip().endswith("Rolled back: nothing was kept.")
    assert time.perf_counter() - started < 30
    assert row_counts() == before
