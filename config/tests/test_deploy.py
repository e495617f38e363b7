"""Production settings: `check --deploy` is clean, and the services come from the environment."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qv2mZ9pLw4xR8tN1sB6yD3fH0jG5cU2eA7iO9uY4rT1wE8qS6zX3vC0bN5mM",
    "ALLOWED_HOSTS": "thidua.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://thidua.example.vn",
    "DATABASE_URL": "postgres://thidua:secret@db.internal:5432/thidua",
    "CELERY_BROKER_URL": "redis://cache.internal:6379/2",
    "EMAIL_URL": "smtp+tls://thidua:mail-secret@mail.internal:587",
}
SHOW_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "database": [database["ENGINE"], database["NAME"], database["HOST"], database["PORT"], database["USER"]],
    "broker": settings.CELERY_BROKER_URL,
    "result_backend": settings.CELERY_RESULT_BACKEND,
    "email": [settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS],
}))
"""


def run_with(env: dict, *args: str) -> subprocess.CompletedProcess:
    # The test run's own variables (DJANGO_ALLOW_ASYNC_UNSAFE among them) are no part of a deployment.
    test_only = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE", "VAR_DIR", "DJANGO_DEVELOPMENT"}
    clean = {key: value for key, value in os.environ.items() if key not in test_only}
    # Set, so that a developer's .env cannot turn development on behind the test's back.
    base = {"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEVELOPMENT": "0"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**clean, **base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_under_production_settings_prints_no_warning():
    result = run_with(PRODUCTION_ENV, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert (result.returncode, result.stdout.strip(), result.stderr) == (
        0,
        "System check identified no issues (0 silenced).",
        "",
    )


def test_check_deploy_with_development_defaults_warns():
    result = run_with({"DEBUG": "true"}, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 1
    assert "security.W018" in result.stderr


def test_settings_read_database_broker_and_mail_from_the_environment():
    result = run_with(PRODUCTION_ENV, "-c", SHOW_SETTINGS)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["thidua.example.vn"],
        "database": ["django.db.backends.postgresql", "thidua", "db.internal", 5432, "thidua"],
        "broker": "redis://cache.internal:6379/2",
        "result_backend": "redis://cache.internal:6379/2",
        "email": ["django.core.mail.backends.smtp.EmailBackend", "mail.internal", 587, True],
    }


def test_settings_defaults_need_no_external_service(tmp_path):
    result = run_with({"VAR_DIR": str(tmp_path), "DJANGO_DEVELOPMENT": "1"}, "-c", SHOW_SETTINGS)

    shown = json.loads(result.stdout)
    assert (shown["database"][0], shown["database"][1]) == ("django.db.backends.sqlite3", str(tmp_path / "db.sqlite3"))
    assert (shown["broker"], shown["result_backend"]) == ("filesystem://", f"file://{tmp_path / 'celery' / 'results'}")
    assert shown["email"][0] == "django.core.mail.backends.console.EmailBackend"
    assert sorted(path.name for path in (tmp_path / "celery").iterdir()) == ["control", "queue", "results"]


SHOW_DEBUG = """
import sys
sys.argv = ["manage.py", *sys.argv[1:]]
import django
django.setup()
from django.conf import settings
print(settings.DEBUG)
"""


def test_the_site_refuses_to_start_with_the_development_key_when_debug_is_off():
    result = run_with({}, "-c", SHOW_DEBUG, "migrate")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is the development key of the repository, and "
        "DEBUG is off: set SECRET_KEY to a random value of 50+ characters (see .env.example), or "
        "DJANGO_DEVELOPMENT=1 on a developer's machine."
    )


def test_debug_is_off_unless_asked_for():
    result = run_with({"SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]}, "-c", SHOW_DEBUG, "migrate")

    assert (result.returncode, result.stdout.strip()) == (0, "False")


def test_a_development_process_has_debug_on_and_may_use_the_development_key():
    result = run_with({"DJANGO_DEVELOPMENT": "1"}, "-c", SHOW_DEBUG, "migrate")

    assert (result.returncode, result.stdout.strip()) == (0, "True")


def test_the_development_server_counts_as_a_development_process():
    result = run_with({}, "-c", SHOW_DEBUG, "runserver")

    assert (result.returncode, result.stdout.strip()) == (0, "True")
