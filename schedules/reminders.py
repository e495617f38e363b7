"""Reminders before and after a milestone's last day, and the office's daily digest of overdue units.

Sending is idempotent by construction. A tick first works out which (milestone, unit,
offset) reminders are due, then *claims* them by inserting :class:`Reminder` rows marked
with its own ``tick`` UUID, ignoring rows that already exist (the unique constraint on
milestone × unit × offset decides), and sends only the rows it reads back with its own
tick. Two ticks racing, or a tick run again after a crash, therefore never send the same
reminder twice. A claim whose e-mail could not be handed to the mail server is released
(deleted) so that the next tick tries again; a tick killed between claim and send loses
those reminders rather than ever sending one twice.

The number of queries of a tick does not depend on the number of units: deadlines, the
units they concern, completions, extensions, earlier reminders and the recipients are
each read once, and notifications are written in one statement.
"""

import datetime as dt
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from emulation.dates import short_date
from emulation.enums import OFFICE_ROLES, SCHOOL_MANAGER_ROLES, UnitKind
from emulation.models import Deadline, DeadlineCompletion, DeadlineExtension, Membership, Notification, Unit
from emulation.selectors.deadlines import unit_closes_at
from emulation.text import vietnamese_sort_key

from .enums import OVERDUE_OFFSET, DoneWhen, PlanState
from .models import Digest, Milestone, Reminder

logger = logging.getLogger(__name__)

# What counts as done, as a phrase that follows "Counts as done when:" in the e-mail.
DONE_WHEN_PHRASES = {
    DoneWhen.REGISTRATION: _("the emulation registration is submitted on the site"),
    DoneWhen.INITIATIVE_REGISTRATION: _("the initiative registration is submitted on the site"),
    DoneWhen.INITIATIVE_APPLICATION: _("the initiative application is submitted on the site"),
    DoneWhen.AWARD_DOSSIER: _("the award dossier is submitted on the site"),
    DoneWhen.REPORT: _("the report is submitted on the site"),
    DoneWhen.MANUAL: _("your unit confirms on the site that it is done, attaching a file if needed"),
}
SUBJECT_CONTENT_CHARS = 120


@dataclass
class ReminderResult:
    claimed: int = 0
    emails: int = 0
    notifications: int = 0
    skipped_done: int = 0
    without_recipients: int = 0


@dataclass
class DigestResult:
    claimed: int = 0
    emails: int = 0
    notifications: int = 0


@dataclass(frozen=True)
class UnitDue:
    """A unit that has not done a milestone yet, with its own (possibly extended) closing time."""

    deadline: Deadline
    unit_id: int
    closes_at: dt.datetime
    extended: bool

    @property
    def last_day(self) -> dt.date:
        return timezone.localtime(self.closes_at).date()

    @property
    def milestone(self) -> Milestone:
        return self.deadline.milestone


@dataclass
class Outgoing:
    reminder_id: int  # the reminder, or for a digest the user
    notifications: list[Notification] = field(default_factory=list)
    message: EmailMessage | None = None


def clean_offsets(offsets) -> list[int]:
    """The milestone's offsets as non-negative whole days; anything else in the JSON is ignored."""
    days = []
    for offset in offsets or []:
        try:
            day = int(offset)
        except (TypeError, ValueError):
            continue
        if day >= 0:
            days.append(day)
    return sorted(set(days))


def applicable_offset(*, days_left: int, offsets: list[int], remind_overdue: bool) -> int | None:
    """The one reminder due with *days_left* days to go: the smallest offset not below it.

    So a tick that missed a few days sends a single reminder, not every one it missed;
    past the last day, the overdue reminder (if the milestone asks for one).
    """
    if days_left < 0:
        return OVERDUE_OFFSET if remind_overdue else None
    ahead = [offset for offset in offsets if offset >= days_left]
    return min(ahead) if ahead else None


def _milestone_deadlines():
    """Active deadlines written by milestones of issued plans, with milestone, plan and office."""
    return Deadline.objects.filter(
        is_active=True, milestone__isnull=False, milestone__plan__state=PlanState.ISSUED
    ).select_related("milestone__plan__issuing_unit", "milestone__plan__issued_number")


def units_not_done(deadlines: list[Deadline]) -> tuple[list[UnitDue], set[tuple[int, int]]]:
    """Every (deadline, unit) pair not completed yet, extension applied; and the completed pairs.

    Three queries whatever the number of units.
    """
    ids = [deadline.pk for deadline in deadlines]
    if not ids:
        return [], set()
    by_pk = {deadline.pk: deadline for deadline in deadlines}
    pairs = Deadline.units.through.objects.filter(deadline_id__in=ids, unit__is_active=True).values_list(
        "deadline_id", "unit_id"
    )
    done = set(DeadlineCompletion.objects.filter(deadline_id__in=ids).values_list("deadline_id", "unit_id"))
    extended = {
        (deadline_id, unit_id): closes_at
        for deadline_id, unit_id, closes_at in DeadlineExtension.objects.filter(deadline_id__in=ids).values_list(
            "deadline_id", "unit_id", "closes_at"
        )
    }
    rows = []
    for deadline_id, unit_id in pairs.order_by("deadline_id", "unit_id"):
        if (deadline_id, unit_id) in done:
            continue
        deadline = by_pk[deadline_id]
        extension = extended.get((deadline_id, unit_id))
        closes_at = unit_closes_at(deadline.closes_at, extension)
        rows.append(UnitDue(deadline, unit_id, closes_at, extension is not None))
    return rows, done


def recipients_by_unit(unit_ids) -> tuple[dict[int, Unit], dict[int, list]]:
    """The units and, for each, the users reminded: its principals and deputies, or for an office its staff."""
    units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=unit_ids)}
    users: dict[int, dict] = defaultdict(dict)
    memberships = (
        Membership.objects.filter(
            unit_id__in=list(units), role__in=[*SCHOOL_MANAGER_ROLES, *OFFICE_ROLES], user__is_active=True
        )
        .select_related("user")
        .order_by("unit_id", "user_id")
    )
    for membership in memberships:
        roles = SCHOOL_MANAGER_ROLES if units[membership.unit_id].kind == UnitKind.SCHOOL else OFFICE_ROLES
        if membership.role in roles:
            users[membership.unit_id][membership.user_id] = membership.user
    return units, {unit_id: list(found.values()) for unit_id, found in users.items()}


def _claim(*, candidates: list[tuple[int, int, int]], tick: uuid.UUID) -> list[tuple[int, int, int, int]]:
    """Insert the reminder rows no one has yet; return (pk, milestone, unit, offset) of those this tick owns.

    Rows are inserted in one global order so that two racing ticks wait on each other, never deadlock.
    """
    Reminder.objects.bulk_create(
        [Reminder(milestone_id=m, unit_id=u, offset=o, tick=tick) for m, u, o in sorted(candidates)],
        ignore_conflicts=True,
    )
    return list(
        Reminder.objects.filter(tick=tick)
        .order_by("milestone_id", "unit_id", "offset")
        .values_list("pk", "milestone_id", "unit_id", "offset")
    )


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _one_line(text: str) -> str:
    return " ".join(text.split())


def due_reminders(*, today: dt.date) -> tuple[dict[tuple[int, int, int], tuple[UnitDue, int]], int]:
    """The reminders due *today* that no earlier tick has claimed, keyed (milestone, unit, offset).

    Also the number of units left out because they have done the milestone.
    """
    deadlines, offsets_of = [], {}
    for deadline in _milestone_deadlines():
        offsets = clean_offsets(deadline.milestone.reminder_offsets)
        # An extension only moves a last day later, so a deadline beyond every offset has nothing due.
        if offsets and (deadline.last_day - today).days > offsets[-1]:
            continue
        if not offsets and not deadline.milestone.remind_overdue:
            continue
        offsets_of[deadline.pk] = offsets
        deadlines.append(deadline)
    rows, done = units_not_done(deadlines)

    due: dict[tuple[int, int, int], tuple[UnitDue, int]] = {}
    for row in rows:
        milestone = row.milestone
        days_left = (row.last_day - today).days
        offset = applicable_offset(
            days_left=days_left, offsets=offsets_of[row.deadline.pk], remind_overdue=milestone.remind_overdue
        )
        if offset is not None:
            due[(milestone.pk, row.unit_id, offset)] = (row, days_left)

    skipped_done = 0
    by_pk = {deadline.pk: deadline for deadline in deadlines}
    for deadline_id, _unit_id in done:
        deadline = by_pk[deadline_id]
        days_left = (deadline.last_day - today).days
        if applicable_offset(
            days_left=days_left, offsets=offsets_of[deadline_id], remind_overdue=deadline.milestone.remind_overdue
        ) is not None:  # fmt: skip
            skipped_done += 1

    if due:
        wanted = Q(pk__in=[])
        for milestone_id, offset in {(m, o) for m, _u, o in due}:
            wanted |= Q(milestone_id=milestone_id, offset=offset)
        for key in Reminder.objects.filter(wanted).values_list("milestone_id", "unit_id", "offset"):
            due.pop(key, None)
    return due, skipped_done


class ReminderTexts:
    """Subject and body of reminders, rendered once per milestone, last day and days left.

    Reminders of one tick differ between units only by the unit's name (and by the last
    day where a unit has an extension), so the templates are rendered for the first unit
    of each kind and the name swapped in for the others: at province scale this divides
    the rendering time by the number of schools.
    """

    UNIT = "\x00unit\x00"

    def __init__(self, *, dashboard_url: str):
        self.dashboard_url = dashboard_url
        self.subject_template = get_template("schedules/emails/reminder_subject.txt")
        self.body_template = get_template("schedules/emails/reminder.txt")
        self.rendered: dict[tuple, tuple[str, str]] = {}

    def render(self, *, row: UnitDue, days_left: int, unit: Unit) -> tuple[str, str]:
        key = (row.deadline.pk, row.last_day, row.extended, days_left)
        if key not in self.rendered:
            milestone, plan = row.milestone, row.milestone.plan
            context = {
                "unit": {"name": self.UNIT},
                "milestone": milestone,
                "content": _one_line(milestone.content),
                "short_content": Truncator(_one_line(milestone.content)).chars(SUBJECT_CONTENT_CHARS),
                "plan": plan,
                "office": plan.issuing_unit,
                "last_day": short_date(row.last_day),
                "plan_last_day": short_date(row.deadline.last_day) if row.extended else "",
                "days_left": days_left,
                "overdue": days_left < 0,
                "done_when": DONE_WHEN_PHRASES.get(milestone.done_when, DONE_WHEN_PHRASES[DoneWhen.MANUAL]),
                "dashboard_url": self.dashboard_url,
            }
            self.rendered[key] = (
                _one_line(self.subject_template.render(context)),
                self.body_template.render(context),
            )
        subject, body = self.rendered[key]
        return subject.replace(self.UNIT, unit.name), body.replace(self.UNIT, unit.name)


def send_due_reminders(*, now: dt.datetime | None = None) -> ReminderResult:
    """One tick: claim the reminders due now and send each as a notification and an e-mail."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due, skipped_done = due_reminders(today=today)
    result = ReminderResult(skipped_done=skipped_done)
    if not due:
        return result
    tick = uuid.uuid4()
    claimed = _claim(candidates=list(due), tick=tick)
    result.claimed = len(claimed)
    if not claimed:
        return result

    units, recipients = recipients_by_unit({unit_id for _pk, _m, unit_id, _o in claimed})
    dashboard = reverse("emulation:dashboard")
    outgoing = []
    with translation.override(settings.LANGUAGE_CODE):
        texts = ReminderTexts(dashboard_url=_absolute(dashboard))
        for pk, milestone_id, unit_id, offset in claimed:
            row, days_left = due[(milestone_id, unit_id, offset)]
            subject, body = texts.render(row=row, days_left=days_left, unit=units[unit_id])
            users = recipients.get(unit_id, [])
            item = Outgoing(reminder_id=pk)
            item.notifications = [
                Notification(recipient=user, title=subject[:300], body=body, url=dashboard) for user in users
            ]
            addresses = sorted({user.email for user in users if user.email})
            if addresses:
                item.message = EmailMessage(subject=subject, body=body, to=addresses)
            if not users:
                result.without_recipients += 1
            outgoing.append(item)

    sent, error = _send_all(outgoing)
    result.emails = sum(1 for item in sent if item.message is not None)
    result.notifications = _record_sent(sent=sent, tick=tick, now=now, everything=error is None)
    if error is not None:
        released = Reminder.objects.filter(tick=tick, sent_at__isnull=True).delete()[0]
        logger.error("reminder tick %s: mail failed, %s reminders released for the next tick", tick, released)
        raise error
    return result


def _send_all(outgoing: list[Outgoing]) -> tuple[list[Outgoing], Exception | None]:
    """Hand every message to the mail backend over one connection; stop at the first failure."""
    sent: list[Outgoing] = []
    connection = get_connection()
    try:
        connection.open()
        for item in outgoing:
            if item.message is not None:
                item.message.connection = connection
                connection.send_messages([item.message])
            sent.append(item)
    except Exception as exc:  # the mail server refused or went away: the rest waits for the next tick
        return sent, exc
    finally:
        connection.close()
    return sent, None


@transaction.atomic
def _record_sent(*, sent: list[Outgoing], tick: uuid.UUID, now: dt.datetime, everything: bool) -> int:
    notifications = [notification for item in sent for notification in item.notifications]
    Notification.objects.bulk_create(notifications)
    claims = Reminder.objects.filter(tick=tick)
    if not everything:
        claims = claims.filter(pk__in=[item.reminder_id for item in sent])
    claims.update(sent_at=now)
    return len(notifications)


# The office's daily digest -----------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueUnit:
    pk: int
    name: str
    extended_to: str  # the unit's own last day when the office extended it, else ""


@dataclass
class DigestLine:
    milestone: Milestone
    content: str
    last_day: str
    units: list[OverdueUnit]


@dataclass
class DigestPlan:
    plan: object
    lines: list[DigestLine]


def overdue_by_office(*, now: dt.datetime) -> dict[int, list[DigestPlan]]:
    """For each issuing office, its plans' milestones with the units overdue at *now*, in a fixed number of queries."""
    deadlines = list(_milestone_deadlines().filter(closes_at__lt=now))
    rows, _done = units_not_done(deadlines)
    overdue: dict[int, list[UnitDue]] = defaultdict(list)
    for row in rows:
        if row.closes_at < now:
            overdue[row.deadline.pk].append(row)
    names = dict(
        Unit.objects.filter(pk__in={row.unit_id for found in overdue.values() for row in found}).values_list(
            "pk", "name"
        )
    )
    offices: dict[int, dict[int, DigestPlan]] = defaultdict(dict)
    for deadline in sorted(
        (found[0].deadline for found in overdue.values()),
        key=lambda d: (d.milestone.plan.issued_on or dt.date.min, d.milestone.plan_id, d.milestone.order, d.pk),
    ):
        plan = deadline.milestone.plan
        units = [
            OverdueUnit(row.unit_id, names[row.unit_id], short_date(row.last_day) if row.extended else "")
            for row in overdue[deadline.pk]
        ]
        line = DigestLine(
            milestone=deadline.milestone,
            content=_one_line(deadline.milestone.content),
            last_day=short_date(deadline.last_day),
            units=sorted(units, key=lambda unit: vietnamese_sort_key(unit.name)),
        )
        offices[plan.issuing_unit_id].setdefault(plan.pk, DigestPlan(plan=plan, lines=[])).lines.append(line)
    return {office: list(plans.values()) for office, plans in offices.items()}


def _claim_digest(*, user, day: dt.date) -> bool:
    """Insert the user's digest row for *day*; False when another run has it already."""
    try:
        with transaction.atomic():
            _digest, created = Digest.objects.get_or_create(user=user, day=day)
    except IntegrityError:  # claimed by a concurrent run between the look-up and the insert
        return False
    return created


def send_overdue_digests(*, now: dt.datetime | None = None) -> DigestResult:
    """Once a day, tell each office user which units are overdue on the plans of their office."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = DigestResult()
    offices = overdue_by_office(now=now)
    if not offices:
        return result
    memberships = (
        Membership.objects.filter(unit_id__in=list(offices), role__in=OFFICE_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("user_id", "unit_id")
    )
    office_ids_of: dict[int, set[int]] = defaultdict(set)
    users = {}
    for membership in memberships:
        office_ids_of[membership.user_id].add(membership.unit_id)
        users[membership.user_id] = membership.user
    matrix = reverse("schedules:completion-matrix")
    subject_template = get_template("schedules/emails/digest_subject.txt")
    body_template = get_template("schedules/emails/digest.txt")
    outgoing = []
    with translation.override(settings.LANGUAGE_CODE):
        for user_id, user in users.items():
            if not _claim_digest(user=user, day=today):
                continue
            result.claimed += 1
            plans = [plan for office_id in sorted(office_ids_of[user_id]) for plan in offices[office_id]]
            context = {
                "day": short_date(today),
                "plans": plans,
                "unit_count": len({unit.pk for plan in plans for line in plan.lines for unit in line.units}),
                "milestone_count": sum(len(plan.lines) for plan in plans),
                "matrix_url": _absolute(matrix),
            }
            subject = _one_line(subject_template.render(context))
            body = body_template.render(context)
            item = Outgoing(reminder_id=user_id)
            item.notifications = [Notification(recipient=user, title=subject[:300], body=body, url=matrix)]
            if user.email:
                item.message = EmailMessage(subject=subject, body=body, to=[user.email])
            outgoing.append(item)
    sent, error = _send_all(outgoing)
    Notification.objects.bulk_create([notification for item in sent for notification in item.notifications])
    result.emails = sum(1 for item in sent if item.message is not None)
    result.notifications = sum(len(item.notifications) for item in sent)
    if error is not None:
        sent_users = {item.reminder_id for item in sent}
        unsent = [item.reminder_id for item in outgoing if item.reminder_id not in sent_users]
        Digest.objects.filter(day=today, user_id__in=unsent).delete()
        logger.error("overdue digests: mail failed, %s digests released for the next run", len(unsent))
        raise error
    return result
