"""Reading a timeline into a plan: the paste or upload, its preview, the confirmation and the cancel."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from emulation.enums import Role
from emulation.tests.factories import DistrictFactory, MembershipFactory, UserFactory
from schedules import services
from schedules.enums import LogAction
from schedules.tests.views.test_plans import SEED, blocks, dau_tieng, period, plan, principal, schools, staff_user  # noqa: F401

pytestmark = pytest.mark.django_db


def test_timeline_import_view_reads_the_paste_and_saves_nothing_until_confirmed(client, plan, staff_user, blocks):  # noqa: F811
    client.force_login(staff_user)

    response = client.post(reverse("schedules:timeline-import", args=[plan.pk]), {"text": SEED, "replace": "on"})

    token = resolve(response["Location"]).kwargs["token"]
    assert response["Location"] == reverse("schedules:timeline-import-preview", args=[plan.pk, token])
    assert plan.milestones.count() == 0
    confirmed = client.post(reverse("schedules:timeline-import-confirm", args=[plan.pk, token]))
    assert confirmed["Location"] == reverse("schedules:plan-detail", args=[plan.pk])
    assert plan.milestones.count() == 17


def test_timeline_import_denied_for_principal(client, plan, principal):  # noqa: F811
    client.force_login(principal)

    response = client.post(reverse("schedules:timeline-import", args=[plan.pk]), {"text": SEED})

    assert response.status_code == 404
    assert plan.milestones.count() == 0


# The preview: what an import creates, changes and removes, written only once confirmed.

PROSE = """\
III. KHUNG THỜI GIAN
1. Tháng 9/2023:
- Xây dựng kế hoạch thi đua năm học
- Đăng ký danh hiệu thi đua trước ngày 30/9/2023
**2. Từ tháng 10 đến tháng 12 năm 2023**
- Phát động phong trào thi đua chào mừng ngày Nhà giáo Việt Nam
- Sơ kết học kỳ I
- Nộp báo cáo sơ kết trước ngày 31/02/2024
"""
CURRENT = (
    "TT\tNội dung\tThời gian hoàn thành\tĐơn vị thực hiện\n"
    "1.\tXây dựng kế hoạch thi đua năm học\tTháng 9/2023\tPhòng GDĐT\n"
    "2.\tHọp giao ban thi đua\tTháng 10/2023\tPhòng GDĐT\n"
    "3.\tSơ kết học kỳ I\tTháng 1/2024\tPhòng GDĐT\n"
    "4.\tTổng kết năm học\tTháng 5/2024\tPhòng GDĐT\n"
)


def read_timeline(client, into, text, **data):
    response = client.post(reverse("schedules:timeline-import", args=[into.pk]), {"text": text, **data})
    assert response.status_code == 302
    return resolve(response["Location"]).kwargs["token"]


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_timeline_preview_shows_what_is_created_changed_and_removed(client, plan, staff_user):  # noqa: F811
    services.import_timeline(plan=plan, by=staff_user, text=CURRENT)
    before = list(plan.milestones.values_list("pk", "order", "content", "due_on"))
    client.force_login(staff_user)
    token = read_timeline(client, plan, PROSE, replace="on")

    response = client.get(reverse("schedules:timeline-import-preview", args=[plan.pk, token]))

    preview = response.context["preview"]
    assert [(c.draft.order, c.draft.content, c.status, c.changed) for c in preview.changes] == [
        (1, "Xây dựng kế hoạch thi đua năm học", "changed", ["units"]),
        (2, "Đăng ký danh hiệu thi đua", "changed", ["content", "time", "units"]),
        (3, "Phát động phong trào thi đua chào mừng ngày Nhà giáo Việt Nam", "new", []),
        (4, "Sơ kết học kỳ I", "changed", ["order", "time", "units"]),
        (5, "Nộp báo cáo sơ kết", "new", []),
    ]
    assert [c.before.order if c.before else None for c in preview.changes] == [1, 2, None, 3, None]
    assert [m.content for m in preview.removed] == ["Tổng kết năm học"]
    assert [(c.draft.opens_on, c.draft.due_on) for c in preview.changes] == [
        (dt.date(2023, 9, 1), dt.date(2023, 9, 30)),
        (None, dt.date(2023, 9, 29)),
        (dt.date(2023, 10, 1), dt.date(2023, 12, 31)),
        (dt.date(2023, 10, 1), dt.date(2023, 12, 31)),
        (None, None),
    ]
    assert [c.draft.flags for c in preview.changes][4] == ("dòng 8: 31/02/2024 không phải là ngày hợp lệ.",)
    assert [c.draft.actor_problem for c in preview.changes] == ["Dòng không ghi đơn vị thực hiện."] * 5
    assert (response.context["flagged_count"], preview.new_count, preview.changed_count, preview.same_count) == (
        5,
        2,
        3,
        0,
    )
    html = response.content.decode()
    assert "Nội dung đã dán. Chưa có gì được lưu." in html
    assert "dòng 8: 31/02/2024 không phải là ngày hợp lệ." in html
    assert "Thay khung thời gian bằng 5 mốc này" in html
    assert ("3 mốc thay đổi" in html, "1 mốc bị xóa" in html, "mốc giữ nguyên" in html) == (True, True, False)
    assert list(plan.milestones.values_list("pk", "order", "content", "due_on")) == before


def test_timeline_preview_of_the_same_table_changes_nothing(client, plan, staff_user):  # noqa: F811
    services.import_timeline(plan=plan, by=staff_user, text=CURRENT)
    client.force_login(staff_user)
    token = read_timeline(client, plan, CURRENT, replace="on")

    response = client.get(reverse("schedules:timeline-import-preview", args=[plan.pk, token]))

    preview = response.context["preview"]
    assert ([c.status for c in preview.changes], preview.removed) == (["same"] * 4, [])
    assert "4 mốc giữ nguyên" in response.content.decode()


def test_timeline_preview_of_an_addition_keeps_the_current_milestones(client, plan, staff_user):  # noqa: F811
    services.import_timeline(plan=plan, by=staff_user, text=CURRENT)
    client.force_login(staff_user)
    token = read_timeline(client, plan, PROSE)  # "replace" unticked

    response = client.get(reverse("schedules:timeline-import-preview", args=[plan.pk, token]))
    client.post(reverse("schedules:timeline-import-confirm", args=[plan.pk, token]))

    preview = response.context["preview"]
    assert ([c.status for c in preview.changes], preview.removed, len(preview.kept)) == (["new"] * 5, [], 4)
    assert [c.draft.order for c in preview.changes] == [5, 6, 7, 8, 9]
    assert list(plan.milestones.values_list("order", "content")[3:6]) == [
        (4, "Tổng kết năm học"),
        (5, "Xây dựng kế hoạch thi đua năm học"),
        (6, "Đăng ký danh hiệu thi đua"),
    ]


def test_timeline_confirm_writes_exactly_the_previewed_milestones(client, plan, staff_user, blocks):  # noqa: F811
    client.force_login(staff_user)
    token = read_timeline(client, plan, SEED, replace="on")
    drafts = client.get(reverse("schedules:timeline-import-preview", args=[plan.pk, token])).context["upload"]["drafts"]

    client.post(reverse("schedules:timeline-import-confirm", args=[plan.pk, token]))

    written = plan.milestones.prefetch_related("actor_units", "actor_blocks")
    assert [
        (m.order, m.content, m.due_text, m.opens_on, m.due_on, m.date_problem, m.actor_text, m.actor_problem,
         tuple(sorted(u.pk for u in m.actor_units.all())), tuple(sorted(b.pk for b in m.actor_blocks.all())),
         m.done_when)
        for m in written
    ] == [
        (d.order, d.content, d.due_text, d.opens_on, d.due_on, d.date_problem, d.actor_text, d.actor_problem,
         d.unit_ids, d.block_ids, d.done_when)
        for d in drafts
    ]  # fmt: skip
    assert len(drafts) == 17
    assert drafts[2].block_ids == tuple(sorted(block.pk for block in blocks))


def test_timeline_confirm_twice_imports_once(client, plan, staff_user, blocks):  # noqa: F811
    client.force_login(staff_user)
    token = read_timeline(client, plan, SEED, replace="on")
    confirm = reverse("schedules:timeline-import-confirm", args=[plan.pk, token])
    client.post(confirm, follow=True)
    first = list(plan.milestones.values_list("pk", flat=True))

    response = client.post(confirm, follow=True)

    assert response.redirect_chain == [(reverse("schedules:plan-detail", args=[plan.pk]), 302)]
    assert shown_messages(response) == [
        "Không có khung thời gian nào đang chờ nhập: khung thời gian đã được nhập hoặc đã hủy. Hãy dán lại nếu cần."
    ]
    assert list(plan.milestones.values_list("pk", flat=True)) == first
    assert plan.log.filter(action=LogAction.TIMELINE_IMPORTED).count() == 1


def test_timeline_confirm_racing_a_first_one_imports_once(client, plan, staff_user, blocks):  # noqa: F811
    """Two confirmations sent together both find the reading in their session; the second writes nothing."""
    client.force_login(staff_user)
    token = read_timeline(client, plan, SEED, replace="on")
    confirm = reverse("schedules:timeline-import-confirm", args=[plan.pk, token])
    pending = client.session["timeline_imports"]
    client.post(confirm, follow=True)
    first = list(plan.milestones.values_list("pk", flat=True))
    session = client.session
    session["timeline_imports"] = pending
    session.save()

    response = client.post(confirm, follow=True)

    assert shown_messages(response) == [
        "Không có khung thời gian nào đang chờ nhập: khung thời gian đã được nhập hoặc đã hủy. Hãy dán lại nếu cần."
    ]
    assert list(plan.milestones.values_list("pk", flat=True)) == first
    assert plan.log.filter(action=LogAction.TIMELINE_IMPORTED).count() == 1


def test_timeline_confirm_refuses_a_timeline_changed_since_the_preview(client, plan, staff_user):  # noqa: F811
    services.import_timeline(plan=plan, by=staff_user, text=CURRENT)
    client.force_login(staff_user)
    token = read_timeline(client, plan, PROSE, replace="on")
    services.delete_milestone(milestone=plan.milestones.get(order=4), by=staff_user)
    preview = client.get(reverse("schedules:timeline-import-preview", args=[plan.pk, token])).content.decode()

    response = client.post(reverse("schedules:timeline-import-confirm", args=[plan.pk, token]), follow=True)

    assert ('id="preview-stale"' in preview, 'id="confirm-import"' in preview) == (True, False)
    assert response.redirect_chain == [(reverse("schedules:timeline-import", args=[plan.pk]), 302)]
    assert shown_messages(response) == [
        "Khung thời gian đã thay đổi từ lúc xem trước; chưa có gì được lưu. Hãy dán hoặc tải khung thời gian lên lại."
    ]
    assert list(plan.milestones.values_list("content", flat=True)) == [
        "Xây dựng kế hoạch thi đua năm học",
        "Họp giao ban thi đua",
        "Sơ kết học kỳ I",
    ]


def test_timeline_cancel_writes_nothing(client, plan, staff_user):  # noqa: F811
    services.import_timeline(plan=plan, by=staff_user, text=CURRENT)
    before = list(plan.milestones.values_list("pk", "order", "content", "due_on"))
    client.force_login(staff_user)
    token = read_timeline(client, plan, PROSE, replace="on")

    response = client.post(reverse("schedules:timeline-import-cancel", args=[plan.pk, token]), follow=True)
    again = client.post(reverse("schedules:timeline-import-confirm", args=[plan.pk, token]), follow=True)

    assert shown_messages(response) == ["Đã hủy việc nhập; không có gì được lưu."]
    assert shown_messages(again)[0].startswith("Không có khung thời gian nào đang chờ nhập")
    assert list(plan.milestones.values_list("pk", "order", "content", "due_on")) == before
    assert client.session["timeline_imports"] == {}


def test_timeline_upload_keeps_the_rows_read_not_the_file(client, plan, staff_user):  # noqa: F811
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["TT", "Nội dung", "Thời gian hoàn thành", "Đơn vị thực hiện"])
    workbook.active.append([1, "Họp xét thi đua", "Ngày 15/8/2024", "Phòng GDĐT"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("khung-thoi-gian.xlsx", buffer.getvalue())
    client.force_login(staff_user)

    response = client.post(reverse("schedules:timeline-import", args=[plan.pk]), {"file": upload, "replace": "on"})
    token = resolve(response["Location"]).kwargs["token"]
    preview = client.get(response["Location"])

    pending = client.session["timeline_imports"][token]
    assert sorted(pending) == ["basis", "drafts", "name", "plan", "replace", "user"]
    assert [(d["order"], d["content"], d["due_on"]) for d in pending["drafts"]] == [
        (1, "Họp xét thi đua", "2024-08-15")
    ]
    assert "Tệp “khung-thoi-gian.xlsx”. Chưa có gì được lưu." in preview.content.decode()


@pytest.mark.parametrize("name", ["timeline-import-preview", "timeline-import-confirm", "timeline-import-cancel"])
def test_timeline_preview_confirm_and_cancel_denied_for_principal(client, plan, staff_user, principal, name):  # noqa: F811
    client.force_login(staff_user)
    token = read_timeline(client, plan, SEED, replace="on")
    client.force_login(principal)

    url = reverse(f"schedules:{name}", args=[plan.pk, token])
    response = client.get(url) if name == "timeline-import-preview" else client.post(url)

    assert response.status_code == 404
    assert plan.milestones.count() == 0


@pytest.mark.parametrize("name", ["timeline-import-preview", "timeline-import-confirm", "timeline-import-cancel"])
def test_timeline_preview_confirm_and_cancel_denied_for_another_district(client, plan, staff_user, name):  # noqa: F811
    client.force_login(staff_user)
    token = read_timeline(client, plan, SEED, replace="on")
    other = UserFactory(username="other.staff")
    MembershipFactory(user=other, unit=DistrictFactory(), role=Role.DISTRICT_STAFF)
    client.force_login(other)

    url = reverse(f"schedules:{name}", args=[plan.pk, token])
    response = client.get(url) if name == "timeline-import-preview" else client.post(url)

    assert response.status_code == 404
    assert plan.milestones.count() == 0


def test_timeline_confirm_denied_once_the_plan_is_issued(client, plan, staff_user, blocks):  # noqa: F811
    client.force_login(staff_user)
    token = read_timeline(client, plan, SEED, replace="on")
    services.import_timeline(plan=plan, by=staff_user, text=SEED)
    services.issue_plan(plan=plan, by=staff_user, issued_on=dt.date(2023, 11, 3))
    first = list(plan.milestones.values_list("pk", flat=True))

    response = client.post(reverse("schedules:timeline-import-confirm", args=[plan.pk, token]))

    assert response.status_code == 404
    assert list(plan.milestones.values_list("pk", flat=True)) == first
