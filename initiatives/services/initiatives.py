"""An initiative's application and its state changes: start, save, attach, submit, return, forward.

Every state change locks the initiative's row and reads its state again inside the transaction, so that of
two concurrent requests exactly one wins and the other gets a message; the allowed changes are the table in
:mod:`initiatives.enums`. History entries are written with the change, notifications once it commits.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.dates import short_date
from emulation.enums import SCHOOL_MANAGER_ROLES, DeadlineAction, Role
from emulation.models import Membership, Period, Person, RegistrationLine, Unit
from emulation.services.deadlines import ensure_window_open, record_action_done
from emulation.services.notifications import notify
from emulation.text import nfc, search_key
from emulation.uploads import check_upload
from initiatives.enums import AttachmentKind, InitiativeAction, InitiativeState
from initiatives.models import (
    Field,
    Initiative,
    InitiativeAttachment,
    InitiativeAuthor,
    InitiativeLog,
    InitiativeParticipant,
)

# What an application may carry: PDF and Word documents, photographs (each within its type's size setting).
ATTACHMENT_KINDS = ("pdf", "docx", "doc", "jpg", "png")
MAX_ATTACHMENTS = 12
FULL_PERCENT = Decimal("100")
# What a caller's copy of an initiative gets back from the locked row after a change.
STATE_FIELDS = (
    "state", "filed_on", "submitted_at", "return_comment", "score", "scope", "outcome_reason", "forwarded_to_id",
    "updated_at",
)  # fmt: skip
CONTENT_FIELDS = (
    "title", "field", "investor", "first_applied_on", "description", "confidential_info", "conditions",
    "expected_benefit", "participants_benefit",
)  # fmt: skip


@dataclass(frozen=True)
class AuthorData:
    full_name: str
    contribution: Decimal
    workplace: str
    person: Person | None = None
    date_of_birth: dt.date | None = None
    position: str = ""
    qualification: str = ""


@dataclass(frozen=True)
class ParticipantData:
    full_name: str
    date_of_birth: dt.date | None = None
    workplace: str = ""
    position: str = ""
    qualification: str = ""
    task: str = ""


def lock_initiative(initiative: Initiative) -> Initiative:
    """The initiative's row, locked until the end of the transaction, as it is now."""
    return (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("unit", "period", "field")
        .get(pk=initiative.pk)
    )


def copy_back(initiative: Initiative, locked: Initiative, fields=STATE_FIELDS) -> Initiative:
    for name in fields:
        setattr(initiative, name, getattr(locked, name))
    return initiative


def log_initiative(*, initiative: Initiative, from_state: str, by, comment: str = "") -> InitiativeLog:
    return InitiativeLog.objects.create(
        initiative=initiative, from_state=from_state, to_state=initiative.state, by=by, comment=comment
    )


def refusal(*, action: InitiativeAction, state: str) -> str:
    """Why *action* cannot be done to an initiative in *state*, in words for the user."""
    shown = InitiativeState(state).label
    messages = {
        InitiativeAction.SUBMIT: _("This initiative has already been sent (%(state)s): it cannot be sent again."),
        InitiativeAction.RETURN: _(
            "Only an initiative waiting for evaluation can be returned; this one is now “%(state)s”."
        ),
        InitiativeAction.ASSIGN: _(
            "Only a submitted initiative can be assigned to a council; this one is “%(state)s”."
        ),
        InitiativeAction.FORWARD: _("Only a recognised initiative can be forwarded; this one is now “%(state)s”."),
    }
    default = _("This initiative is now “%(state)s”: the council's decision on it has already been made.")
    return messages.get(action, default) % {"state": shown}


def ensure_allowed(locked: Initiative, action: InitiativeAction) -> InitiativeState:
    """The state *action* leads to from the locked initiative's state; a ValidationError if none."""
    to_state = action.target(locked.state)
    if to_state is None:
        raise ValidationError(refusal(action=action, state=locked.state), code="state")
    return to_state


def transition(*, locked: Initiative, action: InitiativeAction, by, comment: str = "", **fields) -> None:
    """Move the locked initiative by *action*, as the transition table allows, and log it."""
    to_state = ensure_allowed(locked, action)
    from_state = locked.state
    locked.state = to_state
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["state", "updated_at", *fields])
    log_initiative(initiative=locked, from_state=from_state, by=by, comment=comment)


# Checks the forms and the services share -----------------------------------------------------------------


def percent_text(value: Decimal) -> str:
    """100 for 100.00, 99,99 for 99.99."""
    return floatformat(value, -2)


def check_contributions(contributions: list[Decimal]) -> None:
    """The authors' shares must total exactly 100 % (TT 18/2013 Phụ lục I)."""
    if not contributions:
        raise ValidationError(_("Name at least one author."), code="no_author")
    total = sum(contributions, Decimal("0"))
    if total != FULL_PERCENT:
        raise ValidationError(
            _("The authors' contributions add up to %(total)s %%: together they must make exactly 100 %%.")
            % {"total": percent_text(total)},
            code="not_100",
        )


def check_first_application(first_applied_on: dt.date | None, *, filed_on: dt.date) -> None:
    """The first (or trial) application comes before the application for recognition, never after it."""
    if first_applied_on is not None and first_applied_on > filed_on:
        raise ValidationError(
            {
                "first_applied_on": _(
                    "The first application (%(first)s) cannot be after the date of the application (%(filed)s)."
                )
                % {"first": short_date(first_applied_on), "filed": short_date(filed_on)}
            },
            code="applied_after_filing",
        )


def initiative_problems(*, initiative: Initiative, filed_on: dt.date) -> list[str]:
    """What stops an initiative from being sent, in sentences; empty when it can go."""
    problems = []
    required = [
        ("title", _("Give the initiative's name.")),
        ("field_id", _("Choose the field of application.")),
        ("first_applied_on", _("Give the date of the first or trial application.")),
        ("description", _("Describe the substance of the initiative.")),
        ("conditions", _("Say what conditions are needed to apply it.")),
        ("expected_benefit", _("Say what benefit applying it brings.")),
    ]
    problems.extend(message for name, message in required if not getattr(initiative, name))
    authors = list(initiative.authors.all())
    try:
        check_contributions([author.contribution for author in authors])
    except ValidationError as error:
        problems.extend(error.messages)
    try:
        check_first_application(initiative.first_applied_on, filed_on=filed_on)
    except ValidationError as error:
        problems.extend(error.messages)
    if not initiative.attachments.filter(kind=AttachmentKind.FULL_REPORT).exists():
        problems.append(_("Attach the full report of the initiative."))
    return problems


# Starting and saving an application ----------------------------------------------------------------------


@transaction.atomic
def create_initiative(*, unit: Unit, period: Period, title: str, by, **content) -> Initiative:
    """A new draft of *unit* for *period*; its authors and the rest are saved with :func:`save_initiative`."""
    initiative = Initiative(unit=unit, period=period, title=nfc(title), created_by=by)
    for name, value in content.items():
        if name not in CONTENT_FIELDS:
            raise TypeError(f"not a field of the application: {name}")
        setattr(initiative, name, value)
    initiative.full_clean(exclude=["registration_line"])
    initiative.save()
    log_initiative(initiative=initiative, from_state="", by=by)
    return initiative


def match_field(text: str) -> Field | None:
    """The active field whose name (or code) is *text*, read without accents; None when none is."""
    wanted = search_key(text)
    if not wanted:
        return None
    for field in Field.objects.filter(is_active=True):
        if wanted in (search_key(field.name), field.code):
            return field
    return None


ALREADY_STARTED = _("An initiative has already been started from this registration line.")


@transaction.atomic
def start_initiative_from_line(*, line: RegistrationLine, by) -> Initiative:
    """The initiative a person announced on their registration line, as a draft with them as its only author."""
    line = RegistrationLine.objects.select_for_update().select_related("registration__unit", "registration__period",
                                                                       "person__unit").get(pk=line.pk)  # fmt: skip
    if not line.initiative_title.strip():
        raise ValidationError(_("This registration line names no initiative."), code="no_intent")
    if Initiative.objects.filter(registration_line=line).exists():
        raise ValidationError(ALREADY_STARTED, code="exists")
    registration = line.registration
    initiative = Initiative(
        unit=registration.unit, period=registration.period, registration_line=line, title=line.initiative_title,
        field=match_field(line.initiative_field), created_by=by,
    )  # fmt: skip
    try:
        with transaction.atomic():
            initiative.save()
    except IntegrityError:  # a second request for the same line that did not wait
        raise ValidationError(ALREADY_STARTED, code="exists") from None
    person = line.person
    InitiativeAuthor.objects.create(
        initiative=initiative, person=person, full_name=person.full_name, date_of_birth=person.date_of_birth,
        workplace=person.unit.name, position=person.position, contribution=FULL_PERCENT,
    )  # fmt: skip
    log_initiative(initiative=initiative, from_state="", by=by, comment=_("Started from the registration."))
    return initiative


def lock_editable(initiative: Initiative) -> Initiative:
    """The locked row, if the school may still change it (the table lets it be sent)."""
    locked = lock_initiative(initiative)
    if InitiativeAction.SUBMIT.target(locked.state) is None:
        raise ValidationError(_("This initiative has been sent and can no longer be changed."), code="state")
    return locked


@transaction.atomic
def save_initiative(
    *, initiative: Initiative, by, content: dict, authors: list[AuthorData], participants: list[ParticipantData],
    today: dt.date | None = None,
) -> Initiative:  # fmt: skip
    """Save the application's fields, its authors and its participants together, or nothing."""
    locked = lock_editable(initiative)
    check_contributions([author.contribution for author in authors])
    people = [author.person.pk for author in authors if author.person is not None]
    if len(people) != len(set(people)):
        raise ValidationError(_("A staff member is named twice among the authors."), code="twice")
    check_first_application(content.get("first_applied_on"), filed_on=today or timezone.localdate())
    for name, value in content.items():
        if name not in CONTENT_FIELDS:
            raise TypeError(f"not a field of the application: {name}")
        setattr(locked, name, nfc(value) if name in ("title", "investor") else value)
    locked.full_clean(exclude=["registration_line", "unit", "period"])
    locked.save(update_fields=[*content, "updated_at"])
    locked.authors.all().delete()
    InitiativeAuthor.objects.bulk_create(
        [
            InitiativeAuthor(
                initiative=locked, order=order, person=data.person, full_name=nfc(data.full_name),
                date_of_birth=data.date_of_birth, workplace=nfc(data.workplace), position=nfc(data.position),
                qualification=nfc(data.qualification), contribution=data.contribution,
            )
            for order, data in enumerate(authors, start=1)
        ]
    )  # fmt: skip
    locked.participants.all().delete()
    InitiativeParticipant.objects.bulk_create(
        [
            InitiativeParticipant(
                initiative=locked, order=order, full_name=nfc(data.full_name), date_of_birth=data.date_of_birth,
                workplace=nfc(data.workplace), position=nfc(data.position), qualification=nfc(data.qualification),
                task=nfc(data.task),
            )
            for order, data in enumerate(participants, start=1)
        ]
    )  # fmt: skip
    return copy_back(initiative, locked, (*CONTENT_FIELDS, "updated_at"))


@transaction.atomic
def attach_file(*, initiative: Initiative, kind: str, uploaded, by) -> InitiativeAttachment:
    """Store a file of the application after :func:`emulation.uploads.check_upload` has read what it is."""
    locked = lock_editable(initiative)
    if kind not in AttachmentKind.values:
        raise ValidationError(_("Choose what the file is."), code="kind")
    extension = check_upload(uploaded, kinds=ATTACHMENT_KINDS)
    if locked.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            _("An application holds at most %(count)s files: remove one first.") % {"count": MAX_ATTACHMENTS},
            code="too_many",
        )
    name = nfc(str(uploaded.name).rsplit("/", 1)[-1])[:150] or _("file")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    attachment = InitiativeAttachment(
        initiative=locked, kind=kind, name=f"{stem}.{extension}", size=uploaded.size, uploaded_by=by
    )
    attachment.file.save(f"{stem}.{extension}", uploaded, save=False)
    attachment.save()
    locked.save(update_fields=["updated_at"])
    return attachment


@transaction.atomic
def remove_file(*, attachment: InitiativeAttachment, by) -> None:
    locked = lock_editable(attachment.initiative)
    stored, storage = attachment.file.name, attachment.file.storage
    locked.attachments.filter(pk=attachment.pk).delete()
    locked.save(update_fields=["updated_at"])
    transaction.on_commit(lambda: storage.delete(stored))


# State changes -------------------------------------------------------------------------------------------


@transaction.atomic
def submit_initiative(*, initiative: Initiative, by, at: dt.datetime | None = None) -> Initiative:
    """Send the application (or send it again once supplemented): inside the window, complete, then done."""
    at = at or timezone.now()
    locked = lock_initiative(initiative)
    ensure_allowed(locked, InitiativeAction.SUBMIT)
    ensure_window_open(unit=locked.unit, period=locked.period, action=DeadlineAction.INITIATIVE_APPLICATION, at=at)
    filed_on = timezone.localtime(at).date()
    problems = initiative_problems(initiative=locked, filed_on=filed_on)
    if problems:
        raise ValidationError(problems)
    again = locked.state == InitiativeState.RETURNED
    transition(
        locked=locked, action=InitiativeAction.SUBMIT, by=by, filed_on=filed_on, submitted_at=at,
        comment=_("Sent again after supplement.") if again else "",
    )  # fmt: skip
    record_action_done(
        unit=locked.unit, period=locked.period, action=DeadlineAction.INITIATIVE_APPLICATION, by=by, at=at
    )
    transaction.on_commit(lambda: _notify_reviewers(initiative_id=locked.pk))
    return copy_back(initiative, locked)


@transaction.atomic
def return_initiative(*, initiative: Initiative, by, comment: str) -> Initiative:
    """Send the application back to the school for supplement, saying what to add."""
    locked = lock_initiative(initiative)
    ensure_allowed(locked, InitiativeAction.RETURN)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say what the school must supplement."), code="no_comment")
    transition(locked=locked, action=InitiativeAction.RETURN, by=by, comment=comment, return_comment=comment)
    transaction.on_commit(
        lambda: notify_school(
            initiative_id=locked.pk,
            title=_("Your initiative “%(title)s” was returned: please supplement it"),
            body=comment,
        )
    )
    return copy_back(initiative, locked)


@transaction.atomic
def forward_initiative(*, initiative: Initiative, by, comment: str = "") -> Initiative:
    """Send a recognised initiative to the council of the unit that manages the school, for a wider scope."""
    locked = lock_initiative(initiative)
    ensure_allowed(locked, InitiativeAction.FORWARD)
    above = locked.unit.parent
    if above is None:
        raise ValidationError(_("No unit manages %(unit)s: there is no council to forward it to.")
                              % {"unit": locked.unit.name}, code="no_parent")  # fmt: skip
    transition(locked=locked, action=InitiativeAction.FORWARD, by=by, comment=comment.strip(), forwarded_to=above)
    transaction.on_commit(lambda: _notify_reviewers(initiative_id=locked.pk))
    return copy_back(initiative, locked)


def _ancestor_paths(unit: Unit) -> list[str]:
    return [unit.path[: i + 1] for i, c in enumerate(unit.path) if c == "/"][:-1]


def _notify_reviewers(*, initiative_id: int) -> None:
    """Tell the office above the school (and its council secretaries) that an initiative came in."""
    initiative = Initiative.objects.select_related("unit", "period").get(pk=initiative_id)
    users = {
        m.user
        for m in Membership.objects.filter(
            unit__path__in=_ancestor_paths(initiative.unit),
            role__in=[Role.DISTRICT_STAFF, Role.DISTRICT_HEAD, Role.COUNCIL_SECRETARY],
        ).select_related("user")
    }
    if initiative.state == InitiativeState.FORWARDED:
        title = _("%(unit)s forwarded the initiative “%(title)s” to your council")
    else:
        title = _("%(unit)s sent the initiative “%(title)s”")
    notify(
        recipients=sorted(users, key=lambda user: user.pk),
        title=title % {"unit": initiative.unit.name, "title": initiative.title},
        url=reverse("initiatives:initiative-detail", args=[initiative.pk]),
    )


def notify_school(*, initiative_id: int, title: str, body: str = "", extra: dict | None = None) -> None:
    """The school's principals and deputies, and the authors who have an account, hear about their initiative."""
    initiative = Initiative.objects.select_related("unit").get(pk=initiative_id)
    authors = initiative.authors.filter(person__isnull=False).values("person_id")
    users = {
        m.user
        for m in Membership.objects.filter(unit=initiative.unit, role__in=SCHOOL_MANAGER_ROLES).select_related("user")
    } | {m.user for m in Membership.objects.filter(person__in=authors).select_related("user")}
    notify(
        recipients=sorted(users, key=lambda user: user.pk),
        title=title % {"title": initiative.title, **(extra or {})},
        body=body,
        url=reverse("initiatives:initiative-detail", args=[initiative.pk]),
    )
