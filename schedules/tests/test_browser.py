"""A district officer publishes the year's plan in a real browser; a principal then sees its deadlines."""

import calendar
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from emulation.enums import Role
from emulation.tests.factories import DistrictFactory, MembershipFactory, PeriodFactory, SchoolFactory, UserFactory
from schedules import services
from schedules.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def day(offset: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=offset)).strftime("%d/%m/%Y")


@pytest.fixture
def year(db):
    today = timezone.localdate()
    return PeriodFactory(
        name="Năm học thử", start_date=today - dt.timedelta(days=60), end_date=today + dt.timedelta(days=300)
    )


@pytest.fixture
def office(year):
    district = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng", symbol="PGDĐT")
    school = SchoolFactory(name="Trường Tiểu học Thanh Tuyền", parent=district, symbol="THTT")
    officer = UserFactory(username="chuyenvien", first_name="Lê Văn", last_name="Ban")
    MembershipFactory(user=officer, unit=district, role=Role.DISTRICT_STAFF)
    principal = UserFactory(username="hieutruong", first_name="Võ Thị", last_name="Thúy")
    MembershipFactory(user=principal, unit=school, role=Role.PRINCIPAL)
    return district


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_officer_pastes_timeline_fixes_a_row_issues_and_principal_sees_deadlines(
    office, login, live_server, eager_celery
):
    timeline = "\n".join(
        [
            "TT\tNội dung\tThời gian hoàn thành\tĐơn vị thực hiện",
            f"1.\tNộp hồ sơ đăng ký thi đua, khen thưởng về Phòng GDĐT\tTrước ngày {day(6)}\tCác đơn vị trực thuộc Phòng GDĐT",
            f"2.\tBáo cáo sơ kết học kỳ I\tTừ {day(20)} đến {day(25)}\tCác đơn vị trực thuộc Phòng GDĐT",
            "3.\tHọp giao ban thi đua\tkhi có yêu cầu\tCác đơn vị trực thuộc Phòng GDĐT",
        ]
    )
    page = login("chuyenvien")

    page.click("nav >> text=Kế hoạch")
    page.click("text=Kế hoạch mới")
    page.fill("#id_title", "Công tác thi đua, khen thưởng năm học")
    page.fill("#id_signer_authority", "Trưởng phòng")
    page.fill("#id_signer_name", "Tạ Tấn Tuấn")
    page.fill("#id_recipients", "Các đơn vị trực thuộc Phòng GDĐT\nLưu: VT")
    page.click("button:has-text('Lưu')")
    page.click("text=Nhập khung thời gian")
    page.fill("#id_text", timeline)
    page.click("button:has-text('Đọc khung thời gian')")
    assert page.locator("#preview-milestones tbody tr").count() == 3
    page.click("#confirm-import")

    flagged = page.locator("tr.table-warning")
    assert flagged.count() == 1
    assert "Họp giao ban thi đua" in flagged.inner_text()
    flagged.locator("a:has-text('Sửa lại')").click()
    page.fill("#id_due_on", day(40))
    page.click("button:has-text('Lưu')")
    assert page.locator("tr.table-warning").count() == 0

    page.click("a:has-text('Ban hành')")
    page.click("button:has-text('Ban hành')")
    assert "Kế hoạch 01/KH-PGDĐT" in page.locator("h1").inner_text()

    page.click("#plan-pdf")
    with page.expect_download() as download:
        page.click("#document-download")
    plan = Plan.objects.get()
    assert download.value.suggested_filename == f"ke-hoach-01-kh-pgddt-{timezone.localdate().year}-{plan.pk}.pdf"
    assert plan.state == "issued"

    page.context.clear_cookies()
    page = login("hieutruong")
    panel = page.locator("#panel-school")
    assert "Nộp hồ sơ đăng ký thi đua, khen thưởng về Phòng GDĐT" in panel.inner_text()
    assert f"Hạn cuối: {day(5)}" in panel.inner_text()


def month(offset: int) -> tuple[int, int, dt.date, dt.date]:
    """The month ``offset`` months after this one: its number, year, first and last day."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 + offset
    year, number = divmod(index, 12)
    last = calendar.monthrange(year, number + 1)[1]
    return number + 1, year, dt.date(year, number + 1, 1), dt.date(year, number + 1, last)


def test_officer_pastes_a_prose_timeline_checks_the_preview_and_confirms(office, year, login, live_server):
    september, autumn_start, autumn_end, spring, summer = month(1), month(2), month(4), month(5), month(6)
    own_deadline = september[2] + dt.timedelta(days=19)
    timeline = "\n".join(
        [
            "III. KHUNG THỜI GIAN THỰC HIỆN",
            f"1. Tháng {september[0]}/{september[1]}:",
            "- Xây dựng kế hoạch công tác thi đua, khen thưởng năm học;",
            f"- Tổ chức đăng ký danh hiệu thi đua trước ngày {own_deadline:%d/%m/%Y}.",
            f"**2. Từ tháng {autumn_start[0]}/{autumn_start[1]} đến tháng {autumn_end[0]}/{autumn_end[1]}**",
            "– Phát động phong trào thi đua chào mừng ngày Nhà giáo Việt Nam",
            "• Sơ kết phong trào thi đua học kỳ I",
            f"3. Từ tháng {spring[0]}/{spring[1]} đến tháng {summer[0]}/{summer[1]}",
            "+ Tổng kết công tác thi đua, khen thưởng năm học",
        ]
    )
    officer = office.memberships.get().user
    plan = services.create_plan(
        issuing_unit=office,
        period=year,
        by=officer,
        title="Thi đua năm học",
        signer_authority="TP",
        signer_name="X",
        before_is_inclusive=False,
    )
    page = login("chuyenvien")

    page.goto(f"{live_server.url}{reverse('schedules:timeline-import', args=[plan.pk])}")
    page.fill("#id_text", timeline)
    page.click("button:has-text('Đọc khung thời gian')")

    rows = page.locator("#preview-milestones tbody tr")
    assert rows.count() == 5
    assert page.locator("#preview-new").inner_text() == "5 mốc mới"
    assert page.locator("#preview-milestones .preview-due").all_inner_texts() == [
        f"Hạn cuối: {day:%d/%m/%Y}"
        for day in (september[3], own_deadline - dt.timedelta(days=1), autumn_end[3], autumn_end[3], summer[3])
    ]
    assert page.locator("#preview-milestones .preview-window").all_inner_texts() == [
        f"{september[2]:%d/%m/%Y} – {september[3]:%d/%m/%Y}",
        f"{autumn_start[2]:%d/%m/%Y} – {autumn_end[3]:%d/%m/%Y}",
        f"{autumn_start[2]:%d/%m/%Y} – {autumn_end[3]:%d/%m/%Y}",
        f"{spring[2]:%d/%m/%Y} – {summer[3]:%d/%m/%Y}",
    ]
    assert Plan.objects.get().milestones.count() == 0

    page.click("#confirm-import")

    assert page.url == f"{live_server.url}{reverse('schedules:plan-detail', args=[plan.pk])}"
    timeline_rows = page.locator("#timeline tbody tr")
    assert timeline_rows.count() == 5
    assert [text.split("\t")[1] for text in timeline_rows.all_inner_texts()] == [
        "Xây dựng kế hoạch công tác thi đua, khen thưởng năm học",
        "Tổ chức đăng ký danh hiệu thi đua",
        "Phát động phong trào thi đua chào mừng ngày Nhà giáo Việt Nam",
        "Sơ kết phong trào thi đua học kỳ I",
        "Tổng kết công tác thi đua, khen thưởng năm học",
    ]
    assert "Hạn cuối: " + f"{summer[3]:%d/%m/%Y}" in timeline_rows.nth(4).inner_text()
    assert list(Plan.objects.get().milestones.values_list("due_on", flat=True)) == [
        september[3],
        own_deadline - dt.timedelta(days=1),
        autumn_end[3],
        autumn_end[3],
        summer[3],
    ]
