import datetime as dt
import re
import shutil
import subprocess
import unicodedata

import pytest
from django.templatetags.static import static

from emulation.documents.layout import (
    Signature,
    annex_caption,
    date_line,
    document_header,
    inline_marks,
    keep_year_ranges,
    numbered_heading,
    period_words,
    recipient_lines,
    roman,
)
from emulation.documents.numbering import allocate_number
from emulation.documents.pdf import render_pdf, static_url_fetcher
from emulation.enums import DocumentType, PeriodKind, SignaturePrefix
from emulation.management.commands.bench_documents import SAMPLE_TEMPLATE, sample_plan_context
from emulation.models import Period

BLANK = "\u00a0" * 6
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")


def test_date_line_pads_a_day_below_ten():
    assert date_line("Dầu Tiếng", dt.date(2023, 11, 3)) == "Dầu Tiếng, ngày 03 tháng 11 năm 2023"


def test_date_line_pads_february():
    assert date_line("Dầu Tiếng", dt.date(2024, 2, 15)) == "Dầu Tiếng, ngày 15 tháng 02 năm 2024"


def test_date_line_pads_january():
    assert date_line("Tân Hồng", dt.date(2022, 1, 7)) == "Tân Hồng, ngày 07 tháng 01 năm 2022"


def test_date_line_pads_the_day_of_december():
    assert date_line("Dầu Tiếng", dt.date(2023, 12, 5)) == "Dầu Tiếng, ngày 05 tháng 12 năm 2023"


def test_date_line_does_not_pad_march_to_september():
    assert date_line("Uông Bí", dt.date(2022, 3, 4)) == "Uông Bí, ngày 04 tháng 3 năm 2022"


def test_date_line_of_a_draft_leaves_day_and_month_blank():
    assert date_line("Dầu Tiếng", None, year=2023) == f"Dầu Tiếng, ngày {BLANK} tháng {BLANK} năm 2023"


def test_date_line_normalises_the_place_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Dầu Tiếng")

    assert date_line(decomposed, dt.date(2023, 11, 3)) == "Dầu Tiếng, ngày 03 tháng 11 năm 2023"


def test_annex_caption_names_the_document_it_is_attached_to():
    caption = annex_caption(
        doc_type=DocumentType.DECISION,
        symbol="05/QĐ-PGDĐT",
        issued_on=dt.date(2024, 2, 1),
        issuer_name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng",
    )

    assert caption == (
        "(Kèm theo Quyết định số 05/QĐ-PGDĐT ngày 01 tháng 02 năm 2024 của Phòng Giáo dục và Đào tạo huyện Dầu Tiếng)"
    )


def test_keep_year_ranges_binds_the_years_of_a_school_year_and_escapes_the_rest():
    assert keep_year_ranges("năm học 2023 - 2024 <và> 2024-2025") == (
        'năm học <span class="doc-nobreak">2023 - 2024</span> &lt;và&gt; <span class="doc-nobreak">2024 - 2025</span>'
    )


def test_roman_numbers_the_parts_of_a_document():
    assert [roman(n) for n in (1, 2, 3, 4, 5, 9, 10, 14, 40, 90, 2024)] == [
        "I", "II", "III", "IV", "V", "IX", "X", "XIV", "XL", "XC", "MMXXIV",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("number", "typed", "printed"),
    [
        (1, "MỤC ĐÍCH, YÊU CẦU", "I. MỤC ĐÍCH, YÊU CẦU"),
        (2, "I. NỘI DUNG THỰC HIỆN", "II. NỘI DUNG THỰC HIỆN"),
        (3, "  IV)  TỔ CHỨC THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN"),
        (4, "Mục tiêu", "IV. Mục tiêu"),
        (5, "CÁC GIẢI PHÁP", "V. CÁC GIẢI PHÁP"),
    ],
)
def test_numbered_heading_numbers_a_part_whether_or_not_a_number_was_typed(number, typed, printed):
    assert numbered_heading(number, typed) == printed


@pytest.mark.parametrize(
    ("typed", "html"),
    [
        ("Các đơn vị *tự chủ* và **kịp thời**.", "Các đơn vị <em>tự chủ</em> và <strong>kịp thời</strong>."),
        ("*Lưu ý: **hạn cuối** là 10/11*", "<em>Lưu ý: <strong>hạn cuối</strong> là 10/11</em>"),
        ("5 * 3 * 2 = 30", "5 * 3 * 2 = 30"),
        ("<script>alert(1)</script> & <b>x</b>", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;"),
        ("**<i>x</i>**", "<strong>&lt;i&gt;x&lt;/i&gt;</strong>"),
    ],
)
def test_inline_marks_print_stars_as_bold_and_italics_and_escape_the_rest(typed, html):
    assert inline_marks(typed) == html


def test_recipient_lines_end_with_semicolons_and_a_full_stop():
    lines = recipient_lines("Như trên;\n- Các đơn vị trực thuộc\n\n- Lưu: VT, TĐKT")

    assert lines == ["- Như trên;", "- Các đơn vị trực thuộc;", "- Lưu: VT, TĐKT."]


def test_signature_of_a_deputy_signing_for_the_head():
    signature = Signature(prefix=SignaturePrefix.KT, authority="Trưởng phòng", position="Phó Trưởng phòng", name="X")

    assert [signature.authority_line, signature.position_line] == ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"]


def test_signature_on_behalf_of_a_council():
    signature = Signature(prefix=SignaturePrefix.TM, authority="HỘI ĐỒNG", position="CHỦ TỊCH", name="X")

    assert [signature.authority_line, signature.position_line] == ["TM. HỘI ĐỒNG", "CHỦ TỊCH"]


def test_signature_of_the_head_has_no_prefix():
    signature = Signature(authority="TRƯỞNG PHÒNG", name="Phan Hồng Anh")

    assert [signature.authority_line, signature.position_line] == ["TRƯỞNG PHÒNG", ""]


@pytest.mark.django_db
def test_document_header_of_an_issued_document(district):

    issued = allocate_number(unit=district, doc_type="KH", issued_on=dt.date(2023, 11, 3), title="Kế hoạch")

    header = document_header(unit=district, doc_type="KH", issued=issued)

    assert (header.governing_body, header.issuer, header.symbol, header.place_date) == (
        "UBND HUYỆN DẦU TIẾNG",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "01/KH-PGDĐT",
        "Dầu Tiếng, ngày 03 tháng 11 năm 2023",
    )


@pytest.mark.django_db
def test_document_header_of_a_draft(district):
    header = document_header(unit=district, doc_type="QĐ", issued_on=None)

    assert header.symbol == f"{BLANK}/QĐ-PGDĐT"
    assert header.place_date.startswith(f"Dầu Tiếng, ngày {BLANK} tháng {BLANK} năm 20")


def test_static_url_fetcher_maps_static_urls_to_the_shipped_files():
    response = static_url_fetcher().fetch("file:///static/css/documents.css")

    try:
        assert response.url.endswith("/static/css/documents.css")
        assert b"LiberationSerif-Regular.ttf" in response.read()
    finally:
        response.close()


def test_static_url_fetcher_reads_collected_files_under_their_hashed_names(production_static):
    url = static("css/documents.css")
    response = static_url_fetcher().fetch(f"file://{url}")

    try:
        assert re.fullmatch(r"/static/css/documents\.[0-9a-f]{12}\.css", url)
        assert response.url == (production_static / url.removeprefix("/static/")).resolve().as_uri()
        assert re.search(rb"LiberationSerif-Regular\.[0-9a-f]{12}\.ttf", response.read())
    finally:
        response.close()


def test_pdf_under_production_static_files_embeds_liberation_serif(production_static, tmp_path):
    if not POPPLER:
        pytest.skip("poppler-utils (pdffonts) is not installed")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(render_pdf(template_name=SAMPLE_TEMPLATE, context=sample_plan_context(rows=3)))
    output = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout

    assert sorted({line.split()[0].split("+", 1)[1] for line in output.splitlines()[2:]}) == [
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Bold-Italic",
        "Liberation-Serif-Italic",
    ]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://example.com/logo.png", "file:///static/../../etc/hosts"])
def test_static_url_fetcher_refuses_anything_else(url):
    with pytest.raises(ValueError):
        static_url_fetcher().fetch(url)


# The sample plan as a PDF, read back with poppler -------------------------------------------


@pytest.mark.django_db
def test_document_header_of_a_draft_shows_the_year_it_is_given(district):
    header = document_header(unit=district, doc_type="KH", issued_on=None, year=2021)

    assert header.place_date == f"Dầu Tiếng, ngày {BLANK} tháng {BLANK} năm 2021"


def test_annex_caption_of_a_draft_shows_the_year_it_is_given():
    caption = annex_caption(
        doc_type=DocumentType.PLAN, symbol=f"{BLANK}/KH-PGDĐT", issued_on=None, issuer_name="Phòng GDĐT", year=2021
    )

    assert caption == f"(Kèm theo Kế hoạch số {BLANK}/KH-PGDĐT ngày {BLANK} tháng {BLANK} năm 2021 của Phòng GDĐT)"


@pytest.mark.parametrize(
    ("kind", "name", "spaced", "words"),
    [
        (PeriodKind.SCHOOL_YEAR, "2023-2024", False, "NĂM HỌC 2023-2024"),
        (PeriodKind.SCHOOL_YEAR, "2023-2024", True, "NĂM HỌC 2023 - 2024"),
        (PeriodKind.CALENDAR_YEAR, "2021", False, "NĂM 2021"),
        (PeriodKind.CALENDAR_YEAR, "2021", True, "NĂM 2021"),
    ],
)
def test_period_words_name_a_school_year_or_a_calendar_year(kind, name, spaced, words):
    assert period_words(Period(kind=kind, name=name), spaced=spaced) == words


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    if not POPPLER:
        pytest.skip("poppler-utils (pdftotext, pdffonts) is not installed")
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(render_pdf(template_name=SAMPLE_TEMPLATE, context=sample_plan_context(rows=40)))
    return path


def pdf_text(path, *, page: int) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def pdf_lines(path, *, page: int) -> list[str]:
    return [line.strip() for line in pdf_text(path, page=page).splitlines() if line.strip()]


def pdf_page_count(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_pdf_embeds_only_liberation_serif(sample_pdf):
    output = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in output.splitlines()[2:]]

    assert sorted(row[0].split("+", 1)[1] for row in rows) == [
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Bold-Italic",
        "Liberation-Serif-Italic",
    ]
    assert {row[-5] for row in rows} == {"yes"}  # embedded


def test_pdf_first_page_has_the_header_and_no_page_number(sample_pdf):
    lines = pdf_lines(sample_pdf, page=1)

    assert lines[0].split() == [
        "UBND",
        "HUYỆN",
        "DẦU",
        "TIẾNG",
        "CỘNG",
        "HÒA",
        "XÃ",
        "HỘI",
        "CHỦ",
        "NGHĨA",
        "VIỆT",
        "NAM",
    ]
    assert lines[1].split() == [
        "PHÒNG",
        "GIÁO",
        "DỤC",
        "VÀ",
        "ĐÀO",
        "TẠO",
        "Độc",
        "lập",
        "-",
        "Tự",
        "do",
        "-",
        "Hạnh",
        "phúc",
    ]
    assert lines[2].split() == ["Số:", "58/KH-PGDĐT", "Dầu", "Tiếng,", "ngày", "03", "tháng", "11", "năm", "2023"]
    assert lines[3] == "KẾ HOẠCH"
    assert "1" not in lines


def test_pdf_numbers_pages_from_the_second_at_the_top(sample_pdf):
    assert pdf_lines(sample_pdf, page=2)[0] == "2"
    assert pdf_lines(sample_pdf, page=5)[0] == "5"


def test_pdf_closing_has_recipients_and_signature(sample_pdf):
    text = " ".join(" ".join(pdf_lines(sample_pdf, page=2)).split())

    for expected in ("Nơi nhận:", "KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "- Lưu: VT, VP, Ban.", "Tạ Tấn Tuấn"):
        assert expected in text


def test_pdf_annex_starts_on_a_new_page_and_repeats_the_table_head(sample_pdf):
    annex_page, next_page = pdf_lines(sample_pdf, page=3), pdf_lines(sample_pdf, page=4)

    assert annex_page[1:3] == [
        "KHUNG KẾ HOẠCH THỜI GIAN CÔNG TÁC THI ĐUA,",
        "KHEN THƯỞNG NGÀNH GIÁO DỤC NĂM HỌC 2023 - 2024",
    ]
    assert "(Kèm theo Kế hoạch số 58/KH-PGDĐT ngày 03 tháng 11 năm 2023" in annex_page[3]
    assert next_page[0] == "4"
    assert " ".join(next_page[1:4]).split()[:7] == ["Thời", "gian", "hoàn", "TT", "Nội", "dung", "Đơn"]
    assert pdf_page_count(sample_pdf) == 5


def test_pdf_text_extracts_as_nfc_vietnamese(sample_pdf):
    text = "".join(pdf_text(sample_pdf, page=page) for page in (1, 2, 3))

    assert unicodedata.normalize("NFC", text) == text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Khối trưởng các Khối" in text
