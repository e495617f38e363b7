import datetime as dt
import subprocess
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from emulation.documents.jobs import run_document_job, start_document_job
from emulation.enums import JobStatus, Role
from emulation.models import DocumentJob
from emulation.tests.factories import DistrictFactory, MembershipFactory, UserFactory
from schedules import services
from schedules.documents import plan_context, plan_filename, plan_year, render_plan_pdf
from schedules.tests.factories import PlanFactory
from schedules.tests.views.test_plans import SEED, blocks, dau_tieng, period, plan, principal, schools, staff_user  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued_plan(plan, staff_user, blocks):  # noqa: F811
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    plan.preamble = "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;"
    plan.save()
    plan.sections.create(order=1, heading="I. MỤC ĐÍCH, YÊU CẦU", body="Động viên viên chức, người lao động.")
    return services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))


def pdf_pages(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return text.stdout.decode().split("\f")


def test_plan_pdf_has_number_date_line_and_annex(issued_plan, tmp_path):
    rendered = render_plan_pdf(issued_plan.pk)

    pages = pdf_pages(rendered.content, tmp_path)
    first = " ".join(pages[0].split())
    everything = " ".join(" ".join(pages).split())
    assert rendered.filename == f"ke-hoach-01-kh-pgddt-2023-{issued_plan.pk}.pdf"
    assert "Số: 01/KH-PGDĐT" in first
    assert "Dầu Tiếng, ngày 03 tháng 11 năm 2023" in first
    assert "KẾ HOẠCH" in first
    assert "KT. TRƯỞNG PHÒNG" in everything
    assert (
        "(Kèm theo Kế hoạch số 01/KH-PGDĐT ngày 03 tháng 11 năm 2023 của Phòng Giáo dục và Đào tạo huyện Dầu Tiếng)"
        in everything
    )
    assert "Nộp hồ sơ đề nghị khen thưởng cấp tỉnh về Thường trực Hội đồng Thi đua - Khen thưởng huyện" in everything
    assert pages[0].split("\n")[0].strip() != "1"


def test_draft_pdf_is_marked_on_every_page_and_dated_in_the_plan_s_year(plan, staff_user, blocks, tmp_path):  # noqa: F811
    services.import_timeline(plan=plan, by=staff_user, text=SEED)

    with time_machine.travel(dt.datetime(2023, 10, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        rendered = render_plan_pdf(plan.pk)

    pages = [" ".join(page.split()) for page in pdf_pages(rendered.content, tmp_path) if page.strip()]
    assert rendered.filename == f"ke-hoach-du-thao-{plan.pk}.pdf"
    assert [page.count("DỰ THẢO") for page in pages] == [1] * len(pages)
    assert "Số: /KH-PGDĐT" in pages[0]
    assert "Dầu Tiếng, ngày tháng năm 2023" in pages[0]
    assert "(Kèm theo Kế hoạch số /KH-PGDĐT ngày tháng năm 2023 của Phòng Giáo dục và Đào tạo huyện Dầu Tiếng)" in (
        " ".join(pages)
    )


@pytest.mark.parametrize(
    ("today", "year"),
    [(dt.date(2023, 7, 1), 2023), (dt.date(2024, 1, 15), 2024), (dt.date(2026, 12, 2), 2024)],
)
def test_a_draft_s_year_is_today_s_while_its_period_runs_else_the_nearest(plan, today, year):  # noqa: F811
    with time_machine.travel(dt.datetime.combine(today, dt.time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        assert plan_year(plan) == year


def test_intro_prints_upright_after_the_grounds_and_marks_print_as_bold_and_italics(plan, tmp_path):  # noqa: F811
    plan.preamble = "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;"
    plan.intro = "Phòng GDĐT xây dựng kế hoạch với các nội dung sau:"
    plan.save()
    plan.sections.create(
        order=1,
        heading="MỤC ĐÍCH, YÊU CẦU",
        body="Các đơn vị *chủ động* và **kịp thời** <script>alert(1)</script>",
    )

    html = render_to_string("documents/plan.html", plan_context(plan))
    text = " ".join(" ".join(pdf_pages(render_plan_pdf(plan.pk).content, tmp_path)).split())

    assert '<p class="doc-ground">Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;</p>' in html
    assert '<p class="doc-intro">Phòng GDĐT xây dựng kế hoạch với các nội dung sau:</p>' in html
    assert (
        "<p>Các đơn vị <em>chủ động</em> và <strong>kịp thời</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    )
    assert "<script>" not in html
    grounds, intro, heading = (
        text.index("Căn cứ Luật"),
        text.index("Phòng GDĐT xây dựng"),
        text.index("MỤC ĐÍCH, YÊU CẦU"),
    )
    assert grounds < intro < heading
    assert "Các đơn vị chủ động và kịp thời <script>alert(1)</script>" in text
    assert "*" not in text


def test_sections_are_numbered_when_printed_in_their_order(plan, staff_user, tmp_path):  # noqa: F811
    plan.sections.create(order=1, heading="MỤC ĐÍCH, YÊU CẦU")
    second = plan.sections.create(order=2, heading="I. NỘI DUNG THỰC HIỆN")
    plan.sections.create(order=3, heading="TỔ CHỨC THỰC HIỆN")
    services.move_plan_section(section=second, up=True, by=staff_user)

    text = " ".join(" ".join(pdf_pages(render_plan_pdf(plan.pk).content, tmp_path)).split())

    headings = ["I. NỘI DUNG THỰC HIỆN", "II. MỤC ĐÍCH, YÊU CẦU", "III. TỔ CHỨC THỰC HIỆN"]
    assert [text.index(heading) for heading in headings] == sorted(text.index(heading) for heading in headings)
    assert "I. I." not in text


def test_issued_pdf_has_no_draft_mark(issued_plan, tmp_path):
    pages = pdf_pages(render_plan_pdf(issued_plan.pk).content, tmp_path)

    assert sum(page.count("DỰ THẢO") for page in pages) == 0


def test_two_plans_never_share_a_file_name(dau_tieng):  # noqa: F811
    other_office = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Bàu Bàng", symbol="PGDĐT")
    plans = [
        PlanFactory(issuing_unit=dau_tieng, issued=True),
        PlanFactory(issuing_unit=other_office, issued=True),
        PlanFactory(
            issuing_unit=dau_tieng,
            issued=True,
            issued_number__year=2024,
            issued_number__issued_on=dt.date(2024, 10, 1),
        ),
        PlanFactory(issuing_unit=dau_tieng),
        PlanFactory(issuing_unit=dau_tieng),
    ]

    names = [plan_filename(each, "pdf") for each in plans]

    assert [each.symbol for each in plans[:3]] == ["58/KH-PGDĐT"] * 3
    assert names == [
        f"ke-hoach-58-kh-pgddt-2023-{plans[0].pk}.pdf",
        f"ke-hoach-58-kh-pgddt-2023-{plans[1].pk}.pdf",
        f"ke-hoach-58-kh-pgddt-2024-{plans[2].pk}.pdf",
        f"ke-hoach-du-thao-{plans[3].pk}.pdf",
        f"ke-hoach-du-thao-{plans[4].pk}.pdf",
    ]
    assert len(set(names)) == 5


def test_plan_pdf_embeds_only_liberation_serif(issued_plan, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(render_plan_pdf(issued_plan.pk).content)

    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout.splitlines()[2:]

    assert {line.split()[0].split("+")[-1] for line in fonts} == {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }


def test_plan_pdf_job_runs_and_downloads(client, issued_plan, staff_user, django_capture_on_commit_callbacks):  # noqa: F811
    client.force_login(staff_user)

    response = client.post(reverse("schedules:plan-pdf", args=[issued_plan.pk]))
    job = DocumentJob.objects.get()
    run_document_job(job_id=job.pk)
    status = client.get(reverse("emulation:document-job", args=[job.pk]))
    download = client.get(reverse("emulation:document-download", args=[job.pk]))

    assert response["Location"] == reverse("emulation:document-job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.progress, job.filename) == (
        JobStatus.DONE,
        100,
        f"ke-hoach-01-kh-pgddt-2023-{issued_plan.pk}.pdf",
    )
    assert 'id="document-download"' in status.content.decode()
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"


def test_plan_pdf_job_of_someone_else_is_not_found(client, issued_plan, staff_user, principal):  # noqa: F811
    job = start_document_job(kind="plan", object_id=issued_plan.pk, by=staff_user)
    run_document_job(job_id=job.pk)
    client.force_login(principal)

    assert client.get(reverse("emulation:document-job", args=[job.pk])).status_code == 404
    assert client.get(reverse("emulation:document-download", args=[job.pk])).status_code == 404


def test_plan_pdf_denied_outside_the_district(client, issued_plan):
    other = UserFactory(username="other.office")
    MembershipFactory(user=other, unit=DistrictFactory(), role=Role.DISTRICT_STAFF)
    client.force_login(other)

    assert client.post(reverse("schedules:plan-pdf", args=[issued_plan.pk])).status_code == 404
    assert DocumentJob.objects.count() == 0


def test_timeline_export_has_the_appendix_columns(client, issued_plan, principal):  # noqa: F811
    import io

    from openpyxl import load_workbook

    client.force_login(principal)

    response = client.get(reverse("schedules:plan-timeline-xlsx", args=[issued_plan.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("TT", "Nội dung", "Thời gian hoàn thành")
    assert rows[0][5] == "Đơn vị thực hiện"
    assert len(rows) == 18
    assert rows[1][2] == "Trước ngày 11/11/2023"
    assert rows[1][4].date() == dt.date(2023, 11, 10)


def test_timeline_export_denied_outside_the_district(client, issued_plan):
    other = UserFactory(username="other.office2")
    MembershipFactory(user=other, unit=DistrictFactory(), role=Role.DISTRICT_STAFF)
    client.force_login(other)

    assert client.get(reverse("schedules:plan-timeline-xlsx", args=[issued_plan.pk])).status_code == 404
