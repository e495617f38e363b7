"""The registration round in a real browser: a school registers, the office returns one line, the school
fixes it and sends again, the office accepts, and the plan's milestone shows done in the completion matrix."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from emulation.enums import Role
from emulation.models import Registration
from emulation.tests.factories import (
    DistrictFactory,
    MembershipFactory,
    PeriodFactory,
    PersonFactory,
    SchoolFactory,
    UserFactory,
)
from schedules import services as plan_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def setting(db):
    today = timezone.localdate()
    period = PeriodFactory(
        name="Năm học thử",
        start_date=today - dt.timedelta(days=60),
        end_date=today + dt.timedelta(days=300),
        is_current=True,
    )
    district = DistrictFactory(name="Phòng Giáo dục và Đào tạo huyện Dầu Tiếng", symbol="PGDĐT")
    school = SchoolFactory(name="Trường Tiểu học Thanh Tuyền", parent=district, symbol="THTT")
    for name in ["Võ Thị Thúy", "Nguyễn Văn An", "Trần Thị Bích"]:
        PersonFactory(full_name=name, unit=school)
    officer = UserFactory(username="chuyenvien", first_name="Lê Văn", last_name="Ban")
    MembershipFactory(user=officer, unit=district, role=Role.DISTRICT_STAFF)
    principal = UserFactory(username="hieutruong", first_name="Võ Thị", last_name="Thúy")
    MembershipFactory(user=principal, unit=school, role=Role.PRINCIPAL)
    plan = plan_services.create_plan(
        issuing_unit=district, period=period, by=officer, title="Công tác thi đua", signer_authority="Trưởng phòng",
        signer_name="Tạ Tấn Tuấn",
    )  # fmt: skip
    due = (today + dt.timedelta(days=10)).strftime("%d/%m/%Y")
    plan_services.import_timeline(
        plan=plan, by=officer,
        text=f"1.\tNộp hồ sơ đăng ký thi đua, khen thưởng về Phòng GDĐT\tNgày {due}\tCác đơn vị trực thuộc Phòng GDĐT\n",
    )  # fmt: skip
    plan_services.issue_plan(plan=plan, by=officer)
    return school


def attach(page, index: int, path) -> None:
    form = page.locator("#attachments form").nth(index)
    form.locator("input[type=file]").set_input_files(str(path))
    form.locator("button[type=submit]").click()


def test_registration_return_resubmit_accept_and_completion(setting, login, live_server, tmp_path):
    plan_pdf, decision_pdf = tmp_path / "ke-hoach.pdf", tmp_path / "quyet-dinh.pdf"
    plan_pdf.write_bytes(PDF)
    decision_pdf.write_bytes(PDF)
    page = login("hieutruong")
    page.on("dialog", lambda dialog: dialog.accept())

    page.click("nav >> text=Đăng ký")
    page.click("#edit-lines")
    expect(page.locator("#lines-table tbody tr")).to_have_count(3)
    page.click("#all-ldtt")
    page.click("#save-lines")
    expect(page.locator("#line-table tbody tr")).to_have_count(3)
    attach(page, 0, plan_pdf)
    attach(page, 1, decision_pdf)
    page.click("#submit-registration")
    expect(page.locator("#registration-state")).to_have_text("Đã gửi")

    page.context.clear_cookies()
    page = login("chuyenvien")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("nav >> text=Đăng ký")
    page.click("text=Trường Tiểu học Thanh Tuyền")
    page.locator("#review-lines tbody tr").first.locator("textarea, input[type=text]").fill("Ghi rõ chức vụ")
    page.click("button[value=return]")
    expect(page.locator(".alert-success")).to_be_visible()
    assert Registration.objects.get().state == "returned"

    page.context.clear_cookies()
    page = login("hieutruong")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("nav >> text=Đăng ký")
    expect(page.locator("#line-table")).to_contain_text("Ghi rõ chức vụ")
    page.click("#edit-lines")
    page.click("#save-lines")
    page.click("#submit-registration")
    expect(page.locator("#registration-state")).to_have_text("Đã gửi lại")

    page.context.clear_cookies()
    page = login("chuyenvien")
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/registrations/{Registration.objects.get().pk}/review/")
    page.click("button[value=accept]")
    expect(page.locator(".alert-success")).to_be_visible()
    assert Registration.objects.get().state == "accepted"

    page.click("nav >> text=Tiến độ")
    expect(page.locator("table")).to_contain_text("Đã hoàn thành")
    assert [entry.to_state for entry in Registration.objects.get().log.order_by("pk")] == [
        "draft",
        "submitted",
        "returned",
        "resubmitted",
        "accepted",
    ]
