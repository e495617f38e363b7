from django.utils import translation
from django.utils.translation import gettext_lazy as _

from emulation.workbooks.cells import Column
from emulation.workbooks.dates import read_date
from emulation.workbooks.headers import find_header
from emulation.workbooks.sheets import Row

COLUMNS = (
    Column("full_name", _("Full name"), required=True, aliases=("ho ten",)),
    Column("date_of_birth", _("Date of birth"), reader=read_date),
    Column("email", _("Email")),
)


def test_header_below_title_rows_is_found_with_columns_in_any_order():
    rows = [
        Row(1, ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",)),
        Row(2, ("DANH SÁCH CÁN BỘ NĂM HỌC 2024–2025",)),
        Row(4, ("STT", "Ngày sinh", "HỌ VÀ TÊN", "Ghi chú")),
        Row(5, (1, "17/05/1985", "Nguyễn Văn An", "")),
    ]

    header = find_header(rows, COLUMNS)

    assert (header.row, header.positions, header.problems) == (4, {"date_of_birth": 1, "full_name": 2}, [])
    assert header.ignored == [("A", "STT"), ("D", "Ghi chú")]
    assert header.ignored_message() == "Các cột sau không được đọc: A (STT), D (Ghi chú)."


def test_header_in_english_with_accents_and_notes_dropped():
    rows = [Row(1, ("Full name", "Date of birth (dd/mm/yyyy)", "EMAIL"))]

    header = find_header(rows, COLUMNS)

    assert header.positions == {"full_name": 0, "date_of_birth": 1, "email": 2}


def test_an_alias_names_a_column():
    assert find_header([Row(1, ("Họ tên",))], COLUMNS).positions == {"full_name": 0}


def test_a_missing_required_column_is_a_problem():
    header = find_header([Row(3, ("Ngày sinh", "Email"))], COLUMNS)

    assert [str(problem) for problem in header.problems] == [
        "Dòng 3: Thiếu cột “Họ và tên”: hãy tải tệp mẫu và chép dữ liệu vào đó."
    ]


def test_a_column_named_twice_is_a_problem():
    header = find_header([Row(1, ("Họ và tên", "Email", "Họ và tên"))], COLUMNS)

    assert [str(problem) for problem in header.problems] == [
        "Dòng 1: Cột “Họ và tên” xuất hiện hai lần (cột A và cột C)."
    ]


def test_no_header_in_the_first_rows():
    rows = [Row(number, (f"dòng {number}",)) for number in range(1, 40)]

    header = find_header(rows, COLUMNS, search_rows=30)

    assert header.row is None
    assert [str(problem) for problem in header.problems] == [
        "Dòng 1: Không tìm thấy dòng tiêu đề có các cột “Họ và tên” trong 30 dòng đầu."
    ]


def test_the_row_naming_most_columns_wins():
    rows = [Row(1, ("Email",)), Row(2, ("Họ và tên", "Email", "Ngày sinh"))]

    assert find_header(rows, COLUMNS).row == 2


def test_ignored_message_is_empty_when_every_column_is_read():
    with translation.override("en"):
        assert find_header([Row(1, ("Full name",))], COLUMNS).ignored_message() == ""
