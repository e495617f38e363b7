"""Vietnamese name order of the staff list, on PostgreSQL (ICU) and on any database."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.utils import ConnectionHandler

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
