import datetime as dt
import random
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from emulation.enums import Role, SchoolLevel, Sex, StaffCategory, UnitKind
from emulation.text import nfc

M, F = Sex.MALE, Sex.FEMALE
MANAGER, TEACHER, EMPLOYEE = StaffCategory.MANAGER, StaffCategory.TEACHER, StaffCategory.EMPLOYEE

DATA_DIR = Path(__file__).with_name("data")
DEMO_PASSWORD = "demo12345"
PLACE = "Dầu Tiếng"
SCHOOL_GOVERNING_BODY = "PHÒNG GDĐT DẦU TIẾNG"
PROVINCE_CODE = "074"  # Bình Dương, the first three digits of a citizen identity number
LATEST_SECTOR_START = dt.date(2025, 9, 1)


@dataclass(frozen=True)
class UnitSpec:
    kind: str
    name: str
    print_name: str
    governing_body: str
    symbol: str
    place_name: str
    level: str = ""

    def unit_fields(self) -> dict:
        """The fields of the :class:`~emulation.models.Unit` this describes."""
        return asdict(self)


PROVINCE = UnitSpec(
    kind=UnitKind.PROVINCE_DEPARTMENT,
    name="Sở Giáo dục và Đào tạo tỉnh Bình Dương",
    print_name="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    governing_body="UBND TỈNH BÌNH DƯƠNG",
    symbol="SGDĐT",
    place_name="Bình Dương",
)


DISTRICT = UnitSpec(
    kind=UnitKind.DISTRICT_OFFICE,
    name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng",
    print_name="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
    governing_body="UBND HUYỆN DẦU TIẾNG",
    symbol="PGDĐT",
    place_name=PLACE,
)


# The emulation blocks of the Dầu Tiếng plan: Khối 1 MG-MN, Khối 2 TH, Khối 3 THCS.
BLOCKS = (
    (1, "Khối thi đua số 1 (Mẫu giáo - Mầm non)", SchoolLevel.PRESCHOOL),
    (2, "Khối thi đua số 2 (Tiểu học)", SchoolLevel.PRIMARY),
    (3, "Khối thi đua số 3 (Trung học cơ sở)", SchoolLevel.LOWER_SECONDARY),
)


@dataclass(frozen=True)
class PersonSpec:
    full_name: str
    sex: str
    date_of_birth: dt.date
    position: str
    category: str
    sector_start_date: dt.date
    national_id: str = ""


# The district office: the three the Dầu Tiếng plan names and colleagues of theirs.
DISTRICT_STAFF = (
    PersonSpec("Tạ Tấn Tuấn", M, dt.date(1971, 3, 15), "Trưởng phòng", MANAGER, dt.date(1993, 9, 1)),
    PersonSpec("Huỳnh Thị Thu Hà", F, dt.date(1976, 8, 4), "Phó Trưởng phòng", MANAGER, dt.date(1998, 9, 1)),
    PersonSpec("Trần Minh Hiếu", M, dt.date(1979, 12, 9), "Phó Trưởng phòng", MANAGER, dt.date(2001, 9, 1)),
    PersonSpec("Lê Văn Ban", M, dt.date(1977, 6, 20), "Chuyên viên", EMPLOYEE, dt.date(1999, 9, 1)),
    PersonSpec("Nguyễn Văn Thiện", M, dt.date(1983, 11, 2), "Chuyên viên", EMPLOYEE, dt.date(2005, 9, 1)),
    PersonSpec("Phạm Thị Ngọc Diễm", F, dt.date(1985, 2, 27), "Chuyên viên", EMPLOYEE, dt.date(2007, 9, 1)),
    PersonSpec("Võ Thanh Tùng", M, dt.date(1981, 7, 11), "Chuyên viên", EMPLOYEE, dt.date(2004, 9, 1)),
    PersonSpec("Đặng Thị Mỹ Linh", F, dt.date(1988, 5, 30), "Chuyên viên", EMPLOYEE, dt.date(2010, 9, 1)),
    PersonSpec("Phạm Minh Khoa", M, dt.date(1990, 10, 18), "Chuyên viên công nghệ thông tin", EMPLOYEE, dt.date(2013, 3, 1)),
    PersonSpec("Bùi Thị Kim Loan", F, dt.date(1984, 1, 23), "Kế toán", EMPLOYEE, dt.date(2006, 10, 1)),
    PersonSpec("Ngô Thị Hồng Nhung", F, dt.date(1992, 9, 5), "Văn thư", EMPLOYEE, dt.date(2015, 8, 1)),
)  # fmt: skip


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    unit_symbol: str
    person_position: str  # the linked staff member is found by unit and position, or by name below
    person_name: str = ""
    superuser: bool = False


ACCOUNTS = (
    AccountSpec("admin", Role.ADMINISTRATOR, "PGDĐT", "", "Phạm Minh Khoa", superuser=True),
    AccountSpec("phong.chuyenvien", Role.DISTRICT_STAFF, "PGDĐT", "", "Lê Văn Ban"),
    AccountSpec("phong.truongphong", Role.DISTRICT_HEAD, "PGDĐT", "", "Tạ Tấn Tuấn"),
    AccountSpec("hd.thuky", Role.COUNCIL_SECRETARY, "PGDĐT", "", "Nguyễn Văn Thiện"),
    AccountSpec("hd.uyvien", Role.COUNCIL_MEMBER, "PGDĐT", "", "Huỳnh Thị Thu Hà"),
    AccountSpec("th.thanhtuyen.ht", Role.PRINCIPAL, "THTT", "Hiệu trưởng"),
    AccountSpec("th.thanhtuyen.pht", Role.DEPUTY_PRINCIPAL, "THTT", "Phó hiệu trưởng"),
)


def _rows(filename: str) -> list[list[str]]:
    lines = (DATA_DIR / filename).read_text(encoding="utf-8").splitlines()
    return [[nfc(cell) for cell in line.split("\t")] for line in lines if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Weighted:
    values: tuple[str, ...]
    weights: tuple[int, ...]

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.values, weights=self.weights)[0]


def _weighted(filename: str) -> Weighted:
    rows = _rows(filename)
    return Weighted(tuple(row[0] for row in rows), tuple(int(row[1]) if len(row) > 1 else 1 for row in rows))


@cache
def names() -> dict[str, Weighted]:
    return {
        "family": _weighted("family_names.tsv"),
        f"middle_{F}": _weighted("middle_names_female.tsv"),
        f"middle_{M}": _weighted("middle_names_male.tsv"),
        f"given_{F}": _weighted("given_names_female.tsv"),
        f"given_{M}": _weighted("given_names_male.tsv"),
    }


@cache
def schools() -> tuple[UnitSpec, ...]:
    specs = []
    for level, name, symbol in _rows("schools.tsv"):
        specs.append(
            UnitSpec(
                kind=UnitKind.SCHOOL,
                level=SchoolLevel(level),
                name=name,
                print_name=name.upper(),
                governing_body=SCHOOL_GOVERNING_BODY,
                symbol=symbol,
                place_name=PLACE,
            )
        )
    return tuple(specs)
