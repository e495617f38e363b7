import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.dates import check_near_period, closing_moment, opening_moment, short_date
from emulation.models import Deadline, DeadlineCompletion, DeadlineExtension, Period, Unit
from emulation.selectors.deadlines import Window, deadline_window


class WindowClosed(ValidationError):
    pass


def ensure_window_open(*, unit: Unit, period: Period, action: str, at: dt.datetime | None = None) -> Window | None:
    """Raise :class:`WindowClosed`, naming the deadline, unless *unit* may act now."""
    window = deadline_window(unit=unit, period=period, action=action, at=at)
    if window is None:
        if getattr(settings, "DEADLINES_REQUIRED", False):
            raise WindowClosed(_("No deadline has been set for this yet: the office has not opened it."))
        return None
    if window.is_open:
        return window
    if window.not_yet_open:
        raise WindowClosed(
            _("“%(title)s” opens on %(day)s.") % {"title": window.deadline.title, "day": short_date(window.opens_at)}
        )
    raise WindowClosed(
        _("The deadline for “%(title)s” has passed: the last day was %(day)s. Ask the office for an extension.")
        % {"title": window.deadline.title, "day": short_date(window.last_day)}
    )


@transaction.atomic
def upsert_deadline(
    *, source: str, period: Period, issuing_unit: Unit, action: str, title: str,
    opens_on: dt.date | None, due_on: dt.date, units, active: bool = True,
) -> Deadline:  # fmt: skip
    """Create or update the deadline written by *source* (e.g. "milestone:12")."""
    values = {
        "period": period,
        "issuing_unit": issuing_unit,
        "action": action,
        "title": title[:500],
        "opens_at": opening_moment(opens_on) if opens_on else None,
        "closes_at": closing_moment(due_on),
        "is_active": active,
    }
    deadline, _created = Deadline.objects.update_or_create(source=source, defaults=values)
    deadline.units.set(units)
    return deadline


def deactivate_deadline(*, source: str) -> None:
    Deadline.objects.filter(source=source).update(is_active=False)


@transaction.atomic
def grant_extension(*, deadline: Deadline, unit: Unit, last_day: dt.date, reason: str, by) -> DeadlineExtension:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    check_near_period(last_day, period=deadline.period, field="last_day")
    if closing_moment(last_day) <= deadline.closes_at:
        raise ValidationError(
            {"last_day": _("The new last day must be after %(day)s.") % {"day": short_date(deadline.closes_at)}}
        )
    extension, _created = DeadlineExtension.objects.update_or_create(
        deadline=deadline,
        unit=unit,
        defaults={"closes_at": closing_moment(last_day), "reason": reason.strip(), "granted_by": by},
    )
    return extension


def record_action_done(
    *, unit: Unit, period: Period, action: str, by=None, at: dt.datetime | None = None
) -> list[DeadlineCompletion]:
    """Mark every active deadline of *action* for *unit* in *period* as done (idempotent)."""
    at = at or timezone.now()
    done = []
    for deadline in Deadline.objects.filter(period=period, action=action, is_active=True, units=unit):
        completion, _created = DeadlineCompletion.objects.get_or_create(
            deadline=deadline, unit=unit, defaults={"completed_at": at, "completed_by": by}
        )
        done.append(completion)
    return done


def withdraw_action_done(*, unit: Unit, period: Period, action: str) -> int:
    """Undo :func:`record_action_done`: what *unit* sent came back to it, so its deadlines of *action* are not done.

    Sending it again records them anew, at that time. Returns how many completions were withdrawn.
    """
    withdrawn, _by_model = DeadlineCompletion.objects.filter(
        unit=unit, deadline__period=period, deadline__action=action
    ).delete()
    return withdrawn


def confirm_done(*, deadline: Deadline, unit: Unit, by, note: str = "", file=None) -> DeadlineCompletion:
    completion, created = DeadlineCompletion.objects.get_or_create(
        deadline=deadline,
        unit=unit,
        defaults={"completed_at": timezone.now(), "completed_by": by, "note": note, "file": file or ""},
    )
    if not created and (note or file):
        completion.note = note or completion.note
        if file:
            completion.file = file
        completion.save(update_fields=["note", "file"])
    return completion
