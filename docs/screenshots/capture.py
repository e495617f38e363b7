"""Screenshots of the main pages at a laptop's width (1366 px) and a phone's (390 px), from the demo data.

By default it builds a scratch site of its own: a SQLite database in a temporary folder, migrated and
filled by ``manage.py load_demo``, served by ``manage.py runserver`` on a free port, and removed at the
end. Like a person, it then forms Thanh Tuyền primary school's emulation council and uploads a staff
workbook (one good row, two with mistakes) so that the council page and the import preview have
something to show::

    .venv/bin/python docs/screenshots/capture.py                 # every page, into docs/screenshots/
    .venv/bin/python docs/screenshots/capture.py --only review.png review-phone.png
    .venv/bin/python docs/screenshots/capture.py --base-url http://127.0.0.1:8000   # a running demo site

Chromium is Debian's (``apt-get install chromium``).
"""

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

from openpyxl import load_workbook
from playwright.sync_api import sync_playwright

BASE_DIR = Path(__file__).resolve().parents[2]
LAUNCH_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
LAPTOP = (1366, 768)
PHONE = (390, 844)
PRINCIPAL, OFFICER = "th.thanhtuyen.ht", "phong.chuyenvien"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (file name, user, page, viewport): a page is a path, or the name of a function below that finds it.
PAGES = [
    ("login.png", None, "/accounts/login/", LAPTOP),
    ("dashboard-principal.png", PRINCIPAL, "/", LAPTOP),
    ("dashboard-principal-phone.png", PRINCIPAL, "/", PHONE),
    ("dashboard-district.png", OFFICER, "/", LAPTOP),
    ("dashboard-district-phone.png", OFFICER, "/", PHONE),
    ("staff-list.png", OFFICER, "/staff/?q=nguyen+thi", LAPTOP),
    ("staff-list-phone.png", PRINCIPAL, "/staff/", PHONE),
    ("staff-import-preview.png", PRINCIPAL, "staff_import_preview", LAPTOP),
    ("staff-import-preview-phone.png", PRINCIPAL, "staff_import_preview", PHONE),
    ("unit-list.png", OFFICER, "/units/", LAPTOP),
    ("plan-list.png", OFFICER, "/plans/", LAPTOP),
    ("plan-detail.png", OFFICER, "plan_detail", LAPTOP),
    ("plan-detail-phone.png", OFFICER, "plan_detail", PHONE),
    ("completion-matrix.png", OFFICER, "/completion/", LAPTOP),
    ("calendar.png", PRINCIPAL, "/deadlines/calendar/", LAPTOP),
    ("calendar-phone.png", PRINCIPAL, "/deadlines/calendar/", PHONE),
    ("registration-school.png", PRINCIPAL, "/registrations/mine/", LAPTOP),
    ("registration-list.png", OFFICER, "/registrations/", LAPTOP),
    ("review.png", OFFICER, "review", LAPTOP),
    ("review-phone.png", OFFICER, "review", PHONE),
    ("council.png", PRINCIPAL, "school_council", LAPTOP),
    ("council-phone.png", PRINCIPAL, "school_council", PHONE),
    ("councils.png", PRINCIPAL, "/councils/", LAPTOP),
]


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def staff_import_preview(page, base_url: str) -> str:
    """Upload the staff template filled with one good row and two with mistakes (in this session)."""
    workbook = load_workbook(io.BytesIO(page.request.get(f"{base_url}/staff/import/template.xlsx").body()))
    sheet = workbook.worksheets[0]
    unit = sheet.cell(row=2, column=4).value
    sheet.append(["Lê Thị Mai", "Nữ", "05/02/1990", unit, "Giáo viên", "Giáo viên"])
    sheet.append(["Phạm Văn Nam", "Nam", "31/02/1985", unit, "Giáo viên", "Giáo viên"])
    sheet.append(["Nguyễn Thị Thanh Hương", "Nữ", "12/12/1988", "Trường Tiểu học Long Hòa B", "Giáo viên", "Giáo viên"])
    filled = io.BytesIO()
    workbook.save(filled)
    page.goto(f"{base_url}/staff/import/")
    page.set_input_files(
        "input[type=file]", files=[{"name": "can-bo.xlsx", "mimeType": XLSX, "buffer": filled.getvalue()}]
    )
    page.click("#staff-import-form button[type=submit]")
    page.wait_for_url(f"{base_url}/staff/import/preview/")
    return "/staff/import/preview/"


def plan_detail(page, base_url: str) -> str:
    page.goto(f"{base_url}/plans/")
    return page.locator("main table a[href^='/plans/']").first.get_attribute("href")


def review(page, base_url: str) -> str:
    """The first school whose registration waits for the office."""
    page.goto(f"{base_url}/registrations/?state=submitted")
    return page.locator("#registration-list a[href$='/review/']").first.get_attribute("href")


def school_council(page, base_url: str) -> str:
    """The school's emulation council, formed the first time: the principal in the chair and four staff."""
    page.goto(f"{base_url}/councils/")
    existing = page.locator("main a[href^='/councils/'][href$='/']:not([href$='/new/'])")
    if existing.count():
        return existing.first.get_attribute("href")
    page.goto(f"{base_url}/councils/new/")
    page.fill("input[name=decision_number]", "15/QĐ-THTT")
    page.fill("input[name=decision_date]", "05/09/2026")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base_url}/councils/*/")
    path = page.url.removeprefix(base_url)
    principal = page.locator(".nav-user-name").inner_text().strip()
    for role in ["chair", "vice_chair", "secretary", "member", "member"]:
        person = page.locator("#add-member select[name=person] option").filter(has_text=principal)
        if role == "chair" and person.count():
            page.select_option("#add-member select[name=person]", person.first.get_attribute("value"))
        else:
            page.select_option("#add-member select[name=person]", index=1)
        page.select_option("#add-member select[name=role]", role)
        with page.expect_navigation():
            page.click("#add-member button[type=submit]")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scratch_site(folder: Path) -> tuple[subprocess.Popen, str]:
    """A demo site of its own in *folder*: migrated, loaded with the demo, served on a free port."""
    env = {**os.environ, "VAR_DIR": str(folder), "DEBUG": "true"}
    env.pop("DATABASE_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run([*manage, *command], env=env, check=True, stdout=subprocess.DEVNULL)
    address = f"127.0.0.1:{free_port()}"
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", address], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base_url = f"http://{address}"
    for _ in range(100):
        try:
            urlopen(f"{base_url}/accounts/login/", timeout=2).close()
            return server, base_url
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"The scratch site did not answer on {base_url}")


def capture(base_url: str, out: Path, password: str, only: list[str] | None) -> None:
    finders = {"staff_import_preview": staff_import_preview, "plan_detail": plan_detail, "review": review}
    finders["school_council"] = school_council
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        for name, user, target, (width, height) in PAGES:
            if only and name not in only:
                continue
            context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
            page = context.new_page()
            if user:
                log_in(page, base_url, user, password)
            path = finders[target](page, base_url) if target in finders else target
            page.goto(f"{base_url}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / name), full_page=False)
            print(out / name)
            context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running site with the demo data (default: a scratch site of its own)")
    parser.add_argument("--out", default=str(Path(__file__).parent))
    parser.add_argument("--password", default="demo12345")
    parser.add_argument("--only", nargs="*", default=None, help="file names to take, e.g. review.png")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.base_url:
        capture(args.base_url.rstrip("/"), out, args.password, args.only)
        return
    with tempfile.TemporaryDirectory(prefix="thidua-screenshots-") as folder:
        server, base_url = scratch_site(Path(folder))
        try:
            capture(base_url, out, args.password, args.only)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
