"""Static files: what a first visit downloads, how production serves it, the icon subset, the favicon."""

import re
import runpy
import subprocess
import sys
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

BASE_DIR = Path(settings.BASE_DIR)
# A first visit (the login page, then the dashboard) over the wire, gzip-compressed as WhiteNoise serves it.
FIRST_VISIT_BUDGET = 250 * 1024
YEAR_CACHE = "max-age=315360000, public, immutable"
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


class StaticReferences(HTMLParser):
    """The static files an HTML page loads: stylesheets, icons, scripts and images."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def static_files_of(html: str, root: Path) -> set[str]:
    """Every static URL of a page, with those its stylesheets load (fonts, images), as collected under *root*."""
    parser = StaticReferences()
    parser.feed(html)
    found, queue = set(), [url for url in parser.urls if url.startswith(settings.STATIC_URL)]
    while queue:
        url = urlsplit(queue.pop()).path
        if url in found:
            continue
        found.add(url)
        if url.endswith(".css"):
            text = (root / url.removeprefix(settings.STATIC_URL)).read_text(encoding="utf-8")
            queue += [urljoin(url, ref) for ref in CSS_URL.findall(text) if not ref.startswith("data:")]
    return found


def wire_size(url: str, root: Path) -> int:
    """Bytes sent for a static file to a browser that accepts gzip: WhiteNoise's .gz copy when it made one."""
    path = root / url.removeprefix(settings.STATIC_URL)
    compressed = path.with_name(path.name + ".gz")
    return (compressed if compressed.exists() else path).stat().st_size


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())
    return get_user_model().objects


@pytest.mark.parametrize("username", ["th.thanhtuyen.ht", "phong.chuyenvien", "admin"])
def test_login_then_dashboard_weigh_less_than_250_kb_over_the_wire(client, demo, production_static, username):
    login_page = client.get("/accounts/login/")
    client.force_login(demo.get(username=username))
    dashboard = client.get("/")
    pages = [login_page.content.decode(), dashboard.content.decode()]
    files = set().union(*(static_files_of(page, production_static) for page in pages))
    sizes = {url: wire_size(url, production_static) for url in files}
    total = sum(len(page.encode()) for page in pages) + sum(sizes.values())

    assert (login_page.status_code, dashboard.status_code) == (200, 200)
    assert {Path(url).suffix for url in files} == {".css", ".js", ".svg", ".woff2"}
    assert total < FIRST_VISIT_BUDGET, f"{total} bytes: {sorted(sizes.items(), key=lambda item: -item[1])}"


def test_collectstatic_writes_hashed_names_with_gzip_and_brotli_copies(production_static):
    names = {path.name for path in (production_static / "vendor" / "bootstrap").iterdir()}
    digests = [match[1] for name in names if (match := re.fullmatch(r"bootstrap\.min\.([0-9a-f]{12})\.css", name))]

    assert len(digests) == 1
    assert {f"bootstrap.min.{digests[0]}.css{suffix}" for suffix in ("", ".gz", ".br")} <= names


def test_production_serves_hashed_files_compressed_with_a_year_of_cache(client, db, production_static):
    page = client.get("/accounts/login/").content.decode()
    stylesheet = next(url for url in static_files_of(page, production_static) if "bootstrap.min." in url)

    compressed = client.get(stylesheet, HTTP_ACCEPT_ENCODING="gzip, deflate")
    plain = client.get(stylesheet)
    compressed.close()
    plain.close()

    assert re.fullmatch(r"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", stylesheet)
    assert (compressed.status_code, compressed["Content-Encoding"], compressed["Cache-Control"]) == (
        200,
        "gzip",
        YEAR_CACHE,
    )
    assert (plain.status_code, plain.has_header("Content-Encoding"), plain["Cache-Control"]) == (200, False, YEAR_CACHE)


def test_development_serves_static_files_without_collectstatic(client):
    response = client.get("/static/css/app.css")

    assert (response.status_code, response["Content-Type"]) == (200, 'text/css; charset="utf-8"')
    assert b".nav-user-name" in b"".join(response.streaming_content)


def test_favicon_ico_is_served_at_the_root_to_anyone(client):
    response = client.get("/favicon.ico")

    assert (response.status_code, response["Content-Type"]) == (200, "image/x-icon")
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_pages_link_the_svg_favicon(client, db):
    page = client.get("/accounts/login/").content.decode()
    icon = client.get("/static/favicon.svg")
    icon.close()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert (icon.status_code, icon["Content-Type"]) == (200, "image/svg+xml")


def test_icon_subset_holds_exactly_the_icons_in_use():
    result = subprocess.run(
        [sys.executable, "bin/subset-icons", "--check"], cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )

    assert (result.returncode, result.stderr) == (0, "")


def test_icon_finder_reads_icon_keys_arguments_and_icon_maps():
    finder = runpy.run_path(str(BASE_DIR / "bin" / "subset-icons"), run_name="icons")["icons_in_python"]
    source = """
STATE_ICONS = {"done": "check-circle-fill", "late": "clock-history"}
OTHER = {"done": "not-an-icon"}
item = {"url": "/", "icon": "gear", "label": "x"}
entry = Entry("emulation:dashboard", "Dashboard", icon="speedometer2")
label = "people"
"""

    assert sorted(finder(source)) == ["check-circle-fill", "clock-history", "gear", "speedometer2"]
