import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from django.utils import translation

from emulation.enums import SchoolLevel, UnitKind
from emulation.models import Unit
from emulation.tests.factories import DistrictFactory, SchoolFactory
from schedules.parsing.actors import match_actors
from schedules.parsing.dates import parse_due
from schedules.parsing.results import ActorKind, DueKind, TimelineImportError
from schedules.parsing.tables import parse_timeline_text
from schedules.parsing.workbook import parse_timeline_xlsx

SEED_APPENDIX = Path(__file__).parent.parent / "fixtures" / "seed003_appendix.txt"
START, END = dt.date(2023, 9, 1), dt.date(2024, 8, 31)
D = dt.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def due(text, **kwargs):
    return parse_due(text, period_start=START, period_end=END, **kwargs)


def window(result):
    return (result.kind, result.opens_on, result.due_on, result.problem)


# --------------------------------------------------------------------------- parse_due


@pytest.mark.parametrize(
    ("text", "kind", "opens_on", "due_on"),
    [
        ("Trước ngày 11/11/2023", DueKind.BEFORE, None, D(2023, 11, 10)),
        ("Ngày 15/8/2024", DueKind.ON, D(2024, 8, 15), D(2024, 8, 15)),
        ("Trong tháng 11/2023", DueKind.MONTH, D(2023, 11, 1), D(2023, 11, 30)),
        ("Tháng 02/2024", DueKind.MONTH, D(2024, 2, 1), D(2024, 2, 29)),
        ("Từ 15/3 đến 29/3/2024", DueKind.RANGE, D(2024, 3, 15), D(2024, 3, 29)),
        ("Từ 12/8 đến 14/8/2024", DueKind.RANGE, D(2024, 8, 12), D(2024, 8, 14)),
        ("trước 30/10", DueKind.BEFORE, None, D(2023, 10, 29)),
        ("Hạn chót 05/12/2023", DueKind.BEFORE, None, D(2023, 12, 5)),
        ("Hạn chót: 05/12/2023", DueKind.BEFORE, None, D(2023, 12, 5)),
        ("chậm nhất ngày 20/5/2024", DueKind.BEFORE, None, D(2024, 5, 20)),
        ("Chậm nhất là ngày 20-5-2024", DueKind.BEFORE, None, D(2024, 5, 20)),
        ("từ ngày 01/12/2023 đến ngày 15/12/2023", DueKind.RANGE, D(2023, 12, 1), D(2023, 12, 15)),
        ("Từ ngày 12 đến ngày 14/8/2024", DueKind.RANGE, D(2024, 8, 12), D(2024, 8, 14)),
        ("12 - 14/8/2024", DueKind.RANGE, D(2024, 8, 12), D(2024, 8, 14)),
        ("Từ 15/3/2024 – 29/3/2024", DueKind.RANGE, D(2024, 3, 15), D(2024, 3, 29)),
        ("Từ 20/12 đến 10/01/2024", DueKind.RANGE, D(2023, 12, 20), D(2024, 1, 10)),
        ("Từ 20/5 đến 31/5", DueKind.RANGE, D(2024, 5, 20), D(2024, 5, 31)),
        ("Trước ngày 11-11-2023", DueKind.BEFORE, None, D(2023, 11, 10)),
        ("Trước ngày 11.11.2023", DueKind.BEFORE, None, D(2023, 11, 10)),
        ("Trước ngày 11/11/23", DueKind.BEFORE, None, D(2023, 11, 10)),
        ("Trước ngày 11 / 11 / 2023", DueKind.BEFORE, None, D(2023, 11, 10)),
        ("  TRƯỚC   NGÀY   11/11/2023. ", DueKind.BEFORE, None, D(2023, 11, 10)),
        ("Truoc ngay 11/11/2023", DueKind.BEFORE, None, D(2023, 11, 10)),
        ("Trước ngày 11/11/2023 (thứ Bảy)", DueKind.BEFORE, None, D(2023, 11, 10)),
        ("Trước ngày 15/4", DueKind.BEFORE, None, D(2024, 4, 14)),
        ("Trước ngày 15/10", DueKind.BEFORE, None, D(2023, 10, 14)),
        ("Trước ngày 01/3/2024", DueKind.BEFORE, None, D(2024, 2, 29)),
        ("Ngày 15 tháng 8 năm 2024", DueKind.ON, D(2024, 8, 15), D(2024, 8, 15)),
        ("15/8/2024", DueKind.ON, D(2024, 8, 15), D(2024, 8, 15)),
        ("tháng 9", DueKind.MONTH, D(2023, 9, 1), D(2023, 9, 30)),
        ("Trong tháng 11 năm 2023", DueKind.MONTH, D(2023, 11, 1), D(2023, 11, 30)),
        ("Tháng 2/24", DueKind.MONTH, D(2024, 2, 1), D(2024, 2, 29)),
    ],
)
def test_parse_due_reads_each_phrase_form(text, kind, opens_on, due_on):
    result = due(text)

    assert window(result) == (kind, opens_on, due_on, None)
    assert result.ok is True
    assert result.text == " ".join(text.split())


SCHOOL_YEAR = D(2025, 9, 1), D(2026, 8, 31)


@pytest.mark.parametrize(
    ("text", "opens_on", "due_on"),
    [
        ("Từ tháng 10 đến tháng 12 năm 2025", D(2025, 10, 1), D(2025, 12, 31)),
        ("Tháng 3 - tháng 4/2026", D(2026, 3, 1), D(2026, 4, 30)),
        ("Tháng 1-2/2026", D(2026, 1, 1), D(2026, 2, 28)),
        ("Từ tháng 11/2025 đến tháng 2/2026", D(2025, 11, 1), D(2026, 2, 28)),
        ("tháng 4 - 5 năm 2026", D(2026, 4, 1), D(2026, 5, 31)),
        ("Từ tháng 11 đến tháng 2 năm 2026", D(2025, 11, 1), D(2026, 2, 28)),
        ("Từ tháng 11 đến tháng 2", D(2025, 11, 1), D(2026, 2, 28)),
        ("Tháng 03-04", D(2026, 3, 1), D(2026, 4, 30)),
        ("Trong tháng 9 – tháng 10/2025", D(2025, 9, 1), D(2025, 10, 31)),
    ],
)
def test_parse_due_reads_a_range_of_months_as_one_window(text, opens_on, due_on):
    result = parse_due(text, period_start=SCHOOL_YEAR[0], period_end=SCHOOL_YEAR[1])

    assert window(result) == (DueKind.RANGE, opens_on, due_on, None)
    assert result.summary == f"From {opens_on:%d/%m/%Y} to {due_on:%d/%m/%Y}"


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("Tháng 11-23", "invalid_date", "23 is not a valid month."),
        (
            "Từ tháng 11 đến tháng 2 năm 2025",
            "outside_period",
            "01/11/2024 is outside the period (01/09/2025 – 31/08/2026).",
        ),
        (
            "Từ tháng 12/2025 đến tháng 10/2025",
            "end_before_start",
            "The end date 31/10/2025 is before the start date 01/12/2025.",
        ),
    ],
)
def test_parse_due_month_range_never_invents_a_year(text, code, message):
    result = parse_due(text, period_start=SCHOOL_YEAR[0], period_end=SCHOOL_YEAR[1])

    assert (result.kind, result.opens_on, result.due_on) == (DueKind.RANGE, None, None)
    assert (result.problem.code, result.problem.message) == (code, message)


def test_parse_due_year_less_month_range_in_a_two_year_period_asks_for_the_year():
    result = parse_due("Tháng 03-04", period_start=D(2024, 1, 1), period_end=D(2025, 12, 31))

    assert (result.kind, result.due_on, result.problem.code) == (DueKind.RANGE, None, "ambiguous_year")
    assert result.problem.message == (
        "03–04 falls more than once in the period (01/01/2024 – 31/12/2025); write the year."
    )


def test_parse_due_before_is_inclusive_when_asked():
    assert due("Trước ngày 11/11/2023", before_is_inclusive=True).due_on == D(2023, 11, 11)
    assert due("trước 30/10", before_is_inclusive=True).due_on == D(2023, 10, 30)
    assert due("Hạn chót 05/12/2023", before_is_inclusive=False).due_on == D(2023, 12, 5)


def test_parse_due_reads_decomposed_accents_and_keeps_the_text_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Trước ngày 11/11/2023")

    result = due(decomposed)

    assert result.due_on == D(2023, 11, 10)
    assert result.text == "Trước ngày 11/11/2023"


def test_parse_due_summary_shows_the_last_day():
    assert due("Trước ngày 11/11/2023").summary == "Last day: 10/11/2023"
    assert due("Ngày 15/8/2024").summary == "On 15/08/2024"
    assert due("Trong tháng 11/2023").summary == "From 01/11/2023 to 30/11/2023"


@pytest.mark.parametrize(
    ("text", "kind", "code", "message"),
    [
        ("Thường xuyên", None, "unreadable", "Could not read a date in “Thường xuyên”; set the date by hand."),
        ("abc 12", None, "unreadable", "Could not read a date in “abc 12”; set the date by hand."),
        (
            "Sau ngày 15/3/2024",
            None,
            "unreadable",
            "Could not read a date in “Sau ngày 15/3/2024”; set the date by hand.",
        ),
        ("", None, "empty", "No completion time is given."),
        ("31/02/2024", DueKind.ON, "invalid_date", "31/02/2024 is not a valid date."),
        ("Trước ngày 31/02/2024", DueKind.BEFORE, "invalid_date", "31/02/2024 is not a valid date."),
        ("Trước ngày 31/4", DueKind.BEFORE, "invalid_date", "31/04 is not a valid date."),
        ("Tháng 13/2024", DueKind.MONTH, "invalid_date", "13/2024 is not a valid month."),
        ("Từ 30/02 đến 05/3/2024", DueKind.RANGE, "invalid_date", "30/02 is not a valid date."),
        (
            "Trước ngày 11/11/2025",
            DueKind.BEFORE,
            "outside_period",
            "10/11/2025 is outside the period (01/09/2023 – 31/08/2024).",
        ),
        (
            "Trước ngày 01/9/2023",
            DueKind.BEFORE,
            "outside_period",
            "31/08/2023 is outside the period (01/09/2023 – 31/08/2024).",
        ),
        (
            "Tháng 9/2024",
            DueKind.MONTH,
            "outside_period",
            "01/09/2024 is outside the period (01/09/2023 – 31/08/2024).",
        ),
        (
            "Từ 15/3 đến 10/3/2024",
            DueKind.RANGE,
            "end_before_start",
            "The end date 10/03/2024 is before the start date 15/03/2024.",
        ),
        (
            "Từ 20/3/2024 đến 10/3/2024",
            DueKind.RANGE,
            "end_before_start",
            "The end date 10/03/2024 is before the start date 20/03/2024.",
        ),
    ],
)
def test_parse_due_flags_what_it_cannot_use(text, kind, code, message):
    result = due(text)

    assert (result.kind, result.opens_on, result.due_on) == (kind, None, None)
    assert result.ok is False
    assert (result.problem.code, result.problem.message) == (code, message)
    assert result.summary == message


def test_parse_due_year_less_date_outside_a_short_period_is_flagged():
    result = parse_due("Trước ngày 15/4", period_start=D(2024, 9, 1), period_end=D(2024, 12, 31))

    assert result.problem.code == "outside_period"
    assert result.problem.message == "15/04 does not fall within the period (01/09/2024 – 31/12/2024)."


def test_parse_due_year_less_date_twice_in_a_long_period_asks_for_the_year():
    result = parse_due("Trước ngày 15/4", period_start=D(2023, 1, 1), period_end=D(2024, 12, 31))

    assert result.problem.code == "ambiguous_year"
    assert (
        result.problem.message == "15/04 falls more than once in the period (01/01/2023 – 31/12/2024); write the year."
    )


def test_parse_due_year_less_29_february_follows_the_leap_year_of_the_period():
    assert due("Trước ngày 29/02").due_on == D(2024, 2, 28)
    result = parse_due("Ngày 29/02", period_start=D(2024, 9, 1), period_end=D(2025, 8, 31))
    assert result.problem.message == "29/02 does not fall within the period (01/09/2024 – 31/08/2025)."


def test_parse_due_never_raises_on_odd_input():
    for text in [None, "   ", "99/99/9999", "0/0", "Từ đến", "tháng", "Trước ngày", "1/1/1", "((()))", "đ" * 500]:
        result = due(text)
        assert (result.ok, result.due_on) == (False, None)


# --------------------------------------------------------------------------- the Dầu Tiếng plan's appendix as text

SEED_CONTENT_STARTS = [
    "Triển khai công tác thi đua",
    "Nộp hồ sơ đăng ký thi đua",
    "Tổ chức họp ký kết giao ước",
    "Báo cáo Sơ kết tình hình",
    "Ban hành Quyết định thành lập Hội đồng chấm sáng kiến",
    "Nộp hồ sơ đề nghị công nhận hiệu quả",
    "Nộp hồ sơ Kỷ niệm chương",
    "Hội đồng đánh giá sáng kiến",
    "Họp xét thi đua cuối năm học",
    "Nộp hồ sơ xét tặng Huy hiệu",
    "Nộp hồ sơ đề nghị khen thưởng Phong trào",
    "Khởi thi đua Các trường trực thuộc",
    "Nộp Báo cáo tổng kết công tác thi đua, khen thưởng và hồ sơ đề nghị khen thưởng đơn vị",
    "Nộp hồ sơ đề cử “Nhà giáo tiêu biểu",
    "Nộp Báo cáo tổng kết công tác thi đua, khen thưởng và hồ sơ đề nghị khen thưởng Khởi",
    "Hội đồng Thi đua - Khen thưởng ngành GDĐT họp xét",
    "Nộp hồ sơ đề nghị khen thưởng cấp tỉnh",
]
# (kind, opens_on, due_on with "Trước ngày D" ending on D - 1)
SEED_DUES = [
    (DueKind.BEFORE, None, D(2023, 11, 10)),
    (DueKind.BEFORE, None, D(2023, 11, 10)),
    (DueKind.MONTH, D(2023, 11, 1), D(2023, 11, 30)),
    (DueKind.BEFORE, None, D(2024, 1, 14)),
    (DueKind.MONTH, D(2024, 2, 1), D(2024, 2, 29)),
    (DueKind.BEFORE, None, D(2024, 2, 29)),
    (DueKind.BEFORE, None, D(2024, 4, 14)),
    (DueKind.RANGE, D(2024, 3, 15), D(2024, 3, 29)),
    (DueKind.RANGE, D(2024, 5, 20), D(2024, 5, 31)),
    (DueKind.BEFORE, None, D(2024, 5, 30)),
    (DueKind.BEFORE, None, D(2024, 6, 14)),
    (DueKind.BEFORE, None, D(2024, 7, 18)),
    (DueKind.BEFORE, None, D(2024, 7, 29)),
    (DueKind.BEFORE, None, D(2024, 7, 29)),
    (DueKind.BEFORE, None, D(2024, 8, 13)),
    (DueKind.RANGE, D(2024, 8, 12), D(2024, 8, 14)),
    (DueKind.ON, D(2024, 8, 15), D(2024, 8, 15)),
]
SUB = "Các đơn vị trực thuộc Phòng GDĐT"
SEED_ACTOR_TEXTS = [
    SUB,
    SUB,
    "Các Khối thi đua số 1,2,3",
    "Khối trưởng các Khối thi đua số 1,2,3",
    "Các đơn vị trực thuộc Phòng và Phòng GDĐT",
    SUB,
    SUB,
    "Phòng GDĐT",
    SUB,
    SUB,
    SUB,
    SUB,
    SUB,
    "Phòng GDĐT",
    "Các khối thi đua 1,2,3",
    "Phòng GDĐT",
    "Phòng GDĐT",
]


def seed_rows(**kwargs):
    return parse_timeline_text(SEED_APPENDIX.read_text(encoding="utf-8"), period_start=START, period_end=END, **kwargs)


def test_seed_003_appendix_gives_its_17_milestones():
    rows = seed_rows()

    assert [row.order for row in rows] == list(range(1, 18))
    assert [row.content.startswith(start) for row, start in zip(rows, SEED_CONTENT_STARTS, strict=True)] == [True] * 17
    assert [(row.due.kind, row.due.opens_on, row.due.due_on) for row in rows] == SEED_DUES
    assert [row.actor_text for row in rows] == SEED_ACTOR_TEXTS
    assert [row.problems for row in rows] == [[]] * 17


def test_seed_003_rows_keep_their_whole_text():
    rows = seed_rows()

    assert rows[0].content == (
        "Triển khai công tác thi đua, khen thưởng và tổ chức đăng ký thi đua, đăng ký viết sáng kiến"
    )
    assert (rows[0].row, rows[0].due_text) == (8, "Trước ngày 11/11/2023")
    # Row 9 and row 10 are separated by blank lines, as copied from the PDF.
    assert (rows[8].row, rows[8].content) == (16, "Họp xét thi đua cuối năm học 2023 - 2024 (lần 1)")
    assert (rows[9].row, rows[9].due_text) == (20, "Trước ngày 31/5/2024")
    assert (rows[16].due_text, rows[16].actor_text) == ("Ngày 15/8/2024", "Phòng GDĐT")


def test_seed_003_before_inclusive_ends_on_the_written_day():
    rows = seed_rows(before_is_inclusive=True)

    assert [row.due.due_on for row in rows] == [
        D(2023, 11, 11),
        D(2023, 11, 11),
        D(2023, 11, 30),
        D(2024, 1, 15),
        D(2024, 2, 29),
        D(2024, 3, 1),
        D(2024, 4, 15),
        D(2024, 3, 29),
        D(2024, 5, 31),
        D(2024, 5, 31),
        D(2024, 6, 15),
        D(2024, 7, 19),
        D(2024, 7, 30),
        D(2024, 7, 30),
        D(2024, 8, 14),
        D(2024, 8, 14),
        D(2024, 8, 15),
    ]


@pytest.fixture
def district(db):
    return DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng", symbol="PGDĐT", place_name="Dầu Tiếng")


@pytest.fixture
def schools(district):
    return [
        SchoolFactory(name="Trường Mầm non Hoa Sen", level=SchoolLevel.PRESCHOOL, parent=district),
        SchoolFactory(name="Trường Tiểu học Thanh Tuyền", level=SchoolLevel.PRIMARY, parent=district),
        SchoolFactory(name="Trường THCS Minh Hòa", level=SchoolLevel.LOWER_SECONDARY, parent=district),
        SchoolFactory(name="Trường Tiểu học Đã Giải Thể", level=SchoolLevel.PRIMARY, parent=district, is_active=False),
    ]


@pytest.fixture
def other_district_school(db):
    return SchoolFactory(name="Trường Tiểu học Huyện Khác", level=SchoolLevel.PRIMARY)


@pytest.fixture
def units(district, schools, other_district_school):

    return list(Unit.objects.order_by("pk"))


def actors(text, district, units):
    return match_actors(text, issuing_unit=district, units=units)


def test_seed_003_actors_map_to_units_and_blocks(district, schools, units):
    rows = seed_rows(issuing_unit=district, units=units)
    active = (schools[0].pk, schools[1].pk, schools[2].pk)

    kinds = [row.actors.kinds for row in rows]
    assert kinds == [
        (ActorKind.SUB_UNITS,),
        (ActorKind.SUB_UNITS,),
        (ActorKind.BLOCKS,),
        (ActorKind.BLOCK_HEADS,),
        (ActorKind.ISSUING_UNIT, ActorKind.SUB_UNITS),
        *[(ActorKind.SUB_UNITS,)] * 2,
        (ActorKind.ISSUING_UNIT,),
        *[(ActorKind.SUB_UNITS,)] * 5,
        (ActorKind.ISSUING_UNIT,),
        (ActorKind.BLOCKS,),
        (ActorKind.ISSUING_UNIT,),
        (ActorKind.ISSUING_UNIT,),
    ]
    assert rows[0].actors.unit_ids == active
    assert rows[2].actors.block_numbers == (1, 2, 3)
    assert rows[3].actors.block_numbers == (1, 2, 3)
    assert rows[4].actors.unit_ids == (district.pk, *active)
    assert rows[7].actors.unit_ids == (district.pk,)
    assert rows[14].actors.block_numbers == (1, 2, 3)
    assert [row.problems for row in rows] == [[]] * 17


# --------------------------------------------------------------------------- other pasted layouts


def test_text_word_paste_with_a_cell_broken_across_lines():
    text = (
        "STT\tNội dung\tThời gian hoàn thành\tĐơn vị thực hiện\n"
        "01\tTriển khai công tác\n"
        "thi đua\tTrước ngày 11/11/2023\tCác đơn vị trực\n"
        "thuộc Phòng GDĐT\n"
        "02\tHọp khối\tTrong tháng 11/2023\tCác Khối thi đua số 1,2,3\n"
    )

    rows = parse_timeline_text(text, period_start=START, period_end=END)

    assert [(r.row, r.order, r.content, r.due.due_on, r.actor_text, r.problems) for r in rows] == [
        (2, 1, "Triển khai công tác thi đua", D(2023, 11, 10), "Các đơn vị trực thuộc Phòng GDĐT", []),
        (5, 2, "Họp khối", D(2023, 11, 30), "Các Khối thi đua số 1,2,3", []),
    ]


def test_text_pdf_layout_with_columns_of_spaces_and_wrapped_cells():
    text = (
        "KHUNG KẾ HOẠCH THỜI GIAN\n"
        "TT   Nội dung                          Thời gian hoàn thành    Đơn vị thực hiện\n"
        "1.   Triển khai công tác thi đua,      Trước ngày              Các đơn vị trực\n"
        "     khen thưởng                       11/11/2023              thuộc Phòng GDĐT\n"
        "\n"
        "2    Hội đồng đánh giá sáng kiến       Từ 15/3 đến             Phòng GDĐT\n"
        "                                       29/3/2024\n"
        "3.  Nộp hồ sơ về Sở GDĐT  Ngày 15/8/2024  Phòng GDĐT\n"
        "2\n"
    )

    rows = parse_timeline_text(text, period_start=START, period_end=END)

    assert [(r.order, r.content, r.due_text, r.due.due_on, r.actor_text) for r in rows] == [
        (
            1,
            "Triển khai công tác thi đua, khen thưởng",
            "Trước ngày 11/11/2023",
            D(2023, 11, 10),
            "Các đơn vị trực thuộc Phòng GDĐT",
        ),
        (2, "Hội đồng đánh giá sáng kiến", "Từ 15/3 đến 29/3/2024", D(2024, 3, 29), "Phòng GDĐT"),
        (3, "Nộp hồ sơ về Sở GDĐT", "Ngày 15/8/2024", D(2024, 8, 15), "Phòng GDĐT"),
    ]


def test_text_pdf_copy_with_one_cell_per_line():
    text = "1.\nTriển khai công tác thi đua,\nkhen thưởng\nTrước ngày 11/11/2023\nCác đơn vị trực thuộc\nPhòng GDĐT\n"

    rows = parse_timeline_text(text, period_start=START, period_end=END)

    assert [(r.order, r.content, r.due.due_on, r.actor_text) for r in rows] == [
        (1, "Triển khai công tác thi đua, khen thưởng", D(2023, 11, 10), "Các đơn vị trực thuộc Phòng GDĐT")
    ]


def test_text_rows_with_problems_keep_their_text_and_cite_the_line():
    text = "1.\tHọp xét\t31/02/2024\tPhòng GDĐT\n2.\tBáo cáo\tThường xuyên\t\n3.\tA\tNgày 15/8/2024\tB\tC\n"

    rows = parse_timeline_text(text, period_start=START, period_end=END)

    assert [(r.due_text, r.due.due_on) for r in rows] == [
        ("31/02/2024", None),
        ("Thường xuyên", None),
        ("Ngày 15/8/2024", D(2024, 8, 15)),
    ]
    assert [[(p.field, p.row, p.column, p.code) for p in r.problems] for r in rows] == [
        [("due", 1, "", "invalid_date")],
        [("due", 2, "", "unreadable"), ("actor", 2, "", "no_actor")],
        [("actor", 3, "", "extra_cells")],
    ]
    assert str(rows[0].problems[0]) == "line 1: 31/02/2024 is not a valid date."
    assert rows[2].actor_text == "B C"
    assert rows[2].problems[0].message == "The row has 5 cells instead of 4; the extra text was put in the last column."


def test_text_without_numbered_rows_is_refused():
    with pytest.raises(TimelineImportError) as error:
        parse_timeline_text("Nội dung\tThời gian\nkhông có gì", period_start=START, period_end=END)

    assert error.value.messages == ["No numbered rows were found: each row must start with its order number (1, 2, …)."]


# --------------------------------------------------------------------------- Excel


def xlsx(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_xlsx_reads_the_four_columns_and_reports_cells():
    buffer = xlsx(
        [
            ["KHUNG KẾ HOẠCH THỜI GIAN CÔNG TÁC THI ĐUA, KHEN THƯỞNG"],
            [],
            [None, "TT", "Nội dung", "Thời gian hoàn thành", "Đơn vị thực hiện"],
            [None, 1, "Triển khai công tác thi đua", "Trước ngày 11/11/2023", "Các đơn vị trực thuộc Phòng GDĐT"],
            [None, None, "và đăng ký viết sáng kiến", None, None],
            [None, "2.", "Họp xét thi đua", "31/02/2024", "Phòng GDĐT"],
            [None, 3, "Nộp hồ sơ", dt.datetime(2024, 8, 15), "Phòng GDĐT"],
            [],
            [None, "I", None, "Tháng 02/2024", ""],
        ]
    )

    rows = parse_timeline_xlsx(buffer, period_start=START, period_end=END)

    assert [(r.row, r.order, r.content, r.due_text, r.due.opens_on, r.due.due_on, r.actor_text) for r in rows] == [
        (
            4,
            1,
            "Triển khai công tác thi đua và đăng ký viết sáng kiến",
            "Trước ngày 11/11/2023",
            None,
            D(2023, 11, 10),
            "Các đơn vị trực thuộc Phòng GDĐT",
        ),
        (6, 2, "Họp xét thi đua", "31/02/2024", None, None, "Phòng GDĐT"),
        (7, 3, "Nộp hồ sơ", "15/08/2024", D(2024, 8, 15), D(2024, 8, 15), "Phòng GDĐT"),
        (9, None, "", "Tháng 02/2024", D(2024, 2, 1), D(2024, 2, 29), ""),
    ]
    assert [[str(p) for p in r.problems] for r in rows] == [
        [],
        ["cell D6: 31/02/2024 is not a valid date."],
        [],
        [
            "cell B9: The order number is missing or unreadable.",
            "cell C9: The row has no content.",
            "cell E9: The row names no unit to act.",
        ],
    ]
    assert (rows[1].problems[0].row, rows[1].problems[0].column) == (6, "D")


def test_xlsx_matches_actors_when_units_are_given(district, units):
    buffer = xlsx(
        [
            ["TT", "Nội dung", "Thời gian hoàn thành", "Đơn vị thực hiện"],
            [1, "Họp", "Ngày 15/8/2024", "Phòng Nội vụ"],
        ]
    )

    rows = parse_timeline_xlsx(buffer, period_start=START, period_end=END, issuing_unit=district, units=units)

    assert rows[0].actors.kinds == ()
    assert [str(p) for p in rows[0].problems] == [
        "cell D2: “Phòng Nội vụ” does not name units the system knows; choose the units by hand."
    ]


def test_xlsx_that_is_not_a_workbook_is_refused():
    with pytest.raises(TimelineImportError) as error:
        parse_timeline_xlsx(io.BytesIO(b"TT,Noi dung\n1,abc\n"), period_start=START, period_end=END)

    assert error.value.messages == ["The file is not an Excel workbook (.xlsx)."]


def test_xlsx_without_the_header_is_refused():
    buffer = xlsx([["STT", "Họ và tên", "Đơn vị"], [1, "Nguyễn Văn An", "Trường Tiểu học"]])

    with pytest.raises(TimelineImportError) as error:
        parse_timeline_xlsx(buffer, period_start=START, period_end=END)

    assert error.value.messages == [
        "No header row with the columns TT | Nội dung | Thời gian hoàn thành | Đơn vị thực hiện "
        "was found in the first 30 rows."
    ]


def test_xlsx_with_a_header_and_no_rows_is_refused():
    buffer = xlsx([["TT", "Nội dung", "Thời gian hoàn thành", "Đơn vị thực hiện"]])

    with pytest.raises(TimelineImportError) as error:
        parse_timeline_xlsx(buffer, period_start=START, period_end=END)

    assert error.value.code == "no_rows"


# --------------------------------------------------------------------------- match_actors


def test_actors_sub_units_are_the_active_units_directly_under_the_issuer(district, schools, units):
    result = actors("Các đơn vị trực thuộc Phòng GDĐT", district, units)

    assert (result.kinds, result.unit_ids, result.problem) == (
        (ActorKind.SUB_UNITS,),
        (schools[0].pk, schools[1].pk, schools[2].pk),
        None,
    )


def test_actors_issuing_unit_by_generic_name_and_by_its_own_name(district, units):
    for text in [
        "Phòng GDĐT",
        "Phòng Giáo dục và Đào tạo",
        "PGDĐT",
        "phòng gd&đt",
        "Phòng Giáo dục và Đào tạo huyện Dầu Tiếng",
    ]:
        result = actors(text, district, units)
        assert (text, result.kinds, result.unit_ids, result.ok) == (
            text,
            (ActorKind.ISSUING_UNIT,),
            (district.pk,),
            True,
        )


def test_actors_sub_units_and_issuer(district, schools, units):
    result = actors("Các đơn vị trực thuộc Phòng và Phòng GDĐT", district, units)

    assert result.kinds == (ActorKind.ISSUING_UNIT, ActorKind.SUB_UNITS)
    assert result.unit_ids == (district.pk, schools[0].pk, schools[1].pk, schools[2].pk)
    assert result.ok is True


@pytest.mark.parametrize(
    ("text", "kind", "numbers"),
    [
        ("Các Khối thi đua số 1,2,3", ActorKind.BLOCKS, (1, 2, 3)),
        ("Các khối thi đua 1,2,3", ActorKind.BLOCKS, (1, 2, 3)),
        ("Khối thi đua số 1, 2 và 3", ActorKind.BLOCKS, (1, 2, 3)),
        ("Cụm thi đua số 2", ActorKind.BLOCKS, (2,)),
        ("Khối trưởng các Khối thi đua số 1,2,3", ActorKind.BLOCK_HEADS, (1, 2, 3)),
        ("Trưởng khối thi đua số 1 - 3", ActorKind.BLOCK_HEADS, (1, 2, 3)),
    ],
)
def test_actors_blocks_by_number(district, units, text, kind, numbers):
    result = actors(text, district, units)

    assert (result.kinds, result.block_numbers, result.all_blocks, result.unit_ids, result.problem) == (
        (kind,),
        numbers,
        False,
        (),
        None,
    )


def test_actors_blocks_without_numbers_mean_every_block(district, units):
    result = actors("Các khối thi đua", district, units)

    assert (result.kinds, result.block_numbers, result.all_blocks, result.ok) == ((ActorKind.BLOCKS,), (), True, True)


@pytest.mark.parametrize(
    ("text", "levels", "indexes"),
    [
        ("Các trường tiểu học", (SchoolLevel.PRIMARY,), (1,)),
        ("Mầm non", (SchoolLevel.PRESCHOOL,), (0,)),
        ("THCS", (SchoolLevel.LOWER_SECONDARY,), (2,)),
        (
            "Các trường mầm non, tiểu học và THCS",
            (SchoolLevel.PRESCHOOL, SchoolLevel.PRIMARY, SchoolLevel.LOWER_SECONDARY),
            (0, 1, 2),
        ),
        ("Các trường Tiểu học trực thuộc Phòng GDĐT", (SchoolLevel.PRIMARY,), (1,)),
    ],
)
def test_actors_school_levels(district, schools, units, text, levels, indexes):
    result = actors(text, district, units)

    assert (result.kinds, result.levels, result.unit_ids, result.problem) == (
        (ActorKind.LEVEL,),
        levels,
        tuple(schools[i].pk for i in indexes),
        None,
    )


def test_actors_level_without_such_schools_is_flagged(district, units):
    result = actors("Các trường THPT", district, units)

    assert (result.kinds, result.unit_ids) == ((ActorKind.LEVEL,), ())
    assert result.problem.message == (
        "No unit managed by Phòng Giáo dục và Đào tạo huyện Dầu Tiếng matches “Các trường THPT”."
    )


def test_actors_schools_under_the_issuer_leave_out_other_kinds(district, schools, units):
    office = DistrictFactory(name="Tổ công tác", kind=UnitKind.OTHER, parent=district)

    every_unit = actors("Các đơn vị trực thuộc", district, [*units, office])
    schools_only = actors("Các trường trực thuộc Phòng GDĐT", district, [*units, office])

    assert every_unit.unit_ids == (schools[0].pk, schools[1].pk, schools[2].pk, office.pk)
    assert schools_only.unit_ids == (schools[0].pk, schools[1].pk, schools[2].pk)


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        (
            "Phòng Nội vụ",
            "unmatched_actor",
            "“Phòng Nội vụ” does not name units the system knows; choose the units by hand.",
        ),
        ("Sở GDĐT", "unmatched_actor", "“Sở GDĐT” does not name units the system knows; choose the units by hand."),
        (
            "Các đơn vị trực thuộc Phòng GDĐT và Ban đại diện cha mẹ học sinh",
            "partly_unmatched_actor",
            "Part of “Các đơn vị trực thuộc Phòng GDĐT và Ban đại diện cha mẹ học sinh” was not recognised "
            "(“Ban đại diện cha mẹ học sinh”); check the units.",
        ),
        ("", "no_actor", "The row names no unit to act."),
    ],
)
def test_actors_anything_else_is_flagged_with_the_text_kept(district, units, text, code, message):
    result = actors(text, district, units)

    assert (result.text, result.problem.code, result.problem.message) == (text, code, message)


def test_actors_accept_plain_objects(district):
    class Plain:
        def __init__(self, pk, level, parent_id):
            self.pk, self.name, self.kind, self.level, self.parent_id = pk, f"U{pk}", UnitKind.SCHOOL, level, parent_id

    units = [Plain(101, SchoolLevel.PRIMARY, district.pk), Plain(102, SchoolLevel.PRIMARY, 101)]

    assert actors("Các trường tiểu học", district, units).unit_ids == (101, 102)


def test_actors_units_written_by_name(district, schools, units):
    result = actors("Trường Tiểu học Thanh Tuyền và trường THCS Minh Hòa", district, units)

    assert (result.kinds, result.unit_ids, result.problem) == (
        (ActorKind.UNITS,),
        (schools[1].pk, schools[2].pk),
        None,
    )


def test_actors_inactive_unit_by_name_is_not_matched_and_the_rest_is_flagged(district, schools, units):
    result = actors("Trường Tiểu học Đã Giải Thể", district, units)

    assert (result.kinds, result.unit_ids) == ((ActorKind.LEVEL,), (schools[1].pk,))
    assert result.problem.message == (
        "Part of “Trường Tiểu học Đã Giải Thể” was not recognised (“Đã Giải Thể”); check the units."
    )


def test_text_numbered_headings_above_the_header_and_repeated_headers_are_skipped():
    text = (
        "4. Khung kế hoạch thời gian công tác thi đua khen thưởng năm học 2023 - 2024\n"
        "TT\tNội dung\tThời gian hoàn thành\tĐơn vị thực hiện\n"
        "1.\tHọp\tNgày 15/8/2024\tPhòng GDĐT\n"
        "TT\tNội dung\tThời gian hoàn thành\tĐơn vị thực hiện\n"
        "2.\tNộp\tTrước ngày 14/8/2024\tPhòng GDĐT\n"
    )

    rows = parse_timeline_text(text, period_start=START, period_end=END)

    assert [(r.row, r.order, r.content, r.due.due_on, r.problems) for r in rows] == [
        (3, 1, "Họp", D(2024, 8, 15), []),
        (5, 2, "Nộp", D(2024, 8, 13), []),
    ]


# --------------------------------------------------------------------------- timelines written as prose

PROSE_TIMELINE = """\
III. THỜI GIAN VÀ NỘI DUNG THỰC HIỆN
Căn cứ nhiệm vụ năm học, nhà trường xây dựng lộ trình như sau:
1. Tháng 9/2025:
- Xây dựng kế hoạch công tác thi đua, khen thưởng năm học 2025 - 2026;
- Tổ chức cho cán bộ, giáo viên, nhân viên đăng ký danh hiệu thi đua trước ngày 30/9/2025.

**2. Từ tháng 10 đến tháng 12 năm 2025**
– Phát động phong trào thi đua chào mừng ngày Nhà giáo Việt Nam 20/11.
• Đăng ký viết sáng kiến, nộp về tổ chuyên môn
  trước ngày 15/11/2025.
+ Sơ kết phong trào thi đua học kỳ I.
- Tổ chức lễ kỷ niệm ngày 20/11/2025
- 2 -
3. Từ tháng 1 đến tháng 3 năm 2026
* Tổ chức chấm sáng kiến cấp trường (lần 1).
- Kiểm tra hồ sơ thi đua của các tổ chuyên môn.
4. Tháng 4 - tháng 5/2026
- Ngày 20/5/2026: nộp hồ sơ đề nghị khen thưởng về Phòng GDĐT.
- Tổng kết công tác thi đua, khen thưởng năm học, bình xét danh hiệu cuối năm.
IV. TỔ CHỨC THỰC HIỆN
- Hiệu trưởng chỉ đạo chung; các tổ trưởng triển khai đến từng thành viên.
"""
SEPTEMBER = ("Tháng 9/2025", DueKind.MONTH, D(2025, 9, 1), D(2025, 9, 30))
AUTUMN = ("Từ tháng 10 đến tháng 12 năm 2025", DueKind.RANGE, D(2025, 10, 1), D(2025, 12, 31))
WINTER = ("Từ tháng 1 đến tháng 3 năm 2026", DueKind.RANGE, D(2026, 1, 1), D(2026, 3, 31))
SPRING = ("Tháng 4 - tháng 5/2026", DueKind.RANGE, D(2026, 4, 1), D(2026, 5, 31))


def prose_rows(text=PROSE_TIMELINE, **kwargs):
    return parse_timeline_text(text, period_start=SCHOOL_YEAR[0], period_end=SCHOOL_YEAR[1], **kwargs)


def test_prose_gives_one_milestone_per_task_in_its_headings_window():
    rows = prose_rows()

    assert [(r.row, r.order, r.content, r.due_text, r.due.kind, r.due.opens_on, r.due.due_on) for r in rows] == [
        (4, 1, "Xây dựng kế hoạch công tác thi đua, khen thưởng năm học 2025 - 2026", *SEPTEMBER),
        (
            5,
            2,
            "Tổ chức cho cán bộ, giáo viên, nhân viên đăng ký danh hiệu thi đua",
            "trước ngày 30/9/2025",
            DueKind.BEFORE,
            None,
            D(2025, 9, 29),
        ),
        (8, 3, "Phát động phong trào thi đua chào mừng ngày Nhà giáo Việt Nam 20/11", *AUTUMN),
        (
            9,
            4,
            "Đăng ký viết sáng kiến, nộp về tổ chuyên môn",
            "trước ngày 15/11/2025",
            DueKind.BEFORE,
            None,
            D(2025, 11, 14),
        ),
        (11, 5, "Sơ kết phong trào thi đua học kỳ I", *AUTUMN),
        (
            12,
            6,
            "Tổ chức lễ kỷ niệm ngày 20/11/2025",
            "ngày 20/11/2025",
            DueKind.ON,
            D(2025, 11, 20),
            D(2025, 11, 20),
        ),
        (15, 7, "Tổ chức chấm sáng kiến cấp trường (lần 1)", *WINTER),
        (16, 8, "Kiểm tra hồ sơ thi đua của các tổ chuyên môn", *WINTER),
        (
            18,
            9,
            "nộp hồ sơ đề nghị khen thưởng về Phòng GDĐT",
            "Ngày 20/5/2026",
            DueKind.ON,
            D(2026, 5, 20),
            D(2026, 5, 20),
        ),
        (19, 10, "Tổng kết công tác thi đua, khen thưởng năm học, bình xét danh hiệu cuối năm", *SPRING),
    ]
    assert [[p.code for p in r.problems] for r in rows] == [["no_actor"]] * 10


def test_prose_task_deadline_follows_the_plans_before_rule():
    rows = prose_rows(before_is_inclusive=True)

    assert [r.due.due_on for r in rows] == [
        D(2025, 9, 30),
        D(2025, 9, 30),
        D(2025, 12, 31),
        D(2025, 11, 15),
        D(2025, 12, 31),
        D(2025, 11, 20),
        D(2026, 3, 31),
        D(2026, 3, 31),
        D(2026, 5, 20),
        D(2026, 5, 31),
    ]


def test_prose_heading_outside_the_period_flags_its_tasks():
    text = "Từ tháng 4 đến tháng 6 năm 2025\n- Tổng kết năm học\n- Nộp báo cáo trước ngày 10/6/2026\n"

    rows = prose_rows(text)

    assert [(r.due_text, r.due.due_on, [str(p) for p in r.problems]) for r in rows] == [
        (
            "Từ tháng 4 đến tháng 6 năm 2025",
            None,
            [
                "line 2: 01/04/2025 is outside the period (01/09/2025 – 31/08/2026).",
                "line 2: The row names no unit to act.",
            ],
        ),
        ("trước ngày 10/6/2026", D(2026, 6, 9), ["line 3: The row names no unit to act."]),
    ]


def test_prose_headings_may_name_days_and_tasks_may_follow_the_colon():
    text = "Từ 01/9 đến 20/9/2025: rà soát hồ sơ thi đua\n- Họp hội đồng thi đua, ngày 25/9/2025\n"

    rows = prose_rows(text)

    assert [(r.row, r.order, r.content, r.due_text, r.due.opens_on, r.due.due_on) for r in rows] == [
        (1, 1, "rà soát hồ sơ thi đua", "Từ 01/9 đến 20/9/2025", D(2025, 9, 1), D(2025, 9, 20)),
        (2, 2, "Họp hội đồng thi đua", "ngày 25/9/2025", D(2025, 9, 25), D(2025, 9, 25)),
    ]


def test_prose_headings_without_bullets_are_left_to_the_table_reader():
    with pytest.raises(TimelineImportError) as error:
        prose_rows("Tháng 9/2025:\nXây dựng kế hoạch\n")

    assert error.value.code == "no_rows"


# --------------------------------------------------------------------------- tables as pasted: columns by name


def table_rows(text):
    rows = parse_timeline_text(text, period_start=SCHOOL_YEAR[0], period_end=SCHOOL_YEAR[1])
    return [(r.row, r.order, r.content, r.due_text, r.due.due_on, r.actor_text) for r in rows]


def test_text_header_in_another_order_maps_the_columns_by_name():
    text = (
        "TT\tThời gian\tNội dung\tĐơn vị thực hiện\n"
        "1\tTháng 9/2025\tXây dựng kế hoạch thi đua\tPhòng GDĐT\n"
        "2\tTrước ngày 15/10/2025\tNộp hồ sơ đăng ký thi đua\tCác đơn vị trực thuộc\n"
    )

    assert table_rows(text) == [
        (2, 1, "Xây dựng kế hoạch thi đua", "Tháng 9/2025", D(2025, 9, 30), "Phòng GDĐT"),
        (3, 2, "Nộp hồ sơ đăng ký thi đua", "Trước ngày 15/10/2025", D(2025, 10, 14), "Các đơn vị trực thuộc"),
    ]


def test_text_pdf_header_in_another_order_maps_the_columns_by_their_place():
    text = (
        "TT   Thời gian              Nội dung                  Đơn vị thực hiện\n"
        "1.   Tháng 9/2025           Xây dựng kế hoạch         Phòng GDĐT\n"
        "2.   Trước ngày             Nộp hồ sơ đăng ký         Các đơn vị trực\n"
        "     15/10/2025             thi đua                   thuộc Phòng GDĐT\n"
    )

    assert table_rows(text) == [
        (2, 1, "Xây dựng kế hoạch", "Tháng 9/2025", D(2025, 9, 30), "Phòng GDĐT"),
        (
            3,
            2,
            "Nộp hồ sơ đăng ký thi đua",
            "Trước ngày 15/10/2025",
            D(2025, 10, 14),
            "Các đơn vị trực thuộc Phòng GDĐT",
        ),
    ]


def test_text_header_without_an_order_column_numbers_the_rows_as_they_come():
    text = (
        "Nội dung\tThời gian\tNgười thực hiện\n"
        "Xây dựng kế hoạch thi đua\tTháng 9/2025\tHiệu trưởng\n"
        "Nộp sáng kiến về tổ chuyên môn\tTrước ngày 15/11/2025\tGiáo viên\n"
        "và tổ trưởng chuyên môn\n"
        "Sơ kết học kỳ I\tTháng 1/2026\tBan Giám hiệu\n"
    )

    assert table_rows(text) == [
        (2, 1, "Xây dựng kế hoạch thi đua", "Tháng 9/2025", D(2025, 9, 30), "Hiệu trưởng"),
        (
            3,
            2,
            "Nộp sáng kiến về tổ chuyên môn",
            "Trước ngày 15/11/2025",
            D(2025, 11, 14),
            "Giáo viên và tổ trưởng chuyên môn",
        ),
        (5, 3, "Sơ kết học kỳ I", "Tháng 1/2026", D(2026, 1, 31), "Ban Giám hiệu"),
    ]


def test_text_two_column_table_of_content_and_time():
    text = "Nội dung\tThời gian\nXây dựng kế hoạch\tTháng 9/2025\n2. Họp xét thi đua\tTừ tháng 5 đến tháng 6/2026\n"

    rows = parse_timeline_text(text, period_start=SCHOOL_YEAR[0], period_end=SCHOOL_YEAR[1])

    assert [(r.order, r.content, r.due.opens_on, r.due.due_on, r.actor_text) for r in rows] == [
        (1, "Xây dựng kế hoạch", D(2025, 9, 1), D(2025, 9, 30), ""),
        (2, "Họp xét thi đua", D(2026, 5, 1), D(2026, 6, 30), ""),
    ]
    assert [[p.code for p in r.problems] for r in rows] == [["no_actor"], ["no_actor"]]


def test_text_separated_by_bars_as_the_help_text_shows():
    text = (
        "TT | Nội dung | Thời gian hoàn thành | Đơn vị thực hiện\n"
        "1 | Xây dựng kế hoạch | Tháng 9/2025 | Phòng GDĐT\n"
        "2 | Nộp hồ sơ đăng ký | Trước ngày 15/10/2025 | Các đơn vị trực thuộc\n"
    )

    assert table_rows(text) == [
        (2, 1, "Xây dựng kế hoạch", "Tháng 9/2025", D(2025, 9, 30), "Phòng GDĐT"),
        (3, 2, "Nộp hồ sơ đăng ký", "Trước ngày 15/10/2025", D(2025, 10, 14), "Các đơn vị trực thuộc"),
    ]


def test_text_markdown_table_with_its_rule_line():
    text = (
        "| TT | Thời gian | Nội dung | Đơn vị thực hiện |\n"
        "|---:|:---|---|---|\n"
        "| 1 | Tháng 9/2025 | Xây dựng kế hoạch | Phòng GDĐT |\n"
    )

    assert table_rows(text) == [(3, 1, "Xây dựng kế hoạch", "Tháng 9/2025", D(2025, 9, 30), "Phòng GDĐT")]


def test_text_row_longer_than_its_header_is_flagged():
    text = "Nội dung\tThời gian\nHọp\tTháng 9/2025\tPhòng GDĐT\n"

    [row] = parse_timeline_text(text, period_start=SCHOOL_YEAR[0], period_end=SCHOOL_YEAR[1])

    assert (row.content, row.due_text) == ("Họp", "Tháng 9/2025 Phòng GDĐT")
    assert [(p.code, p.field, str(p)) for p in row.problems][0] == (
        "extra_cells",
        "due",
        "line 2: The row has 3 cells instead of 2; the extra text was put in the last column.",
    )


def test_text_repeated_order_numbers_are_flagged_in_vietnamese():
    text = (
        "TT\tNội dung\tThời gian hoàn thành\tĐơn vị thực hiện\n"
        "1.\tXây dựng kế hoạch\tTháng 9/2025\tPhòng GDĐT\n"
        "2.\tNộp hồ sơ đăng ký\tTrước ngày 15/10/2025\tPhòng GDĐT\n"
        "2.\tHọp xét thi đua\tTháng 5/2026\tPhòng GDĐT\n"
    )

    with translation.override("vi"):
        rows = parse_timeline_text(text, period_start=SCHOOL_YEAR[0], period_end=SCHOOL_YEAR[1])
        flags = [[(p.code, p.field, str(p)) for p in r.problems] for r in rows]

    assert flags == [
        [],
        [("repeated_order", "order", "dòng 3: Số thứ tự 2 bị lặp lại (các dòng 3, 4).")],
        [("repeated_order", "order", "dòng 4: Số thứ tự 2 bị lặp lại (các dòng 3, 4).")],
    ]
