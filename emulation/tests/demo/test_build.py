import datetime as dt
import unicodedata
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from emulation.demo.build import build_demo
from emulation.demo.specs import schools
from emulation.demo.staff import generate_staff
from emulation.enums import Role, SchoolLevel, Sex, StaffCategory, UnitKind
from emulation.models import Membership, Period, Person, Unit

User = get_user_model()
TODAY = dt.date(2026, 12, 2)

EXPECTED_ACCOUNTS = [
    ("admin", Role.ADMINISTRATOR, "PGDĐT", "Phạm Minh Khoa"),
    ("hd.thuky", Role.COUNCIL_SECRETARY, "PGDĐT", "Nguyễn Văn Thiện"),
    ("hd.uyvien", Role.COUNCIL_MEMBER, "PGDĐT", "Huỳnh Thị Thu Hà"),
    ("phong.chuyenvien", Role.DISTRICT_STAFF, "PGDĐT", "Lê Văn Ban"),
    ("phong.truongphong", Role.DISTRICT_HEAD, "PGDĐT", "Tạ Tấn Tuấn"),
    ("th.thanhtuyen.ht", Role.PRINCIPAL, "THTT", None),
    ("th.thanhtuyen.pht", Role.DEPUTY_PRINCIPAL, "THTT", None),
]


def _snapshot():
    return {
        "units": list(Unit.objects.order_by("pk").values_list("pk", "kind", "level", "name", "symbol", "path")),
        "people": list(Person.objects.order_by("pk").values_list("pk", "unit_id", "full_name", "date_of_birth")),
        "users": list(User.objects.order_by("pk").values_list("pk", "username", "password")),
        "memberships": list(Membership.objects.order_by("pk").values_list("pk", "user_id", "unit_id", "role")),
        "periods": list(Period.objects.order_by("pk").values_list("pk", "name", "is_current")),
    }


@pytest.fixture
def demo(db):
    return build_demo(today=TODAY)


def test_units_form_the_dau_tieng_tree(demo):
    province = Unit.objects.get(kind=UnitKind.PROVINCE_DEPARTMENT)
    district = Unit.objects.get(kind=UnitKind.DISTRICT_OFFICE)
    school_levels = list(Unit.objects.filter(kind=UnitKind.SCHOOL).values_list("level", flat=True))

    assert Unit.objects.count() == 44
    assert (province.name, province.print_name, province.governing_body, province.symbol, province.place_name) == (
        "Sở Giáo dục và Đào tạo tỉnh Bình Dương",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "UBND TỈNH BÌNH DƯƠNG",
        "SGDĐT",
        "Bình Dương",
    )
    assert province.parent is None
    assert (district.name, district.print_name, district.governing_body, district.symbol, district.place_name) == (
        "Phòng Giáo dục và Đào tạo huyện Dầu Tiếng",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "UBND HUYỆN DẦU TIẾNG",
        "PGDĐT",
        "Dầu Tiếng",
    )
    assert district.parent == province
    assert school_levels.count(SchoolLevel.PRESCHOOL) == 17
    assert school_levels.count(SchoolLevel.PRIMARY) == 16
    assert school_levels.count(SchoolLevel.LOWER_SECONDARY) == 9
    assert Unit.objects.filter(kind=UnitKind.SCHOOL).exclude(parent=district).count() == 0


def test_schools_carry_their_document_header(demo):
    school = Unit.objects.get(symbol="THTT")
    symbols = list(Unit.objects.values_list("symbol", flat=True))

    assert (school.name, school.print_name, school.governing_body, school.place_name, school.level) == (
        "Trường Tiểu học Thanh Tuyền",
        "TRƯỜNG TIỂU HỌC THANH TUYỀN",
        "PHÒNG GDĐT DẦU TIẾNG",
        "Dầu Tiếng",
        SchoolLevel.PRIMARY,
    )
    assert len(set(symbols)) == 44
    for unit in Unit.objects.filter(kind=UnitKind.SCHOOL):
        assert unit.print_name == unit.name.upper()
        assert unit.governing_body == "PHÒNG GDĐT DẦU TIẾNG"


def test_every_school_has_between_20_and_60_staff_led_by_one_principal(demo):
    for school in Unit.objects.filter(kind=UnitKind.SCHOOL):
        staff = list(school.staff.values_list("position", "category"))
        assert 20 <= len(staff) <= 60, school.name
        assert staff.count(("Hiệu trưởng", StaffCategory.MANAGER)) == 1, school.name
        assert 1 <= staff.count(("Phó hiệu trưởng", StaffCategory.MANAGER)) <= 2, school.name
        assert {category for position, category in staff if position == "Giáo viên"} == {StaffCategory.TEACHER}
        assert {
            category for position, category in staff if position.startswith("Nhân viên") or position == "Bảo vệ"
        } == {StaffCategory.EMPLOYEE}
        managers = {position for position, category in staff if category == StaffCategory.MANAGER}
        assert managers == {"Hiệu trưởng", "Phó hiệu trưởng"}


def test_staff_totals(demo):
    assert Person.objects.count() == 1538
    assert Person.objects.filter(unit__symbol="PGDĐT").count() == 11
    assert demo.people_created == 1538
    assert demo.people_total == 1538


def test_people_are_believable(demo):
    people = list(Person.objects.select_related("unit"))
    ids = [person.national_id for person in people if person.national_id]

    for person in people:
        assert dt.date(1965, 1, 1) <= person.date_of_birth <= dt.date(2001, 12, 31)
        born = person.date_of_birth
        assert person.sector_start_date >= born.replace(year=born.year + 20, day=min(born.day, 28))
        assert person.sector_start_date <= dt.date(2025, 9, 1)
        assert person.sort_name == " ".join([person.full_name.split()[-1], *person.full_name.split()[:-1]])
        assert (
            person.search_name
            == unicodedata.normalize("NFD", person.full_name.lower().replace("đ", "d"))
            .encode("ascii", "ignore")
            .decode()
        )
        if person.position == "Bảo vệ":
            assert person.sex == Sex.MALE
    assert len(ids) == len(set(ids))
    assert all(len(number) == 12 and number.isdigit() and number.startswith("074") for number in ids)
    assert 0.5 < len(ids) / len(people) < 0.9
    preschool = [person.sex for person in people if person.unit.level == SchoolLevel.PRESCHOOL]
    assert preschool.count(Sex.FEMALE) / len(preschool) > 0.85


def test_names_are_stored_in_nfc(demo):
    texts = [
        *Person.objects.values_list("full_name", flat=True),
        *Person.objects.values_list("position", flat=True),
        *Unit.objects.values_list("name", flat=True),
        *Unit.objects.values_list("print_name", flat=True),
        *Unit.objects.values_list("symbol", flat=True),
        *User.objects.values_list("first_name", flat=True),
    ]

    assert [text for text in texts if unicodedata.normalize("NFC", text) != text] == []


def test_periods_current_and_previous_school_year_are_placed_around_today(demo):
    assert list(Period.objects.values_list("name", "start_date", "end_date", "is_current")) == [
        ("2026-2027", dt.date(2026, 9, 18), dt.date(2027, 9, 17), True),
        ("2025-2026", dt.date(2025, 9, 18), dt.date(2026, 9, 17), False),
    ]
    assert demo.period == Period.objects.get(is_current=True)


def test_one_account_per_role_with_the_demo_password(demo):
    memberships = Membership.objects.select_related("user", "unit", "person").order_by("user__username")

    assert [(m.user.username, m.role, m.unit.symbol) for m in memberships] == [
        (username, role, symbol) for username, role, symbol, _ in EXPECTED_ACCOUNTS
    ]
    for membership, (_, _, _, person_name) in zip(memberships, EXPECTED_ACCOUNTS, strict=True):
        assert membership.user.check_password("demo12345")
        assert membership.person is not None
        if person_name:
            assert membership.person.full_name == person_name
        assert membership.user.get_full_name() == membership.person.full_name
    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (True, True)
    assert User.objects.filter(is_superuser=True).count() == 1
    assert User.objects.filter(is_staff=True).count() == 1


def test_principal_account_points_at_the_principal_of_thanh_tuyen(demo):
    principal = Membership.objects.get(user__username="th.thanhtuyen.ht")
    deputy = Membership.objects.get(user__username="th.thanhtuyen.pht")

    assert principal.unit.name == "Trường Tiểu học Thanh Tuyền"
    assert principal.person.unit == principal.unit
    assert principal.person.position == "Hiệu trưởng"
    assert principal.person == Person.objects.get(unit=principal.unit, position="Hiệu trưởng")
    assert deputy.unit == principal.unit
    assert deputy.person.unit == principal.unit
    assert deputy.person.position == "Phó hiệu trưởng"


def test_running_twice_changes_nothing(demo):
    before = _snapshot()

    again = build_demo(today=TODAY)

    assert _snapshot() == before
    assert (again.units_created, again.people_created, again.periods_created) == (0, 0, 0)
    assert [row.created for row in again.accounts] == [False] * 7


def test_a_second_run_keeps_changed_passwords_and_restores_only_what_is_missing(demo):
    user = User.objects.get(username="th.thanhtuyen.ht")
    user.set_password("doi-mat-khau-2025")
    user.save()
    removed = Person.objects.filter(unit__symbol="MNHM", position="Giáo viên").order_by("pk").last()
    removed_key = (removed.full_name, removed.date_of_birth)
    removed.delete()

    again = build_demo(today=TODAY)

    user.refresh_from_db()
    assert user.check_password("doi-mat-khau-2025")
    assert again.people_created == 1
    assert (
        Person.objects.filter(unit__symbol="MNHM", full_name=removed_key[0], date_of_birth=removed_key[1]).count() == 1
    )
    assert Person.objects.count() == 1538


def test_generated_staff_is_the_same_on_every_run():
    school = schools()[0]

    assert generate_staff(school, set()) == generate_staff(school, set())


def test_the_current_period_moves_only_when_2026_2027_is_created(db):
    Period.objects.create(
        name="2023-2024", start_date=dt.date(2023, 9, 1), end_date=dt.date(2024, 8, 31), is_current=True
    )

    build_demo(today=TODAY)
    moved_to = Period.objects.get(is_current=True).name
    Period.objects.filter(name="2026-2027").update(is_current=False)
    Period.objects.filter(name="2023-2024").update(is_current=True)
    build_demo(today=TODAY)

    assert (moved_to, Period.objects.get(is_current=True).name) == ("2026-2027", "2023-2024")


def test_a_run_a_year_later_adds_the_next_school_year(demo):
    later = build_demo(today=dt.date(2027, 12, 2))

    assert later.periods_created == 1
    assert list(Period.objects.values_list("name", "is_current")) == [
        ("2027-2028", True),
        ("2026-2027", False),
        ("2025-2026", False),
    ]


def test_command_prints_the_summary(db):
    out = StringIO()

    call_command("load_demo", stdout=out)

    text = out.getvalue()
    assert "Preschool (MG-MN) schools: 17" in text
    assert "Primary (TH) schools: 16" in text
    assert "Lower-secondary (THCS) schools: 9" in text
    assert "1538 people (1538 created now)" in text
    assert "demo12345" in text
    for username, *_ in EXPECTED_ACCOUNTS:
        assert username in text

    out = StringIO()
    call_command("load_demo", stdout=out)

    assert "1538 people (0 created now)" in out.getvalue()
    assert "created now: 0" in out.getvalue()
