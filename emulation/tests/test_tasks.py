"""A real Celery worker and beat, started as processes, on the configured broker.

The filesystem broker by default, Redis when CELERY_BROKER_URL points at one.
The processes share the test database: on PostgreSQL the test database itself
(with committed transactions), on SQLite a migrated file of their own, since
the in-memory test database is invisible to other processes.
"""

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from emulation.models import Heartbeat

# Transactional, so that the worker's commits on PostgreSQL are seen by the test.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)
WAIT_SECONDS = 60


def broker_kind() -> str:
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        return "filesystem"
    if url.startswith(("redis://", "rediss://")):
        return "redis"
    pytest.skip(f"a worker is tested on the filesystem broker and on Redis, not on {url}")


def postgres_url(settings_dict: dict) -> str:
    credentials = quote(settings_dict["USER"], safe="")
    if settings_dict["PASSWORD"]:
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = settings_dict["HOST"] or "localhost"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{settings_dict['NAME']}"


class Processes:
    """Celery processes sharing one environment; their output goes to log files."""

    def __init__(self, env: dict, logs: Path):
        self.env, self.logs, self.running = env, logs, []
        self.heartbeat = None  # reads the Heartbeat row's last_seen from the processes' database

    def run(self, *args: str, timeout: float = WAIT_SECONDS) -> str:
        result = subprocess.run(
            [sys.executable, *args], cwd=BASE_DIR, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def start(self, name: str, *args: str) -> None:
        log = (self.logs / f"{name}.log").open("w")
        command = [sys.executable, "-m", "celery", "-A", "config", name, "--loglevel", "INFO", *args]
        process = subprocess.Popen(command, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.running.append((name, process, log))

    def output(self) -> str:
        return "\n".join(
            f"--- {name}\n{(self.logs / f'{name}.log').read_text()[-3000:]}" for name, _, _ in self.running
        )

    def stop(self) -> None:
        for _, process, _ in self.running:
            process.terminate()
        for _, process, log in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


@pytest.fixture
def celery_processes(tmp_path):
    """Environment, database and broker folders shared by the worker, beat and a sender."""
    kind = broker_kind()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # Development processes, as `make worker` and `make beat` run them (DEBUG on, the development key).
        "DJANGO_DEVELOPMENT": "1",
        "VAR_DIR": str(tmp_path / "var"),
        "HEARTBEAT_SECONDS": "1",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": f"test-{uuid.uuid4().hex}",
    }
    env.pop("CELERY_RESULT_BACKEND", None)
    if kind == "redis":
        env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    else:
        env.pop("CELERY_BROKER_URL", None)

    processes = Processes(env, tmp_path)
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = postgres_url(connection.settings_dict)
        processes.heartbeat = lambda: Heartbeat.objects.filter(name="beat").values_list("last_seen", flat=True).first()
    else:
        database = tmp_path / "db.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{database}"
        processes.run("manage.py", "migrate", "--noinput")

        def heartbeat():
            with sqlite3.connect(database) as db:
                row = db.execute("SELECT last_seen FROM emulation_heartbeat WHERE name = 'beat'").fetchone()
            return datetime.fromisoformat(row[0]).replace(tzinfo=UTC) if row else None

        processes.heartbeat = heartbeat
    yield processes
    processes.stop()


def wait_for(condition, processes: Processes):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        stopped = [name for name, process, _ in processes.running if process.poll() is not None]
        if stopped:
            pytest.fail(f"{', '.join(stopped)} stopped early\n{processes.output()}")
        time.sleep(0.5)
    pytest.fail(f"nothing after {WAIT_SECONDS} s\n{processes.output()}")


def test_beat_schedules_the_heartbeat_and_the_worker_runs_it(celery_processes):
    celery_processes.start("worker", "--pool", "solo", "--hostname", f"worker-{uuid.uuid4().hex[:8]}@%h")
    celery_processes.start("beat")

    last_seen = wait_for(celery_processes.heartbeat, celery_processes)

    output = celery_processes.output()
    assert last_seen
    assert f".> transport:   {broker_kind()}://" in output, output
    assert "Sending due task heartbeat (emulation.heartbeat)" in output, output
    assert "Task emulation.heartbeat[" in output, output


def test_task_sent_with_delay_is_run_by_the_worker(celery_processes):
    celery_processes.start("worker", "--pool", "solo", "--hostname", f"worker-{uuid.uuid4().hex[:8]}@%h")
    sender = (
        "from emulation.tasks import task_heartbeat; "
        "result = task_heartbeat.delay(); "
        f"print(result.get(timeout={WAIT_SECONDS}))"
    )

    returned = celery_processes.run(
        "manage.py", "shell", "--verbosity", "0", "--command", sender, timeout=WAIT_SECONDS + 30
    )

    assert celery_processes.heartbeat() == datetime.fromisoformat(returned.strip())
    assert "Task emulation.heartbeat[" in celery_processes.output()
