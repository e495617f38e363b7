"""An initiative in a real browser: the principal files and sends it, the council's secretary assigns it, a member
scores it on a 390 px phone (the page fits its width), and the secretary sees the result."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from emulation.enums import CouncilKind, CouncilRole, Role
from emulation.models import Council, CouncilMember
from emulation.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    PeriodFactory,
    PersonFactory,
    SchoolFactory,
    UserFactory,
)
from initiatives.enums import InitiativeState
from initiatives.models import Initiative
from initiatives.tests.factories import PDF, FieldFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(db):
    today = timezone.localdate()
    period = PeriodFactory(name="Năm học thử", start_date=today - dt.timedelta(days=60),
                           end_date=today + dt.timedelta(days=300), is_current=True)  # fmt: skip
    district = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng", symbol="PGDĐT")
    school = SchoolFactory(name="Trường Tiểu học Thanh Tuyền", parent=district, symbol="THTT")
    PersonFactory(full_name="Võ Thị Thúy", unit=school, position="Giáo viên")
    FieldFactory()
    principal = UserFactory(username="hieutruong")
    MembershipFactory(user=principal, unit=school, role=Role.PRINCIPAL)
    council = Council.objects.create(unit=district, period=period, kind=CouncilKind.INITIATIVE)
    secretary = UserFactory(username="thuky")
    MembershipFactory(user=secretary, unit=district, role=Role.COUNCIL_SECRETARY)
    CouncilMember.objects.create(council=council, person=PersonFactory(unit=district), role=CouncilRole.SECRETARY,
                                 user=secretary)  # fmt: skip
    member = UserFactory(username="uyvien")
    MembershipFactory(user=member, unit=district, role=Role.COUNCIL_MEMBER)
    CouncilMember.objects.create(council=council, person=PersonFactory(unit=district, full_name="Lê Văn Chấm"),
                                 role=CouncilRole.MEMBER, user=member)  # fmt: skip
    return council


def test_an_initiative_from_filing_to_its_score(live_server, page, browser, login, setting, tmp_path):
    report = tmp_path / "bao-cao-sang-kien.pdf"
    report.write_bytes(PDF)

    login("hieutruong")
    page.goto(f"{live_server.url}/initiatives/school/")
    page.click("text=Sáng kiến mới")
    page.fill("input[name=title]", "Trò chơi học tập trong môn Toán lớp 3")
    page.click("main form button[type=submit]")
    page.select_option("select[name=field]", label="Giảng dạy bộ môn")
    page.fill("input[name=first_applied_on]", (timezone.localdate() - dt.timedelta(days=20)).strftime("%d/%m/%Y"))
    page.fill("textarea[name=description]", "Tổ chức trò chơi trong 10 phút đầu tiết học.")
    page.fill("textarea[name=conditions]", "Phòng học có máy chiếu.")
    page.fill("textarea[name=expected_benefit]", "Học sinh hứng thú hơn.")
    page.select_option("select[name=authors-0-person]", label="Võ Thị Thúy")
    page.fill("input[name=authors-0-contribution]", "100")
    page.click("#application-form button[type=submit]")
    expect(page.locator("#authors")).to_contain_text("Võ Thị Thúy")
    page.click("text=Sửa đơn")
    page.select_option("#files select[name=kind]", value="full_report")
    page.set_input_files("#files input[type=file]", str(report))
    page.click("#files form button[type=submit]")
    expect(page.locator("#files")).to_contain_text("bao-cao-sang-kien.pdf")
    page.goto(f"{live_server.url}/initiatives/{Initiative.objects.get().pk}/")
    page.click("#actions button:has-text('Gửi đơn')")
    expect(page.locator(".initiative-state")).to_have_text("Đã gửi")

    page.context.clear_cookies()
    login("thuky")
    page.goto(f"{live_server.url}/evaluation/councils/{setting.pk}/assign/")
    page.click("#assign-form button[type=submit]")
    expect(page.locator("#results")).to_contain_text("Trò chơi học tập trong môn Toán lớp 3")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    member_page = phone.new_page()
    member_page.goto(f"{live_server.url}/accounts/login/")
    member_page.fill("input[name=username]", "uyvien")
    member_page.fill("input[name=password]", "secret-pass-123")
    member_page.click("main form button[type=submit]")
    member_page.goto(f"{live_server.url}/evaluation/mine/")
    member_page.click("#assignments a.btn")
    expect(member_page.locator("#others-hidden")).to_be_visible()
    width = member_page.evaluate("document.documentElement.scrollWidth")
    for fieldset in member_page.locator("#score-form .mb-3:has(input[type=radio])").all()[:3]:
        fieldset.locator("input[type=radio]").first.check()
    member_page.check("#score-form input[name=vote][value=for]")
    member_page.once("dialog", lambda dialog: dialog.accept())
    member_page.click("#score-form button[type=submit]")
    expect(member_page.locator("#own-sheet")).to_contain_text("100")
    expect(member_page.locator("#sheets")).to_contain_text("Lê Văn Chấm")
    phone.close()

    page.reload()
    assert width <= 390
    expect(page.locator("#results")).to_contain_text("100")
    assert Initiative.objects.get().state == InitiativeState.UNDER_EVALUATION
