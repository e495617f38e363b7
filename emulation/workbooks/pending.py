"""An uploaded workbook waiting between its preview and its commit (or cancel).

upload → :meth:`PendingUploads.store` keeps the file under ``VAR_DIR/pending/`` with a random token, and
the token in the user's session under the flow's *purpose* ("staff-import", "registration-import:12");
preview → :meth:`PendingUploads.get` finds it again, only for the same session, user and purpose, and only
until it expires; commit → :meth:`PendingUploads.claim`; cancel → :meth:`PendingUploads.discard`.

**Single use.** A commit claims the file by renaming it (``<token>.xlsx`` → ``<token>.<random>.claimed``).
A rename is atomic: of two concurrent commits (a double click, two tabs), exactly one finds the file and
the other gets :class:`AlreadyClaimed`. When the claim's block raises, nothing was imported and the file
is put back for another try; when it ends normally the file is deleted (inside a transaction, once that
commits). A claimed file nobody deletes (the process died, or an enclosing transaction rolled back after
the block) can never be claimed again; it is removed once expired. The session keeps naming a committed
upload (:meth:`PendingUploads.named`), so that a later click is told it was imported, not to upload one.

What the flow read of the workbook is kept beside it (:meth:`Pending.rows`): the preview and the commit
parse the file once.
"""

import contextlib
import dataclasses
import datetime as dt
import json
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from .cells import FORMULA, ExcelError
from .sheets import Row

SESSION_KEY = "pending_uploads"
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32}")
DEFAULT_LIFETIME_SECONDS = 24 * 3600


class AlreadyClaimed(Exception):
    """Another request is committing this upload, or has committed it; ``str()`` says so to the user."""

    def __str__(self) -> str:
        return gettext("This file has been imported already, or is being imported: it is not imported twice.")


@dataclasses.dataclass(frozen=True)
class Pending:
    token: str
    purpose: str
    owner_id: int
    name: str  # the file's name as uploaded
    size: int
    created: float  # seconds since the epoch
    path: Path  # the workbook; under a claim, the claimed file

    @property
    def cache_path(self) -> Path:
        """Where a caller may keep what it read of the workbook (removed with it)."""
        return pending_dir() / f"{self.token}.cache.json"

    def rows(self, read: Callable[[Path], list[Row]]) -> list[Row]:
        """``read(path)``, kept in :attr:`cache_path` the first time: cell values keep their types."""
        cache = self.cache_path
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
            stored = json.loads(cache.read_text(encoding="utf-8"), object_hook=_decode)
            return [Row(number, tuple(cells)) for number, cells in stored]
        rows = read(self.path)
        encoded = [[row.number, [_encode(value) for value in row.cells]] for row in rows]
        partial = cache.with_name(f"{self.token}.{secrets.token_hex(4)}.part")
        partial.write_text(json.dumps(encoded, ensure_ascii=False), encoding="utf-8")
        partial.replace(cache)
        return rows


def _encode(value):
    """A cell's value as JSON can hold it; the types JSON lacks become a mapping naming the type."""
    if value is None or isinstance(value, bool | int | float) or type(value) is str:
        return value
    if isinstance(value, ExcelError):
        return {"error": str(value)}
    if value is FORMULA:
        return {"formula": True}
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"time": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"timedelta": value.total_seconds()}
    raise TypeError(f"a cell cannot hold {type(value).__name__}")


def _decode(mapping: dict):
    if "formula" in mapping:
        return FORMULA
    if "error" in mapping:
        return ExcelError(mapping["error"])
    if "datetime" in mapping:
        return dt.datetime.fromisoformat(mapping["datetime"])
    if "date" in mapping:
        return dt.date.fromisoformat(mapping["date"])
    if "time" in mapping:
        return dt.time.fromisoformat(mapping["time"])
    if "timedelta" in mapping:
        return dt.timedelta(seconds=mapping["timedelta"])
    return mapping


def pending_dir() -> Path:
    return Path(settings.VAR_DIR) / "pending"


def lifetime_seconds() -> int:
    return int(getattr(settings, "PENDING_UPLOAD_LIFETIME_SECONDS", DEFAULT_LIFETIME_SECONDS))


def _paths(token: str) -> tuple[Path, Path]:
    if not TOKEN_RE.fullmatch(token or ""):
        raise ValueError("bad upload token")
    directory = pending_dir()
    return directory / f"{token}.xlsx", directory / f"{token}.json"


def _remove(token: str) -> None:
    directory = pending_dir()
    for path in [*_paths(token), directory / f"{token}.cache.json", *directory.glob(f"{token}.*.claimed")]:
        path.unlink(missing_ok=True)


def purge_expired(*, now: float | None = None) -> int:
    """Remove every upload (claimed or not) older than the lifetime; how many files went."""
    directory = pending_dir()
    if not directory.exists():
        return 0
    cutoff = (now if now is not None else time.time()) - lifetime_seconds()
    removed = 0
    for path in directory.iterdir():
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


class PendingUploads:
    """The pending upload of one flow (*purpose*), one per session."""

    def __init__(self, purpose: str):
        self.purpose = purpose

    # the session ------------------------------------------------------------------------------------------

    def _token(self, request) -> str:
        return request.session.get(SESSION_KEY, {}).get(self.purpose, "")

    def _remember(self, request, token: str) -> None:
        tokens = dict(request.session.get(SESSION_KEY, {}))
        tokens[self.purpose] = token
        request.session[SESSION_KEY] = tokens

    def _forget(self, request) -> None:
        tokens = dict(request.session.get(SESSION_KEY, {}))
        if tokens.pop(self.purpose, None) is not None:
            request.session[SESSION_KEY] = tokens

    # the flow ---------------------------------------------------------------------------------------------

    def store(self, request, uploaded) -> Pending:
        """Keep *uploaded* for *request*'s user; an upload of the same flow waiting before is discarded."""
        self.discard(request)
        purge_expired()
        directory = pending_dir()
        directory.mkdir(parents=True, exist_ok=True)
        token = secrets.token_urlsafe(24)
        path, meta = _paths(token)
        partial = directory / f"{token}.part"
        size = 0
        with partial.open("wb") as handle:
            for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
                handle.write(chunk)
                size += len(chunk)
        created = time.time()
        record = {
            "purpose": self.purpose,
            "owner": request.user.pk,
            "name": os.path.basename(getattr(uploaded, "name", "") or ""),
            "size": size,
            "created": created,
        }
        meta.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        partial.replace(path)
        self._remember(request, token)
        return Pending(token, self.purpose, request.user.pk, record["name"], size, created, path)

    def named(self, request, token: str | None = None) -> bool:
        """Whether this session was given an upload of this flow (*token*, when the URL names one), waiting or not.

        True after a commit too: a second click on "import" is then told the file was imported.
        """
        stored = self._token(request)
        return bool(stored) and (token is None or token == stored)

    def get(self, request, token: str | None = None) -> Pending | None:
        """The upload waiting for this session, user and flow (and *token*, when the URL names one), or None."""
        stored = self._token(request)
        if not stored or (token is not None and token != stored):
            return None
        try:
            path, meta = _paths(stored)
            record = json.loads(meta.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            return None
        if record.get("purpose") != self.purpose or record.get("owner") != request.user.pk:
            return None
        if record.get("created", 0) + lifetime_seconds() < time.time():
            _remove(stored)
            self._forget(request)
            return None
        if not path.exists():
            return None
        return Pending(stored, self.purpose, record["owner"], record["name"], record["size"], record["created"], path)

    @contextlib.contextmanager
    def claim(self, request, token: str | None = None):
        """Hold the upload for one commit: ``with uploads.claim(request) as pending: import_from(pending.path)``.

        Raises :class:`AlreadyClaimed` when there is nothing (any more) to commit. Put the whole import,
        its transaction included, inside the block: an exception out of the block puts the file back.
        """
        pending = self.get(request, token)
        if pending is None:
            raise AlreadyClaimed
        claimed = pending.path.with_name(f"{pending.token}.{secrets.token_hex(8)}.claimed")
        try:
            os.rename(pending.path, claimed)
        except FileNotFoundError:
            raise AlreadyClaimed from None
        try:
            yield dataclasses.replace(pending, path=claimed)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):  # removed meanwhile, once expired
                os.rename(claimed, pending.path)
            raise
        connection = transaction.get_connection()
        if connection.in_atomic_block:
            transaction.on_commit(lambda: _remove(pending.token))
        else:
            _remove(pending.token)

    def discard(self, request) -> None:
        """Cancel: forget the upload waiting for this session and remove its files."""
        token = self._token(request)
        if token:
            with contextlib.suppress(ValueError):
                if self.get(request, token) is not None:
                    _remove(token)
            self._forget(request)
