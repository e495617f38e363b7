"""The site in a real browser (Chromium, Playwright) on the demo data: what a first visit downloads,
and every main page at a phone's width (390 px) and a laptop's (1366 px)."""

import io
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from openpyxl import load_workbook
from pytest_django.live_server_helper import LiveServer

from emulation.demo.specs import DEMO_PASSWORD
from emulation.enums import CouncilKind, CouncilRole, RegistrationState
from emulation.models import Period, Person, Registration, Unit
from emulation.services.councils import add_council_member, create_council
from schedules.models import Plan

from .test_static import FIRST_VISIT_BUDGET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What a page shows that does not fit: the page's own width, what sticks out of it (outside the
# .table-responsive wrappers, which scroll on their own), and the icons without a glyph.
PAGE_FIT = """() => {
  const width = document.documentElement.clientWidth;
  const outside = [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > width + 0.5 && !el.closest(".table-responsive"))
    .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + [...el.classList].join("."));
  const blank = [...document.querySelectorAll(".bi")]
    .filter(el => ["none", "normal", ""].includes(getComputedStyle(el, "::before").content))
    .map(el => el.className);
  return {scrollWidth: document.documentElement.scrollWidth, outside: outside.slice(0, 5), blank};
}"""
# The middle heights of the brand and of every menu entry, 0 for one folded away: one value when the
# whole menu shows on one line.
MENU_ROWS = """() => [...new Set([...document.querySelectorAll(".navbar-brand, .navbar .nav-link")]
  .map(el => el.getBoundingClientRect()).map(box => box.height && Math.round(box.top + box.height / 2)))]"""
MENU_LABELS = """() => [...document.querySelectorAll(".site-nav .nav-link")].map(el => el.textContent.trim())"""


@pytest.fixture
def demo(transactional_db):
    """The demo, plus an emulation council for the office and one for Thanh Tuyền primary school."""
    call_command("load_demo", stdout=StringIO())
    officer = get_user_model().objects.get(username="phong.chuyenvien")
    period = Period.objects.get(is_current=True)
    councils = {}
    for symbol in ("PGDĐT", "THTT"):
        unit = Unit.objects.get(symbol=symbol)
        council = create_council(
            unit=unit, period=period, kind=CouncilKind.EMULATION, decision_number=f"15/QĐ-{symbol}", by=officer
        )
        roles = [CouncilRole.CHAIR, CouncilRole.VICE_CHAIR, CouncilRole.SECRETARY, CouncilRole.MEMBER]
        for person, role in zip(Person.objects.filter(unit=unit).order_by("pk")[:4], roles, strict=True):
            add_council_member(council=council, person=person, role=role, by=officer)
        councils[symbol] = council
    return councils


def log_in(page, base_url: str, username: str):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def upload_staff_workbook(page, base_url: str) -> str:
    """Fill the staff template with one good row and two bad ones and upload it: the preview's URL."""
    workbook = load_workbook(io.BytesIO(page.request.get(f"{base_url}/staff/import/template.xlsx").body()))
    sheet = workbook.worksheets[0]
    unit = sheet.cell(row=2, column=4).value
    sheet.append(["Lê Thị Mai", "Nữ", "05/02/1990", unit, "Giáo viên", "Giáo viên"])
    sheet.append(["Phạm Văn Nam", "Nam", "31/02/1985", unit, "Giáo viên", "Giáo viên"])
    sheet.append(["Nguyễn Thị Thanh Hương", "Nữ", "12/12/1988", "Trường Tiểu học Không Có", "Giáo viên", "Giáo viên"])
    filled = io.BytesIO()
    workbook.save(filled)
    page.goto(f"{base_url}/staff/import/")
    page.set_input_files(
        "input[type=file]", files=[{"name": "can-bo.xlsx", "mimeType": XLSX, "buffer": filled.getvalue()}]
    )
    page.click("#staff-import-form button[type=submit]")
    page.wait_for_url(f"{base_url}/staff/import/preview/")
    return "/staff/import/preview/"


def test_every_main_page_fits_a_phone_and_the_menu_one_line_at_1366(demo, live_server, browser):
    plan = f"/plans/{Plan.objects.get().pk}/"
    review = f"/registrations/{Registration.objects.filter(state=RegistrationState.SUBMITTED).first().pk}/review/"
    office, school = (f"/units/{Unit.objects.get(symbol=symbol).pk}/" for symbol in ("PGDĐT", "THTT"))
    office_council, school_council = (f"/councils/{demo[symbol].pk}/" for symbol in ("PGDĐT", "THTT"))
    pages = {
        "th.thanhtuyen.ht": [
            "/",
            "/deadlines/calendar/",
            "/registrations/mine/",
            school,
            school_council,
            plan,
            "staff import",
        ],
        "th.thanhtuyen.pht": ["/", "/registrations/mine/", school_council],
        "phong.chuyenvien": [
            "/",
            "/deadlines/calendar/",
            "/completion/",
            plan,
            "/registrations/",
            review,
            office,
            office_council,
            "staff import",
        ],
        "phong.truongphong": ["/", "/registrations/", review, "/completion/"],
        "hd.thuky": ["/", office_council],
        "hd.uyvien": ["/", "/deadlines/calendar/"],
        "admin": ["/", "/registrations/", "/completion/", office],
    }
    misfits, menus = {}, {}
    for username, paths in pages.items():
        context = browser.new_context(viewport=PHONE, locale="vi-VN")
        page = context.new_page()
        log_in(page, live_server.url, username)
        for path in paths:
            if path == "staff import":
                path = upload_staff_workbook(page, live_server.url)
            else:
                assert page.goto(f"{live_server.url}{path}").status == 200, (username, path)
            fit = page.evaluate(PAGE_FIT)
            if fit != {"scrollWidth": PHONE["width"], "outside": [], "blank": []}:
                misfits[(username, path)] = fit
        page.set_viewport_size(LAPTOP)
        page.goto(f"{live_server.url}/")
        labels = page.evaluate(MENU_LABELS)
        menus[username] = (len(page.evaluate(MENU_ROWS)), len(labels) == len(set(labels)))
        context.close()

    assert misfits == {}
    assert menus == dict.fromkeys(pages, (1, True))


@pytest.fixture
def compressing_server(production_static, transactional_db):
    """A live server whose static files come from WhiteNoise, as in production: hashed, gzip- and Brotli-compressed.

    pytest-django's live_server serves /static/ itself, from the finders and uncompressed.
    """
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda handler: handler
    server.start()
    yield server
    server.stop()


def test_first_visit_weighs_less_than_250_kb_over_the_wire_in_chromium(demo, compressing_server, browser):
    context = browser.new_context(viewport=LAPTOP, locale="vi-VN", extra_http_headers={"Accept-Encoding": "gzip"})
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))

    log_in(page, compressing_server.url, "th.thanhtuyen.ht")
    page.wait_for_load_state("networkidle")
    # Bytes of each response body as received; files the dashboard takes from the browser's cache report
    # no positive size.
    received = [(r.url, max(r.sizes()["responseBodySize"], 0), r.response()) for r in finished]
    statics = {url: response.headers.get("content-encoding") for url, _, response in received if "/static/" in url}
    total = sum(size for _, size, _ in received)
    context.close()

    assert {response.status for _, _, response in received} <= {200, 302}
    assert {(url.rsplit(".", 1)[-1], encoding) for url, encoding in statics.items()} == {
        ("css", "gzip"),
        ("js", "gzip"),
        ("svg", "gzip"),
        ("woff2", None),
    }
    assert total < FIRST_VISIT_BUDGET, f"{total} bytes: {[(url, size) for url, size, _ in received]}"
