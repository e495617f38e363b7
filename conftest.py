"""Test settings shared by every app: fast hashing, mail kept in memory, a private var dir."""

import importlib
import os
import re

import pytest
from django.conf import settings
from django.db.models.signals import post_migrate

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = True


def _load_award_catalogue(sender, **kwargs):
    """Put back the catalogue of titles and forms that a data migration loads.

    ``migrate`` and ``flush`` both end with ``post_migrate``: the first when the test
    database is created or reused (``--reuse-db`` keeps whatever the last run left), the
    second when a test run outside a transaction (live server, threads) empties every
    table, data migrations' rows included. Either way the catalogue is there afterwards,
    as it is in every migrated database.
    """
    if sender.label != "emulation":
        return
    from django.apps import apps

    migration = importlib.import_module("emulation.migrations.0004_load_award_catalogue")
    migration.load(apps, None)


def pytest_configure(config):
    post_migrate.connect(_load_award_catalogue, dispatch_uid="tests-load-award-catalogue")


def pytest_report_header(config):
    database = settings.DATABASES["default"]
    broker = re.sub(r":[^:@/]*@", ":***@", settings.CELERY_BROKER_URL)
    return [f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}", f"celery broker: {broker}"]


def pytest_collection_modifyitems(config, items):
    """Tests for another database are deselected (not skipped); under CI a skipped test fails."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        other = [item for item in items if item.get_closest_marker("postgresql")]
        if other:
            items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
            config.hook.pytest_deselected(items=other)
    if os.environ.get("CI") != "true":
        return
    config.stash["ci_strict"] = True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if item.config.stash.get("ci_strict", False) and report.skipped and call.when in ("setup", "call"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which is a failure: {report.longrepr}"


# Browser tests: Playwright drives Debian's Chromium (Playwright's own download is not used).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1366, "height": 768}}


@pytest.fixture
def login(live_server, page):
    """Log *username* in through the real login form; returns the page."""

    def log_in(username: str, password: str = "secret-pass-123"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return log_in


PRODUCTION_STATIC_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT as `collectstatic` writes it in production: hashed names, gzip and Brotli copies.

    The admin's files are left out: no test of the site's own pages loads them, and they would
    make this take five times as long.
    """
    from django.core.management import call_command
    from django.test import override_settings

    root = tmp_path_factory.mktemp("staticfiles")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STATIC_STORAGE}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
    return root


@pytest.fixture
def production_static(settings, collected_static):
    """Static files as in production: hashed URLs, served by WhiteNoise from the collected files only."""
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STATIC_STORAGE}}
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    return collected_static
