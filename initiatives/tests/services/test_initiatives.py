"""The application: the 100 % rule, the date rule, saving, files, and the state changes inside and outside the window."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from emulation.enums import DeadlineAction
from emulation.models import Award, DeadlineCompletion, Notification, Registration, RegistrationLine
from emulation.services.deadlines import WindowClosed, grant_extension, upsert_deadline
from emulation.tests.factories import PersonFactory
from initiatives.enums import AttachmentKind, InitiativeState
from initiatives.models import Initiative, InitiativeAuthor, InitiativeLog
from initiatives.services.initiatives import (
    AuthorData,
    ParticipantData,
    attach_file,
    check_contributions,
    check_first_application,
    create_initiative,
    forward_initiative,
    initiative_problems,
    remove_file,
    return_initiative,
    save_initiative,
    start_initiative_from_line,
    submit_initiative,
)
from initiatives.tests.factories import PDF, AttachmentFactory, FieldFactory, InitiativeFactory, complete_initiative

pytestmark = pytest.mark.django_db


def moment(year, month, day, hour=10):
    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))


@pytest.fixture
def window(period, district, school_a):
    """The initiative applications of school A are due by 01/3/2025, opening on 01/2/2025."""
    return upsert_deadline(
        source="milestone:sk", period=period, issuing_unit=district, action=DeadlineAction.INITIATIVE_APPLICATION,
        title="Nộp đơn yêu cầu công nhận sáng kiến", opens_on=dt.date(2025, 2, 1), due_on=dt.date(2025, 3, 1),
        units=[school_a],
    )  # fmt: skip


@pytest.fixture
def draft(school_a, period, person_a):
    return complete_initiative(unit=school_a, period=period, author=person_a)


# The 100 % rule -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shares",
    [["100"], ["50", "50"], ["33.33", "33.33", "33.34"], ["99.99", "0.01"]],
)
def test_contributions_totalling_exactly_100_are_accepted(shares):
    assert check_contributions([Decimal(share) for share in shares]) is None


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        (["99.99"], "The authors' contributions add up to 99,99 %: together they must make exactly 100 %."),
        (["60", "40.01"], "The authors' contributions add up to 100,01 %: together they must make exactly 100 %."),
        (["33.33", "33.33", "33.33"], "The authors' contributions add up to 99,99 %: together they must make exactly 100 %."),
        (["50", "60"], "The authors' contributions add up to 110 %: together they must make exactly 100 %."),
        ([], "Name at least one author."),
    ],
)  # fmt: skip
def test_contributions_not_totalling_100_are_refused(shares, message, english):
    with pytest.raises(ValidationError) as error:
        check_contributions([Decimal(share) for share in shares])

    assert error.value.messages == [message]


def test_save_refuses_authors_not_totalling_100_and_keeps_the_old_ones(draft, principal_a, person_a):
    authors = [
        AuthorData(full_name=person_a.full_name, person=person_a, workplace="Trường Tiểu học Thanh Tuyền",
                   contribution=Decimal("60")),
        AuthorData(full_name="Lê Văn Ngoài", workplace="Trường THCS Minh Tân", contribution=Decimal("30")),
    ]  # fmt: skip

    with pytest.raises(ValidationError):
        save_initiative(
            initiative=draft, by=principal_a, content={"title": "Đổi tên"}, authors=authors, participants=[]
        )

    draft.refresh_from_db()
    assert draft.title != "Đổi tên"
    assert list(draft.authors.values_list("full_name", "contribution")) == [("Nguyễn Thị Hồng", Decimal("100.00"))]


def test_save_replaces_authors_and_participants_together(draft, principal_a, person_a):
    authors = [
        AuthorData(full_name=person_a.full_name, person=person_a, workplace="Trường Tiểu học Thanh Tuyền",
                   contribution=Decimal("70"), qualification="Cử nhân"),
        AuthorData(full_name="Lê Văn Ngoài", workplace="Trường THCS Minh Tân", contribution=Decimal("30"),
                   date_of_birth=dt.date(1980, 1, 2)),
    ]  # fmt: skip
    participants = [ParticipantData(full_name="Phạm Thị Thu", workplace="Lớp 3A", task="Dạy thử")]

    save_initiative(
        initiative=draft, by=principal_a, content={"title": "Trò chơi học tập trong môn Toán"}, authors=authors,
        participants=participants, today=dt.date(2025, 2, 10),
    )  # fmt: skip

    draft.refresh_from_db()
    assert draft.title == "Trò chơi học tập trong môn Toán"
    assert list(draft.authors.values_list("full_name", "contribution", "person_id")) == [
        ("Nguyễn Thị Hồng", Decimal("70.00"), person_a.pk),
        ("Lê Văn Ngoài", Decimal("30.00"), None),
    ]
    assert list(draft.participants.values_list("full_name", "task")) == [("Phạm Thị Thu", "Dạy thử")]


def test_save_refuses_the_same_staff_member_twice(draft, principal_a, person_a):
    authors = [
        AuthorData(full_name=person_a.full_name, person=person_a, workplace="THTT", contribution=Decimal("50")),
        AuthorData(full_name=person_a.full_name, person=person_a, workplace="THTT", contribution=Decimal("50")),
    ]

    with pytest.raises(ValidationError) as error:
        save_initiative(initiative=draft, by=principal_a, content={}, authors=authors, participants=[])

    assert error.value.code == "twice"


# The date rule --------------------------------------------------------------------------------------------


def test_first_application_on_the_filing_day_is_accepted():
    assert check_first_application(dt.date(2025, 2, 10), filed_on=dt.date(2025, 2, 10)) is None


def test_first_application_after_the_filing_day_is_refused(english):
    with pytest.raises(ValidationError) as error:
        check_first_application(dt.date(2025, 2, 11), filed_on=dt.date(2025, 2, 10))

    assert error.value.message_dict == {
        "first_applied_on": ["The first application (11/02/2025) cannot be after the date of the application (10/02/2025)."]
    }  # fmt: skip


def test_saving_a_first_application_in_the_future_is_refused(draft, principal_a, person_a):
    authors = [AuthorData(full_name=person_a.full_name, person=person_a, workplace="THTT", contribution=Decimal("100"))]

    with pytest.raises(ValidationError) as error:
        save_initiative(
            initiative=draft, by=principal_a, content={"first_applied_on": dt.date(2025, 2, 11)}, authors=authors,
            participants=[], today=dt.date(2025, 2, 10),
        )  # fmt: skip

    assert list(error.value.message_dict) == ["first_applied_on"]


def test_the_database_refuses_a_first_application_after_the_filing_day(draft):
    draft.filed_on, draft.first_applied_on = dt.date(2025, 2, 10), dt.date(2025, 2, 11)

    with pytest.raises(IntegrityError), transaction.atomic():
        draft.save(update_fields=["filed_on", "first_applied_on"])


# Starting -------------------------------------------------------------------------------------------------


def test_create_starts_a_logged_draft(school_a, period, principal_a):
    initiative = create_initiative(unit=school_a, period=period, title="  Sơ đồ  tư duy ", by=principal_a)

    assert (initiative.state, initiative.title, initiative.created_by) == (InitiativeState.DRAFT, "Sơ đồ tư duy",
                                                                           principal_a)  # fmt: skip
    assert list(initiative.log.values_list("from_state", "to_state", "by")) == [("", "draft", principal_a.pk)]


@pytest.fixture
def intent(school_a, period, person_a):
    registration = Registration.objects.create(unit=school_a, period=period)
    return RegistrationLine.objects.create(
        registration=registration, person=person_a, title=Award.objects.get(code="cstdcs"),
        initiative_title="Dạy học Tiếng Việt qua trò chơi", initiative_field="giang day bo mon",
    )  # fmt: skip


def test_start_from_registration_line_takes_title_field_and_author(intent, principal_a, person_a, period):
    field = FieldFactory()

    initiative = start_initiative_from_line(line=intent, by=principal_a)

    assert (initiative.title, initiative.field, initiative.period, initiative.registration_line) == (
        "Dạy học Tiếng Việt qua trò chơi", field, period, intent,
    )  # fmt: skip
    assert list(initiative.authors.values_list("person_id", "contribution", "workplace")) == [
        (person_a.pk, Decimal("100.00"), "Trường Tiểu học Thanh Tuyền")
    ]


def test_start_from_the_same_line_twice_is_refused(intent, principal_a):
    start_initiative_from_line(line=intent, by=principal_a)

    with pytest.raises(ValidationError) as error:
        start_initiative_from_line(line=intent, by=principal_a)

    assert error.value.code == "exists"
    assert Initiative.objects.count() == 1


def test_start_from_a_line_without_intent_is_refused(intent, principal_a):
    RegistrationLine.objects.filter(pk=intent.pk).update(initiative_title="")

    with pytest.raises(ValidationError) as error:
        start_initiative_from_line(line=intent, by=principal_a)

    assert error.value.code == "no_intent"


# Files ----------------------------------------------------------------------------------------------------


def test_attach_accepts_a_pdf(draft, principal_a):
    attachment = attach_file(
        initiative=draft, kind=AttachmentKind.EVIDENCE, uploaded=SimpleUploadedFile("minh chứng.pdf", PDF),
        by=principal_a,
    )  # fmt: skip

    assert (attachment.kind, attachment.name, attachment.size) == ("evidence", "minh chứng.pdf", len(PDF))
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF


def test_attach_refuses_a_file_that_is_not_what_it_says(draft, principal_a):
    with pytest.raises(ValidationError) as error:
        attach_file(initiative=draft, kind=AttachmentKind.EVIDENCE,
                    uploaded=SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf"), by=principal_a)  # fmt: skip

    assert error.value.code == "mismatch"
    assert draft.attachments.count() == 1


def test_attach_refuses_a_file_over_the_limit(draft, principal_a, settings):
    settings.UPLOAD_MAX_BYTES_DOCUMENTS = 1024

    with pytest.raises(ValidationError) as error:
        attach_file(initiative=draft, kind=AttachmentKind.FULL_REPORT,
                    uploaded=SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048), by=principal_a)  # fmt: skip

    assert error.value.code == "too_large"


def test_files_cannot_change_once_sent(draft, principal_a):
    Initiative.objects.filter(pk=draft.pk).update(state=InitiativeState.SUBMITTED)
    attachment = draft.attachments.get()

    with pytest.raises(ValidationError):
        remove_file(attachment=attachment, by=principal_a)

    assert draft.attachments.count() == 1


# Submitting inside and outside the window ---------------------------------------------------------------


def test_submit_inside_the_window_sends_it_logs_it_and_marks_the_deadline_done(
    draft, window, principal_a, school_a, django_capture_on_commit_callbacks, district_staff
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 2, 20))

    draft.refresh_from_db()
    assert (draft.state, draft.filed_on) == (InitiativeState.SUBMITTED, dt.date(2025, 2, 20))
    assert list(draft.log.values_list("from_state", "to_state")) == [("draft", "submitted")]
    assert DeadlineCompletion.objects.filter(deadline=window, unit=school_a).count() == 1
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["chuyenvien"]


def test_submit_after_the_window_is_refused_and_changes_nothing(draft, window, principal_a, english):
    with pytest.raises(WindowClosed) as error:
        submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 3, 2))

    draft.refresh_from_db()
    assert draft.state == InitiativeState.DRAFT
    assert error.value.messages == [
        "The deadline for “Nộp đơn yêu cầu công nhận sáng kiến” has passed: the last day was 01/03/2025. "
        "Ask the office for an extension."
    ]
    assert draft.log.count() == 0


def test_submit_before_the_window_opens_is_refused(draft, window, principal_a):
    with pytest.raises(WindowClosed):
        submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 1, 31))

    assert Initiative.objects.get(pk=draft.pk).state == InitiativeState.DRAFT


def test_submit_on_the_last_day_is_accepted(draft, window, principal_a):
    submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 3, 1, 23))

    assert Initiative.objects.get(pk=draft.pk).state == InitiativeState.SUBMITTED


def test_an_extension_opens_the_window_for_that_school_only(draft, window, principal_a, district_staff, school_a):
    grant_extension(deadline=window, unit=school_a, last_day=dt.date(2025, 3, 10), reason="Ốm", by=district_staff)

    submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 3, 8))

    assert Initiative.objects.get(pk=draft.pk).state == InitiativeState.SUBMITTED


def test_submit_lists_what_is_missing(school_a, period, window, principal_a):
    initiative = InitiativeFactory(unit=school_a, period=period, conditions="", field=None)

    with pytest.raises(ValidationError) as error:
        submit_initiative(initiative=initiative, by=principal_a, at=moment(2025, 2, 20))

    assert len(error.value.messages) == 4
    assert Initiative.objects.get(pk=initiative.pk).state == InitiativeState.DRAFT


def test_submit_refuses_a_first_application_after_the_filing_day(draft, window, principal_a, english):
    Initiative.objects.filter(pk=draft.pk).update(first_applied_on=dt.date(2025, 2, 21))

    with pytest.raises(ValidationError) as error:
        submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 2, 20))

    assert error.value.messages == [
        "The first application (21/02/2025) cannot be after the date of the application (20/02/2025)."
    ]


def test_a_second_submit_from_a_stale_copy_gets_the_message_and_logs_nothing(draft, window, principal_a):
    stale = Initiative.objects.get(pk=draft.pk)
    submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 2, 20))

    with pytest.raises(ValidationError) as error:
        submit_initiative(initiative=stale, by=principal_a, at=moment(2025, 2, 20))

    assert error.value.code == "state"
    assert InitiativeLog.objects.filter(initiative=draft, to_state=InitiativeState.SUBMITTED).count() == 1


def test_without_a_deadline_submission_is_open_unless_deadlines_are_required(draft, principal_a, settings):
    settings.DEADLINES_REQUIRED = True

    with pytest.raises(WindowClosed):
        submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 2, 20))

    settings.DEADLINES_REQUIRED = False
    submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 2, 20))
    assert Initiative.objects.get(pk=draft.pk).state == InitiativeState.SUBMITTED


# Return and resubmit --------------------------------------------------------------------------------------


def test_return_needs_a_comment_and_a_submitted_initiative(draft, window, principal_a, district_staff):
    with pytest.raises(ValidationError) as early:
        return_initiative(initiative=draft, by=district_staff, comment="Bổ sung minh chứng")
    submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 2, 20))

    with pytest.raises(ValidationError) as silent:
        return_initiative(initiative=draft, by=district_staff, comment="  ")

    assert (early.value.code, silent.value.code) == ("state", "no_comment")


def test_resubmission_inside_the_window_after_a_return(
    draft, window, principal_a, district_staff, django_capture_on_commit_callbacks
):
    submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 2, 20))
    with django_capture_on_commit_callbacks(execute=True):
        return_initiative(initiative=draft, by=district_staff, comment="Bổ sung minh chứng áp dụng")

    submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 2, 25))

    draft.refresh_from_db()
    assert (draft.state, draft.filed_on) == (InitiativeState.RESUBMITTED, dt.date(2025, 2, 25))
    assert list(draft.log.values_list("to_state", flat=True)) == ["resubmitted", "returned", "submitted"]
    assert draft.log.get(to_state="returned").comment == "Bổ sung minh chứng áp dụng"
    assert list(Notification.objects.filter(recipient=principal_a).values_list("body", flat=True)) == [
        "Bổ sung minh chứng áp dụng"
    ]


def test_resubmission_after_the_window_is_refused(draft, window, principal_a, district_staff):
    submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 2, 20))
    return_initiative(initiative=draft, by=district_staff, comment="Bổ sung")

    with pytest.raises(WindowClosed):
        submit_initiative(initiative=draft, by=principal_a, at=moment(2025, 3, 3))

    assert Initiative.objects.get(pk=draft.pk).state == InitiativeState.RETURNED


# Forwarding -----------------------------------------------------------------------------------------------


def test_forward_sends_a_recognised_initiative_to_the_unit_above(draft, principal_a, district):
    Initiative.objects.filter(pk=draft.pk).update(state=InitiativeState.RECOGNISED, scope="base")

    forward_initiative(initiative=draft, by=principal_a)

    draft.refresh_from_db()
    assert (draft.state, draft.forwarded_to) == (InitiativeState.FORWARDED, district)
    assert draft.log.first().from_state == "recognised"


def test_forward_refuses_an_initiative_not_recognised(draft, principal_a):
    with pytest.raises(ValidationError) as error:
        forward_initiative(initiative=draft, by=principal_a)

    assert error.value.code == "state"


def test_problems_of_a_complete_draft_are_none(draft):
    assert initiative_problems(initiative=draft, filed_on=dt.date(2025, 2, 20)) == []


def test_problems_ask_for_the_full_report(school_a, period, english):
    initiative = InitiativeFactory(unit=school_a, period=period)
    InitiativeAuthor.objects.create(initiative=initiative, person=PersonFactory(unit=school_a), full_name="A",
                                    workplace="THTT", contribution=Decimal("100"))  # fmt: skip
    AttachmentFactory(initiative=initiative, kind=AttachmentKind.EVIDENCE)

    assert initiative_problems(initiative=initiative, filed_on=dt.date(2025, 2, 20)) == [
        "Attach the full report of the initiative."
    ]
