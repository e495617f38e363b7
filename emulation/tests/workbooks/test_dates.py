import datetime as dt

import pytest
from django.utils import timezone

from emulation.workbooks.cells import CellError
from emulation.workbooks.dates import read_date


def error_of(value, **kwargs) -> str:
    with pytest.raises(CellError) as caught:
        read_date(value, **kwargs)
    return caught.value.message


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("17/05/1985", dt.date(1985, 5, 17)),
        ("7/5/1985", dt.date(1985, 5, 7)),
        ("17.05.1985", dt.date(1985, 5, 17)),
        ("17-05-1985", dt.date(1985, 5, 17)),
        (" 17 / 05 / 1985 ", dt.date(1985, 5, 17)),
        ("1985-05-17", dt.date(1985, 5, 17)),
        ("1985-05-17 00:00:00", dt.date(1985, 5, 17)),
        (dt.datetime(1985, 5, 17, 0, 0), dt.date(1985, 5, 17)),
        (dt.date(1985, 5, 17), dt.date(1985, 5, 17)),
        (31184, dt.date(1985, 5, 17)),
        (45292.0, dt.date(2024, 1, 1)),
        (None, None),
        ("  ", None),
    ],
)
def test_read_date_reads_every_accepted_form(written, expected):
    assert read_date(written) == expected


def test_read_date_refuses_a_day_that_does_not_exist():
    assert error_of("31/02/2024") == "Ngày “31/02/2024” không tồn tại: tháng 2 năm 2024 chỉ có 29 ngày."
    assert error_of("2023-02-29") == "Ngày “2023-02-29” không tồn tại: tháng 2 năm 2023 chỉ có 28 ngày."


def test_read_date_refuses_before_1900():
    assert error_of("15/03/1899") == "“15/03/1899” trước ngày 01/01/1900: hãy kiểm tra lại năm."


def test_read_date_refuses_the_future_when_asked():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    written = tomorrow.strftime("%d/%m/%Y")

    assert read_date(written) == tomorrow
    assert error_of(written, not_after=timezone.localdate) == f"Ngày {written} nằm trong tương lai."


def test_read_date_refuses_after_a_past_limit():
    assert error_of("02/09/2024", not_after=dt.date(2024, 9, 1)) == "“02/09/2024” sau ngày 01/09/2024."


@pytest.mark.parametrize("written", ["17/05/85", "17/05-1985", "mười bảy", "13/13/2020", "0/5/2020", True])
def test_read_date_refuses_what_is_not_a_date(written):
    assert error_of(written) == f"“{written}” không phải là ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy."


def test_read_date_refuses_a_bare_year():
    assert error_of(1985) == "“1985” chỉ là năm: hãy ghi đủ ngày theo dạng dd/mm/yyyy."


def test_read_date_required():
    assert error_of(None, required=True) == "Chưa điền: ô này phải có giá trị."
