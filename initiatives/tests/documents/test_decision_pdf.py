"""The decision as printed: number, date line, articles, the annex on a new page, only Liberation Serif."""

import subprocess

import pytest

from emulation.documents.jobs import renderer_for, run_document_job, start_document_job
from emulation.enums import JobStatus
from initiatives.documents import render_decision_pdf
from initiatives.tests.scenes import decided_school

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def decision(school_a, period, person_a):
    return decided_school(
        school=school_a, period=period, author=person_a,
        titles=["Trò chơi học tập trong môn Toán lớp 3", "Sơ đồ tư duy trong phân môn Tập làm văn"],
    )  # fmt: skip


def pdf_pages(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "decision.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return [" ".join(page.split()) for page in text.stdout.decode().split("\f")]


def test_decision_pdf_has_number_date_articles_and_the_annex_on_a_new_page(decision, tmp_path):
    rendered = render_decision_pdf(decision.pk)

    pages = pdf_pages(rendered.content, tmp_path)
    annex = next(index for index, page in enumerate(pages) if "DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN" in page)
    assert rendered.filename == "quyet-dinh-cong-nhan-sang-kien-01-qd-thtt.pdf"
    assert "Số: 01/QĐ-THTT" in pages[0]
    assert "Dầu Tiếng, ngày 20 tháng 3 năm 2025" in pages[0]
    assert "QUYẾT ĐỊNH Về việc công nhận sáng kiến năm học 2024 - 2025" in pages[0]
    assert "HIỆU TRƯỞNG TRƯỜNG TIỂU HỌC THANH TUYỀN" in pages[0]
    assert "Điều 1. Công nhận 02 sáng kiến năm học 2024 - 2025 (có danh sách kèm theo)." in pages[0]
    assert "DANH SÁCH SÁNG KIẾN" not in " ".join(pages[:annex])
    assert annex >= 1
    assert (
        "(Kèm theo Quyết định số 01/QĐ-THTT ngày 20 tháng 3 năm 2025 của Trường Tiểu học Thanh Tuyền)" in pages[annex]
    )
    assert "STT Tên sáng kiến Tác giả Chức vụ, đơn vị Lĩnh vực Điểm Phạm vi ảnh hưởng" in pages[annex]
    assert "Nguyễn Thị Hồng" in pages[annex]
    assert "Cơ sở" in pages[annex]


def test_decision_pdf_embeds_only_liberation_serif(decision, tmp_path):
    path = tmp_path / "decision.pdf"
    path.write_bytes(render_decision_pdf(decision.pk).content)

    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout.splitlines()[2:]

    assert {line.split()[0].split("+")[-1] for line in fonts} == {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }


def test_a_draft_prints_with_the_number_left_blank(school_a, period, tmp_path):
    draft = decided_school(school=school_a, period=period, titles=["Bảng tin lớp học"], issue=False)

    pages = pdf_pages(render_decision_pdf(draft.pk).content, tmp_path)

    assert "/QĐ-THTT" in pages[0]
    assert "Số: 01/QĐ-THTT" not in pages[0]


def test_annex_pages_are_numbered_on_their_own_and_each_carries_the_caption(school_a, period, tmp_path):
    titles = [f"Một số biện pháp giúp học sinh lớp {n % 5 + 1} học tốt môn Toán qua trò chơi học tập, số {n:02d}"
              for n in range(1, 15)]  # fmt: skip
    decision = decided_school(school=school_a, period=period, titles=titles)

    pages = pdf_pages(render_decision_pdf(decision.pk).content, tmp_path)
    caption = "(Kèm theo Quyết định số 01/QĐ-THTT ngày 20 tháng 3 năm 2025 của Trường Tiểu học Thanh Tuyền)"
    annex = [page for page in pages if caption in page]

    assert len(annex) >= 2
    assert annex[0].startswith("DANH SÁCH SÁNG KIẾN ĐƯỢC CÔNG NHẬN")
    assert [page.split(" ", 1)[0] for page in annex[1:]] == [str(n) for n in range(2, len(annex) + 1)]


def test_the_decision_renders_through_a_document_job(school_a, period, principal_a, principal_b):
    decision = decided_school(school=school_a, period=period, titles=["Bảng tin lớp học"])

    job = start_document_job(kind="initiative_decision", object_id=decision.pk, by=principal_a)
    run_document_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.filename) == (JobStatus.DONE, "quyet-dinh-cong-nhan-sang-kien-01-qd-thtt.pdf")
    with job.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    can_view = renderer_for("initiative_decision").can_view
    assert (can_view(principal_a, decision.pk, {}), can_view(principal_b, decision.pk, {})) == (True, False)
