"""A principal works through the foundation screens in a real browser (Chromium, Playwright)."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from emulation.models import Person

from .factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_principal_sees_dashboard_searches_staff_and_imports_a_workbook(
    login, live_server, principal_a, school_a, tmp_path
):
    PersonFactory(full_name="Nguyễn Thị Hồng", unit=school_a, sex="female")
    PersonFactory(full_name="Trần Văn Bình", unit=school_a)
    page = login("hieutruong_a")

    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Xin chào" in page.locator("h1").inner_text()
    assert "Trường của tôi" in page.locator("#panel-school").inner_text()

    page.click("nav >> text=CB-GV-NV")
    page.fill("#id_q", "nguyen thi hong")
    expect(page.locator("#staff-results tbody tr")).to_have_count(1)
    assert "Nguyễn Thị Hồng" in page.locator("#staff-results tbody").inner_text()
    assert "q=nguyen%20thi%20hong" in page.url

    page.click("text=Nhập từ Excel")
    with page.expect_download() as download:
        page.click("#staff-template-link")
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị"]
    sheet.append(["Lê Thị Mai", "Nữ", "05/02/1990", "Trường Tiểu học Thanh Tuyền", "Giáo viên", "Giáo viên"])
    sheet.append(["Phạm Văn Nam", "Nam", "31/02/1985", "Trường Tiểu học Thanh Tuyền", "Giáo viên", "Giáo viên"])
    filled = tmp_path / "da-dien.xlsx"
    workbook.save(filled)

    page.set_input_files("input[type=file]", str(filled))
    page.click("#staff-import-form button[type=submit]")
    cells = page.locator("#import-problems tbody tr").first.locator("td").all_inner_texts()
    assert cells[:2] == ["4", "C (Ngày sinh)"]
    assert "31/02/1985" in cells[2]
    assert Person.objects.filter(full_name="Lê Thị Mai").exists() is False

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#commit-import")
    page.wait_for_url(f"{live_server.url}/staff/**")
    assert Person.objects.filter(full_name="Lê Thị Mai", unit=school_a).count() == 1
    assert Person.objects.filter(full_name="Phạm Văn Nam").exists() is False


@pytest.fixture
def english_browser(browser):
    """A Chromium set to English, as on most office computers with an English Windows."""
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 768})
    yield context.new_page()
    context.close()


def test_an_english_browser_still_gets_the_site_in_vietnamese(english_browser, live_server, principal_a):
    page = english_browser
    page.goto(f"{live_server.url}/accounts/login/")

    assert page.evaluate("navigator.language") == "en-US"
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Đăng nhập" in page.locator("main").inner_text()

    page.fill("input[name=username]", "hieutruong_a")
    page.fill("input[name=password]", "secret-pass-123")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Xin chào" in page.locator("h1").inner_text()
    assert "CB-GV-NV" in page.locator("nav").inner_text()
