import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation

from emulation.dates import short_date
from emulation.enums import OFFICE_ROLES
from emulation.models import Membership, Notification, Unit
from emulation.text import vietnamese_sort_key
from schedules.models import Digest, Milestone
from schedules.reminders.due import UnitDue, _milestone_deadlines, units_not_done
from schedules.reminders.sending import Outgoing, _absolute, _one_line, _send_all, logger


@dataclass
class DigestResult:
    claimed: int = 0
    emails: int = 0
    notifications: int = 0


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
