"""The test database keeps what data migrations load, whatever the tests before did to it."""

import importlib

import pytest
from django.core.management import call_command

from emulation.models import Award

CATALOGUE = importlib.import_module("emulation.migrations.0004_load_award_catalogue").CATALOGUE


@pytest.mark.django_db
def test_award_catalogue_is_there_after_database_setup():
    assert sorted(Award.objects.values_list("code", flat=True)) == sorted(row[0] for row in CATALOGUE)


@pytest.mark.django_db(transaction=True)
def test_award_catalogue_is_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)

    assert sorted(Award.objects.values_list("code", flat=True)) == sorted(row[0] for row in CATALOGUE)
