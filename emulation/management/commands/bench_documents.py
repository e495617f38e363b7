"""Time the PDF rendering of the sample plan (KH) with an annexed timeline of N rows."""

import datetime as dt
import itertools
import logging
import shutil
import subprocess
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from emulation.documents.layout import (
    DOCUMENT_TYPE_NAMES,
    DocumentHeader,
    Signature,
    annex_caption,
    date_line,
    keep_year_ranges,
    recipient_lines,
)
from emulation.documents.pdf import render_pdf
from emulation.enums import DocumentType, SignaturePrefix

SAMPLE_TEMPLATE = "documents/plan.html"

# The timeline of the Dầu Tiếng plan (KH 58/KH-PGDĐT of 03/11/2023), abridged.
_TIMELINE = [
    (
        "Triển khai công tác thi đua, khen thưởng và tổ chức đăng ký thi đua, đăng ký viết sáng kiến",
        "Trước ngày 11/11/2023",
        "Các đơn vị trực thuộc Phòng GDĐT",
    ),
    (
        "Tổ chức họp ký kết giao ước thi đua, thống nhất lượng hóa thi đua năm học 2023 - 2024",
        "Trong tháng 11/2023",
        "Các Khối thi đua số 1,2,3",
    ),
    (
        "Báo cáo Sơ kết tình hình hoạt động năm học 2023-2024 của Khối thi đua bậc học",
        "Trước ngày 15/01/2024",
        "Khối trưởng các Khối thi đua số 1,2,3",
    ),
    (
        "Ban hành Quyết định thành lập Hội đồng chấm sáng kiến cấp huyện; Tổ chức chấm và ban hành "
        "Quyết định công nhận sáng kiến cấp trường",
        "Tháng 02/2024",
        "Các đơn vị trực thuộc Phòng và Phòng GDĐT",
    ),
    ("Hội đồng đánh giá sáng kiến ngành GDĐT làm việc", "Từ 15/3 đến 29/3/2024", "Phòng GDĐT"),
    (
        "Nộp hồ sơ xét tặng Huy hiệu “Vì sự nghiệp trồng người” năm học 2023 - 2024 về Sở GDĐT",
        "Trước ngày 31/5/2024",
        "Các đơn vị trực thuộc Phòng GDĐT",
    ),
    (
        "Hội đồng Thi đua - Khen thưởng ngành GDĐT họp xét thi đua, khen thưởng cuối năm học 2023 - 2024",
        "Từ 12/8 đến 14/8/2024",
        "Phòng GDĐT",
    ),
    (
        "Nộp hồ sơ đề nghị khen thưởng cấp tỉnh về Thường trực Hội đồng Thi đua - Khen thưởng huyện (Phòng Nội vụ)",
        "Ngày 15/8/2024",
        "Phòng GDĐT",
    ),
]

_PURPOSE = (
    "Động viên viên chức, người lao động trong toàn ngành thể hiện bằng những việc làm cụ thể, thiết thực "
    "đổi mới, sáng tạo trong công tác quản lý, trong hoạt động giảng dạy và học tập; tạo bước chuyển biến mới "
    "về nâng cao chất lượng GDĐT, thực hiện tốt các nhiệm vụ chủ yếu trong phương hướng, nhiệm vụ năm học "
    "2023 - 2024 của ngành GDĐT huyện Dầu Tiếng."
)


def sample_plan_context(*, rows: int = 40) -> dict:
    """A context for ``documents/plan.html``: the Dầu Tiếng plan with *rows* timeline rows."""
    issued_on = dt.date(2023, 11, 3)
    symbol = "58/KH-PGDĐT"
    timeline = itertools.islice(itertools.cycle(_TIMELINE), rows)
    return {
        "header": DocumentHeader(
            governing_body="UBND HUYỆN DẦU TIẾNG",
            issuer="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
            symbol=symbol,
            place_date=date_line("Dầu Tiếng", issued_on),
        ),
        "doc_type_name": DOCUMENT_TYPE_NAMES[DocumentType.PLAN],
        "summary": keep_year_ranges("Công tác thi đua, khen thưởng ngành Giáo dục và Đào tạo năm học 2023 - 2024"),
        "grounds": [
            "Căn cứ Quyết định số 2171/QĐ-BGDĐT ngày 28/7/2023 của Bộ Giáo dục và Đào tạo ban hành khung "
            "kế hoạch thời gian năm học 2023 - 2024 đối với giáo dục mầm non, giáo dục phổ thông và giáo dục "
            "thường xuyên;",
            "Căn cứ Quyết định số 31/QĐ-UBND ngày 07/10/2022 của Ủy ban nhân dân tỉnh Bình Dương ban hành "
            "Quy định về công tác thi đua, khen thưởng trên địa bàn tỉnh Bình Dương;",
        ],
        "sections": [
            {"heading": "I. MỤC ĐÍCH, YÊU CẦU", "paragraphs": [_PURPOSE] * 3},
            {"heading": "II. NỘI DUNG THỰC HIỆN", "paragraphs": [_PURPOSE] * 2},
            {
                "heading": "III. TỔ CHỨC THỰC HIỆN",
                "paragraphs": [
                    "Các đơn vị thực hiện hồ sơ thi đua, khen thưởng theo đúng các mốc thời gian quy định "
                    "(Phụ lục đính kèm), báo cáo công tác thi đua, khen thưởng gửi về Phòng GDĐT./."
                ],
            },
        ],
        "recipients": recipient_lines(
            [
                "Thường trực HĐ TĐ-KT huyện (Phòng Nội vụ)",
                "Hội đồng TĐ-KT ngành GDĐT huyện",
                "Các đơn vị trực thuộc Phòng GDĐT",
                "Lưu: VT, VP, Ban",
            ]
        ),
        "signature": Signature(
            prefix=SignaturePrefix.KT, authority="Trưởng phòng", position="Phó Trưởng phòng", name="Tạ Tấn Tuấn"
        ),
        "annex_title": "Khung kế hoạch thời gian công tác thi đua,\nkhen thưởng ngành giáo dục năm học 2023 - 2024",
        "annex_caption": annex_caption(
            doc_type=DocumentType.PLAN,
            symbol=symbol,
            issued_on=issued_on,
            issuer_name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng",
        ),
        "rows": [
            {"order": order, "content": content, "due": due, "actor": actor}
            for order, (content, due, actor) in enumerate(timeline, start=1)
        ],
    }


def _page_count(pdf: bytes) -> str:
    if not shutil.which("pdfinfo"):
        return "?"
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


class Command(BaseCommand):
    help = "Render the sample plan (KH) with annexed timelines of the given sizes and print the times."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, nargs="+", default=[40, 300])
        parser.add_argument("--out", type=Path, help="Folder to write sample-<rows>.pdf into.")

    def handle(self, *args, rows, out, **options):
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        for count in rows:
            started = time.perf_counter()
            pdf = render_pdf(template_name=SAMPLE_TEMPLATE, context=sample_plan_context(rows=count))
            elapsed = time.perf_counter() - started
            self.stdout.write(f"{count} rows: {elapsed:.2f} s, {len(pdf) // 1024} KiB, {_page_count(pdf)} pages")
            if out:
                out.mkdir(parents=True, exist_ok=True)
                (out / f"sample-{count}.pdf").write_bytes(pdf)
