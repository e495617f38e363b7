import datetime as dt
import random

from emulation.demo.specs import (
    EMPLOYEE,
    LATEST_SECTOR_START,
    MANAGER,
    PROVINCE_CODE,
    TEACHER,
    F,
    M,
    PersonSpec,
    UnitSpec,
    names,
)
from emulation.enums import SchoolLevel

# Staff size per level, and the share of women by kind of post.
STAFF_SIZE = {SchoolLevel.PRESCHOOL: (20, 40), SchoolLevel.PRIMARY: (25, 50), SchoolLevel.LOWER_SECONDARY: (32, 60)}
FEMALE_SHARE = {
    SchoolLevel.PRESCHOOL: {MANAGER: 0.97, TEACHER: 0.98, EMPLOYEE: 0.85},
    SchoolLevel.PRIMARY: {MANAGER: 0.55, TEACHER: 0.78, EMPLOYEE: 0.7},
    SchoolLevel.LOWER_SECONDARY: {MANAGER: 0.4, TEACHER: 0.65, EMPLOYEE: 0.65},
}


# Posts other than teachers: (position, category, how many), by level. Guards are men.
SUPPORT_POSTS = {
    SchoolLevel.PRESCHOOL: [
        ("Tổ trưởng chuyên môn", TEACHER, 3),
        ("Nhân viên kế toán", EMPLOYEE, 1),
        ("Nhân viên văn thư", EMPLOYEE, 1),
        ("Nhân viên y tế", EMPLOYEE, 1),
        ("Nhân viên nấu ăn", EMPLOYEE, 2),
        ("Bảo vệ", EMPLOYEE, 1),
    ],
    SchoolLevel.PRIMARY: [
        ("Tổ trưởng chuyên môn", TEACHER, 5),
        ("Tổng phụ trách Đội", TEACHER, 1),
        ("Nhân viên kế toán", EMPLOYEE, 1),
        ("Nhân viên văn thư", EMPLOYEE, 1),
        ("Nhân viên y tế", EMPLOYEE, 1),
        ("Nhân viên thư viện", EMPLOYEE, 1),
        ("Nhân viên phục vụ", EMPLOYEE, 1),
        ("Bảo vệ", EMPLOYEE, 1),
    ],
    SchoolLevel.LOWER_SECONDARY: [
        ("Tổ trưởng chuyên môn", TEACHER, 4),
        ("Tổng phụ trách Đội", TEACHER, 1),
        ("Nhân viên kế toán", EMPLOYEE, 1),
        ("Nhân viên văn thư", EMPLOYEE, 1),
        ("Nhân viên y tế", EMPLOYEE, 1),
        ("Nhân viên thư viện", EMPLOYEE, 1),
        ("Nhân viên thiết bị", EMPLOYEE, 1),
        ("Nhân viên phục vụ", EMPLOYEE, 1),
        ("Bảo vệ", EMPLOYEE, 2),
    ],
}


# Birth years by post; women born before 1969 have retired by 2025.
BIRTH_YEARS = {
    MANAGER: (1968, 1986),
    TEACHER: (1969, 2001),
    EMPLOYEE: (1969, 1999),
    "Tổ trưởng chuyên môn": (1970, 1992),
    "Tổng phụ trách Đội": (1985, 1998),
    "Bảo vệ": (1965, 1990),
}


EARLIEST_BIRTH_YEAR = {F: 1969, M: 1965}


def school_posts(level: str, size: int, rng: random.Random) -> list[tuple[str, str]]:
    """(position, category) for every member of a school of *size* people, managers first."""
    deputies = 1 if size < 30 else 2
    posts = [("Hiệu trưởng", MANAGER)] + [("Phó hiệu trưởng", MANAGER)] * deputies
    for position, category, count in SUPPORT_POSTS[level]:
        if position in ("Nhân viên nấu ăn", "Bảo vệ") and size >= 35:
            count += 1
        posts += [(position, category)] * count
    posts += [("Giáo viên", TEACHER)] * (size - len(posts))
    return posts


def _random_date(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def _national_id(rng: random.Random, sex: str, born: dt.date) -> str:
    century_digit = (0 if born.year < 2000 else 2) + (1 if sex == F else 0)
    return f"{PROVINCE_CODE}{century_digit}{born.year % 100:02d}{rng.randrange(10**6):06d}"


def generate_staff(school: UnitSpec, taken_ids: set[str]) -> list[PersonSpec]:
    """The staff of *school*: always the same people for the same symbol.

    *taken_ids* holds the national identity numbers already handed out in this build; new
    ones are added to it so that numbers stay unique across schools.
    """
    rng = random.Random(f"demo-staff:{school.symbol}")
    low, high = STAFF_SIZE[school.level]
    size = rng.randint(low, high)
    staff, seen = [], set()
    for position, category in school_posts(school.level, size, rng):
        women = 0.0 if position == "Bảo vệ" else FEMALE_SHARE[school.level][category]
        sex = F if rng.random() < women else M
        first_year, last_year = BIRTH_YEARS.get(position, BIRTH_YEARS[category])
        while True:
            full_name = " ".join(
                (names()["family"].pick(rng), names()[f"middle_{sex}"].pick(rng), names()[f"given_{sex}"].pick(rng))
            )
            born = _random_date(rng, rng.randint(max(first_year, EARLIEST_BIRTH_YEAR[sex]), last_year))
            if (full_name, born) not in seen:
                seen.add((full_name, born))
                break
        # Entered the sector between 21 and 26 years old, usually at the start of a school year.
        year = min(born.year + rng.randint(21, 26), LATEST_SECTOR_START.year)
        started = dt.date(year, 9, 1) if rng.random() < 0.75 else dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        national_id = ""
        if rng.random() < 0.7:
            national_id = _national_id(rng, sex, born)
            while national_id in taken_ids:
                national_id = _national_id(rng, sex, born)
            taken_ids.add(national_id)
        staff.append(
            PersonSpec(full_name, sex, born, position, category, min(started, LATEST_SECTOR_START), national_id)
        )
    return staff
