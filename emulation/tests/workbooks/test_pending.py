import datetime as dt
import os
import threading
import time
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from emulation.workbooks.cells import FORMULA, ExcelError
from emulation.workbooks.pending import AlreadyClaimed, PendingUploads, pending_dir, purge_expired
from emulation.workbooks.sheets import Row

STAFF = PendingUploads("staff-import")


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def request_of(user_id=1, session=None):
    return SimpleNamespace(session={} if session is None else session, user=SimpleNamespace(pk=user_id))


def stored(request, content=b"PK workbook"):
    return STAFF.store(request, SimpleUploadedFile("danh-sach.xlsx", content))


def test_store_then_get_gives_the_file_back_to_its_owner():
    request = request_of()
    pending = stored(request)

    found = STAFF.get(request)

    assert (found.token, found.name, found.size, found.path.read_bytes()) == (
        pending.token,
        "danh-sach.xlsx",
        11,
        b"PK workbook",
    )
    assert found.path.parent == pending_dir()


def test_get_refuses_another_user_another_flow_and_another_token():
    request = request_of(user_id=1)
    pending = stored(request)

    assert STAFF.get(request_of(user_id=2, session=request.session)) is None
    assert PendingUploads("registration-import:5").get(request) is None
    assert STAFF.get(request, token="A" * 32) is None
    assert STAFF.get(request, token=pending.token) is not None


def test_a_bad_token_in_the_session_is_ignored():
    request = request_of(session={"pending_uploads": {"staff-import": "../../etc/passwd"}})

    assert STAFF.get(request) is None


def test_a_new_upload_replaces_the_waiting_one():
    request = request_of()
    first = stored(request, b"first")
    second = stored(request, b"second")

    assert (first.path.exists(), STAFF.get(request).path.read_bytes()) == (False, b"second")
    assert second.token != first.token


def test_an_expired_upload_is_gone(settings):
    settings.PENDING_UPLOAD_LIFETIME_SECONDS = 60
    request = request_of()
    pending = stored(request)
    past = time.time() - 120
    for path in pending_dir().iterdir():
        os.utime(path, (past, past))
    meta = pending.path.with_suffix(".json")
    meta.write_text(meta.read_text().replace(str(pending.created), str(past)))

    assert STAFF.get(request) is None
    assert list(pending_dir().iterdir()) == []


def test_purge_expired_removes_only_old_files(settings):
    settings.PENDING_UPLOAD_LIFETIME_SECONDS = 60
    old = stored(request_of(user_id=1))
    fresh = stored(request_of(user_id=2))
    past = time.time() - 120
    os.utime(old.path, (past, past))

    assert (purge_expired(), old.path.exists(), fresh.path.exists()) == (1, False, True)


def test_claim_consumes_the_upload_once():
    request = request_of()
    stored(request)

    with STAFF.claim(request) as pending:
        assert pending.path.read_bytes() == b"PK workbook"

    assert STAFF.get(request) is None
    assert list(pending_dir().iterdir()) == []
    with pytest.raises(AlreadyClaimed), STAFF.claim(request):
        pass


def test_a_failed_commit_puts_the_upload_back():
    request = request_of()
    pending = stored(request)

    with pytest.raises(RuntimeError), STAFF.claim(request):
        raise RuntimeError("the import failed")

    assert STAFF.get(request).path == pending.path
    assert pending.path.exists()


def test_two_concurrent_commits_import_once():
    request = request_of()
    stored(request)
    barrier = threading.Barrier(2)
    outcomes = []

    def commit():
        barrier.wait()
        try:
            with STAFF.claim(request):
                time.sleep(0.2)
            outcomes.append("imported")
        except AlreadyClaimed:
            outcomes.append("refused")

    threads = [threading.Thread(target=commit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["imported", "refused"]


@pytest.mark.django_db
def test_claim_inside_a_transaction_consumes_on_commit(django_capture_on_commit_callbacks):
    request = request_of()
    stored(request)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with STAFF.claim(request) as pending:
            claimed = pending.path
        assert claimed.exists()

    assert (claimed.exists(), STAFF.get(request)) == (False, None)


def test_discard_removes_the_files_and_the_session_entry():
    request = request_of()
    stored(request)

    STAFF.discard(request)

    assert (request.session, list(pending_dir().iterdir())) == ({"pending_uploads": {}}, [])


def test_the_rows_read_are_kept_with_their_types_and_read_once():
    request = request_of()
    pending = stored(request)
    cells = (
        "Nguyễn Văn An", 74185000123, 12.5, True, None, dt.datetime(1985, 5, 17, 8, 30), dt.date(2024, 9, 5),
        dt.time(7, 15), dt.timedelta(hours=36), FORMULA, ExcelError("#REF!"), "#REF!",
    )  # fmt: skip
    reads = []

    def read(path):
        reads.append(path)
        return [Row(3, cells)]

    first = pending.rows(read)
    again = STAFF.get(request).rows(read)

    assert (first, again, reads) == ([Row(3, cells)], [Row(3, cells)], [pending.path])
    assert (again[0].cells[9] is FORMULA, type(again[0].cells[10]), type(again[0].cells[11])) == (True, ExcelError, str)


def test_after_a_commit_the_session_still_names_the_upload():
    request = request_of()
    stored(request)

    with STAFF.claim(request):
        pass

    assert (STAFF.named(request), STAFF.get(request), PendingUploads("other").named(request)) == (True, None, False)
    with pytest.raises(AlreadyClaimed) as caught, STAFF.claim(request):
        pass
    assert str(caught.value) == "Tệp này đã được nhập, hoặc đang được nhập: không nhập hai lần."


def test_a_cancelled_upload_is_not_named_any_more():
    request = request_of()
    stored(request)

    STAFF.discard(request)

    assert STAFF.named(request) is False
