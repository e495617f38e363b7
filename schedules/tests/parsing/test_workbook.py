"""The timeline read from a workbook through the guarded reader: its refusals, its budget, its sheets."""

import datetime as dt
import io
import time

import pytest
from django.utils import translation

from emulation.management.commands.bench_workbook_guard import base_workbook, deflate_bomb, shared_strings_bomb
from schedules.parsing.results import TimelineImportError
from schedules.parsing.workbook import parse_timeline_xlsx

START, END = dt.date(2023, 9, 1), dt.date(2024, 8, 31)
HEADER = ["TT", "Nội dung", "Thời gian hoàn thành", "Đơn vị thực hiện"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def workbook(*sheets, active: int = 0) -> io.BytesIO:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.active = active
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def refusal(data, **kwargs) -> TimelineImportError:
    with pytest.raises(TimelineImportError) as caught:
        parse_timeline_xlsx(data, period_start=START, period_end=END, **kwargs)
    return caught.value


def test_a_shared_strings_bomb_is_refused_with_the_readers_message():
    error = refusal(io.BytesIO(shared_strings_bomb(300_000)))

    assert (error.code, error.messages) == (
        "shared_strings",
        ["“the workbook” holds more than 200.000 different texts: split it into smaller files."],
    )


def test_a_deflate_bomb_is_refused_before_it_is_unpacked():
    error = refusal(io.BytesIO(deflate_bomb(8)))

    assert (error.code, error.messages) == (
        "ratio",
        [
            "“the workbook” has a part that unpacks to more than 100 times its packed size: Excel does not write "
            "such files, so it is refused."
        ],
    )


def test_a_cut_off_workbook_is_refused_as_damaged():
    data = base_workbook()

    error = refusal(io.BytesIO(data[: len(data) // 2]))

    assert error.code == "damaged"


def test_the_configured_time_budget_applies(settings):
    settings.WORKBOOK_TIME_BUDGET_SECONDS = 0

    error = refusal(workbook(("Khung", [HEADER, [1, "Họp", "Ngày 15/8/2024", "Phòng GDĐT"]])))

    assert (error.code, error.messages) == (
        "too_slow",
        ["Reading “the workbook” took longer than 0 seconds: split it into smaller files."],
    )


def test_the_header_is_looked_for_on_the_active_sheet_first_then_the_others():
    data = workbook(
        ("Bìa", [["KẾ HOẠCH"], ["Thời gian", "Nội dung"]]),
        ("Khung", [HEADER, [1, "Họp xét thi đua", "Ngày 15/8/2024", "Phòng GDĐT"]]),
        ("Khác", [HEADER, [1, "Không đọc", "Ngày 16/8/2024", "Phòng GDĐT"]]),
        active=1,
    )

    rows = parse_timeline_xlsx(data, period_start=START, period_end=END)

    assert [(row.row, row.order, row.content, row.due.due_on) for row in rows] == [
        (2, 1, "Họp xét thi đua", dt.date(2024, 8, 15))
    ]


def test_the_header_is_found_among_the_first_rows_holding_a_value():
    rows_above = [["KHUNG KẾ HOẠCH"]] + [[]] * 40 + [HEADER, [1, "Họp", "Ngày 15/8/2024", "Phòng GDĐT"]]

    rows = parse_timeline_xlsx(workbook(("Khung", rows_above)), period_start=START, period_end=END)

    assert [(row.row, row.content) for row in rows] == [(43, "Họp")]


def test_a_formula_without_its_saved_value_reads_as_an_empty_cell():
    data = workbook(("Khung", [HEADER, [1, '=CONCAT("Họp", " xét")', "Ngày 15/8/2024", "Phòng GDĐT"]]))

    rows = parse_timeline_xlsx(data, period_start=START, period_end=END)

    assert [(row.content, [str(problem) for problem in row.problems]) for row in rows] == [
        ("", ["cell B2: The row has no content."])
    ]


def numbered_rows(count: int) -> list[list]:
    return [HEADER] + [[n, f"Nội dung {n}", "Trước ngày 11/11/2023", "Phòng GDĐT"] for n in range(1, count + 1)]


def test_a_sheet_of_thousands_of_rows_is_refused_before_it_is_read():
    data = workbook(("Khung", numbered_rows(20_000)))
    started = time.perf_counter()

    error = refusal(data)

    assert time.perf_counter() - started < 1
    assert (error.code, error.messages) == (
        "rows",
        ["The sheet has more than 1.000 rows: a plan's timeline is shorter; upload the appendix's table only."],
    )


def test_more_numbered_rows_than_a_plan_has_milestones_are_refused():
    assert len(parse_timeline_xlsx(workbook(("Khung", numbered_rows(200))), period_start=START, period_end=END)) == 200

    error = refusal(workbook(("Khung", numbered_rows(201))))

    assert (error.code, error.messages) == (
        "too_many",
        ["The table has more than 200 numbered rows: a plan's timeline has fewer milestones."],
    )


def test_continuation_rows_are_joined_up_to_a_milestones_length():
    continued = [HEADER, [1, "Họp", "Ngày 15/8/2024", "Phòng GDĐT"]] + [[None, "x" * 39]] * 99
    too_long = [HEADER, [1, "Họp", "Ngày 15/8/2024", "Phòng GDĐT"]] + [[None, "x" * 39]] * 100

    rows = parse_timeline_xlsx(workbook(("Khung", continued)), period_start=START, period_end=END)
    error = refusal(workbook(("Khung", too_long)))

    assert rows[0].content == " ".join(["Họp"] + ["x" * 39] * 99)
    assert len(rows[0].content) == 3_963
    assert (error.code, error.messages) == (
        "too_long",
        ["Row 2 holds a text of more than 4.000 characters: a milestone's is shorter."],
    )
