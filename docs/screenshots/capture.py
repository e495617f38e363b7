"""Screenshots of the main pages, for looking at what the site shows.

Run against a site with the demo data (``make demo`` or ``manage.py load_demo`` +
``manage.py runserver 8000``)::

    .venv/bin/python docs/screenshots/capture.py --base-url http://127.0.0.1:8000 --out docs/screenshots
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

LAUNCH_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]

# (file name, user, path, viewport width, viewport height)
PAGES = [
    ("login.png", None, "/accounts/login/", 1366, 768),
    ("dashboard-principal.png", "th.thanhtuyen.ht", "/", 1366, 768),
    ("dashboard-district.png", "phong.chuyenvien", "/", 1366, 768),
    ("staff-list.png", "phong.chuyenvien", "/staff/?q=nguyen+thi", 1366, 768),
    ("staff-list-phone.png", "th.thanhtuyen.ht", "/staff/", 390, 844),
    ("unit-list.png", "phong.chuyenvien", "/units/", 1366, 768),
    ("plan-list.png", "phong.chuyenvien", "/plans/", 1366, 768),
    ("plan-detail.png", "phong.chuyenvien", "/plans/1/", 1366, 768),
    ("staff-import.png", "th.thanhtuyen.ht", "/staff/import/", 1366, 768),
    ("completion-matrix.png", "phong.chuyenvien", "/completion/", 1366, 768),
    ("calendar.png", "th.thanhtuyen.ht", "/deadlines/calendar/", 1366, 768),
    ("calendar-phone.png", "th.thanhtuyen.ht", "/deadlines/calendar/", 390, 844),
    ("registration-school.png", "th.thanhtuyen.ht", "/registrations/mine/", 1366, 768),
    ("registration-list.png", "phong.chuyenvien", "/registrations/", 1366, 768),
    ("councils.png", "th.thanhtuyen.ht", "/councils/", 1366, 768),
]


def login(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state("networkidle")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(Path(__file__).parent))
    parser.add_argument("--password", default="demo12345")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        for name, user, path, width, height in PAGES:
            if args.only and name not in args.only:
                continue
            context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
            page = context.new_page()
            if user:
                login(page, args.base_url, user, args.password)
            page.goto(f"{args.base_url}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / name), full_page=False)
            print(out / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
