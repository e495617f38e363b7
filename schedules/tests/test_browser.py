"""A district officer publishes the year's plan in a real browser; a principal then sees its deadlines."""

import datetime as dt

import pytest
from django.utils import timezone

from config.celery import app as celery_app
from emulation.enums import Role
from emulation.tests.factories import DistrictFactory, MembershipFactory, PeriodFactory, SchoolFactory, UserFactory
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
