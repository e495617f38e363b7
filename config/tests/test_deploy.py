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
    test_only = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE", "VAR_DIR"}
    clean = {key: value for key, value in os.environ.items() if key not in test_only}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
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
    result = run_with({"VAR_DIR": str(tmp_path)}, "-c", SHOW_SETTINGS)

    shown = json.loads(result.stdout)
    assert (shown["database"][0], shown["database"][1]) == ("django.db.backends.sqlite3", str(tmp_path / "db.sqlite3"))
    assert (shown["broker"], shown["result_backend"]) == ("filesystem://", f"file://{tmp_path / 'celery' / 'results'}")
    assert shown["email"][0] == "django.core.mail.backends.console.EmailBackend"
    assert sorted(path.name for path in (tmp_path / "celery").iterdir()) == ["control", "queue", "results"]
