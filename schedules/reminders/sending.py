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
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator

from emulation.dates import short_date
from emulation.enums import DeadlineAction, DeadlineStanding
from emulation.models import Notification, Unit
from schedules.models import Reminder
from schedules.reminders.due import DONE_WHEN_PHRASES, UnitDue, due_reminders, recipients_by_unit

logger = logging.getLogger(__name__)


SUBJECT_CONTENT_CHARS = 120


@dataclass
class ReminderResult:
    claimed: int = 0
    emails: int = 0
    notifications: int = 0
    skipped_done: int = 0
    without_recipients: int = 0


@dataclass
class Outgoing:
    reminder_id: int  # the reminder, or for a digest the user
    notifications: list[Notification] = field(default_factory=list)
    message: EmailMessage | None = None


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
                "overdue_label": DeadlineStanding.OVERDUE.label,
                "done_when": DONE_WHEN_PHRASES.get(milestone.done_when, DONE_WHEN_PHRASES[DeadlineAction.MANUAL]),
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
