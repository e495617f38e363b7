"""Vietnamese name order of the staff list, on PostgreSQL (ICU) and on any database."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.utils import ConnectionHandler

from emulation.forms.accounts import AccountCreateForm
from emulation.selectors.organisation import staff_list
from emulation.text import sort_name

from .factories import PersonFactory, SchoolFactory

# Given names in Vietnamese alphabetical order: A Ă Â … D Đ … O Ô Ơ … U Ư.
GIVEN_NAMES_IN_ORDER = ["Anh", "Ă", "Ân", "Dương", "Đào", "Oanh", "Ôn", "Ơn", "Út", "Uyên", "Ưng"]
FAMILY_NAMES = ["Nguyễn Thị", "Trần Văn", "Lê Thị", "Phạm Văn", "Hoàng Thị", "Võ Văn"]


@pytest.fixture
def staff_in_shuffled_order(db):
    school = SchoolFactory()
    for index, given_name in enumerate(reversed(GIVEN_NAMES_IN_ORDER)):
        PersonFactory(full_name=f"{FAMILY_NAMES[index % len(FAMILY_NAMES)]} {given_name}", unit=school)
    return school


def given_names(people) -> list[str]:
    return [person.full_name.rsplit(" ", 1)[-1] for person in people]


def test_staff_list_sorts_given_names_in_vietnamese_order(staff_in_shuffled_order):
    admin = get_user_model().objects.create_superuser("quantri", password="secret-pass-123")

    people = staff_list(user=admin)

    assert given_names(people) == GIVEN_NAMES_IN_ORDER


def test_sqlite_registered_collation_sorts_in_vietnamese_order(db):
    names = [f"{FAMILY_NAMES[i % len(FAMILY_NAMES)]} {given}" for i, given in enumerate(GIVEN_NAMES_IN_ORDER)]
    sqlite = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})["default"]
    try:
        with sqlite.cursor() as cursor:
            cursor.execute("CREATE TABLE person (sort_name TEXT)")
            cursor.executemany("INSERT INTO person VALUES (%s)", [(sort_name(name),) for name in reversed(names)])
            cursor.execute("SELECT sort_name FROM person ORDER BY sort_name COLLATE vi")
            ordered = [row[0].split(" ", 1)[0] for row in cursor.fetchall()]
    finally:
        sqlite.close()

    assert ordered == GIVEN_NAMES_IN_ORDER


@pytest.mark.postgresql
def test_staff_list_on_postgresql_uses_the_icu_collation(staff_in_shuffled_order):
    admin = get_user_model().objects.create_superuser("quantri", password="secret-pass-123")

    people = staff_list(user=admin)
    sql = str(people.query)

    assert connection.vendor == "postgresql"
    assert 'COLLATE "vi-x-icu"' in sql
    assert given_names(people) == GIVEN_NAMES_IN_ORDER


@pytest.mark.postgresql
def test_postgresql_default_collation_would_put_d_stroke_after_z(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM (VALUES ('Đào'), ('Zung'), ('Dương')) AS names(name) ORDER BY name COLLATE \"C\""
        )
        c_order = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT name FROM (VALUES ('Đào'), ('Zung'), ('Dương')) AS names(name) ORDER BY name COLLATE \"vi-x-icu\""
        )
        icu_order = [row[0] for row in cursor.fetchall()]

    assert (c_order, icu_order) == (["Dương", "Zung", "Đào"], ["Dương", "Đào", "Zung"])


# Shorter names first, on both databases: the space after a given name sorts before any letter.
PAIRS_IN_ORDER = [("Lê Thị An", "Lê Thị Anh"), ("Võ Thị Thu", "Võ Thị Thuận"), ("Phạm Văn Tú", "Phạm Văn Tuyết")]


@pytest.mark.parametrize(("first", "second"), PAIRS_IN_ORDER)
def test_a_given_name_sorts_before_the_longer_name_it_begins(db, first, second):
    school = SchoolFactory()
    PersonFactory(full_name=f"Nguyễn {second.split()[-1]}", unit=school)
    PersonFactory(full_name=f"Trần {first.split()[-1]}", unit=school)
    admin = get_user_model().objects.create_superuser("quantri", password="secret-pass-123")

    ordered = [person.full_name.split()[-1] for person in staff_list(user=admin)]

    assert ordered == [first.split()[-1], second.split()[-1]]


def test_same_given_name_sorts_by_the_family_name_on_any_database(db):
    school = SchoolFactory()
    for name in ("Trần Văn An", "Lê An", "Nguyễn Thị Anh", "Đỗ An"):
        PersonFactory(full_name=name, unit=school)
    admin = get_user_model().objects.create_superuser("quantri", password="secret-pass-123")

    assert [person.full_name for person in staff_list(user=admin)] == [
        "Đỗ An",
        "Lê An",
        "Trần Văn An",
        "Nguyễn Thị Anh",
    ]


def test_account_form_offers_the_staff_in_vietnamese_order(db):
    school = SchoolFactory()
    for name in ("Nguyễn Thị Tuyết", "Trần Văn Đào", "Lê Thị Tú", "Phạm Văn Dương"):
        PersonFactory(full_name=name, unit=school)

    offered = [person.full_name for person in AccountCreateForm(unit=school).fields["person"].queryset]

    assert offered == ["Phạm Văn Dương", "Trần Văn Đào", "Lê Thị Tú", "Nguyễn Thị Tuyết"]
