import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.dates import check_near_period, closing_moment, opening_moment, short_date
from emulation.enums import SCHOOL_MANAGER_ROLES, Role
from emulation.models import Deadline, DeadlineCompletion, DeadlineExtension, ExtensionRequest, Period, Unit
from emulation.selectors.deadlines import Window, deadline_window
from emulation.selectors.organisation import accounts_in
from emulation.services.notifications import notify, send_notice, site_url


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


def _lock_deadline(deadline: Deadline) -> None:
    """Hold the deadline's row until the end of the transaction: its requests and extensions wait on each other.

    A no-key lock: completions and extensions that refer to the deadline are still written meanwhile.
    """
    list(Deadline.objects.select_for_update(no_key=True).filter(pk=deadline.pk).values_list("pk", flat=True))


@transaction.atomic
def grant_extension(*, deadline: Deadline, unit: Unit, last_day: dt.date, reason: str, by) -> DeadlineExtension:
    """Give *unit* until the end of *last_day*; this answers the unit's open request, if any.

    The school's principal and deputies are told (the bell and an e-mail) once the grant commits, and only
    when the last day changes: a second click on the same grant tells no one again.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    check_near_period(last_day, period=deadline.period, field="last_day")
    if closing_moment(last_day) <= deadline.closes_at:
        raise ValidationError(
            {"last_day": _("The new last day must be after %(day)s.") % {"day": short_date(deadline.closes_at)}}
        )
    _lock_deadline(deadline)
    closes_at = closing_moment(last_day)
    before = DeadlineExtension.objects.filter(deadline=deadline, unit=unit).values_list("closes_at", flat=True).first()
    extension, _created = DeadlineExtension.objects.update_or_create(
        deadline=deadline,
        unit=unit,
        defaults={"closes_at": closes_at, "reason": reason.strip(), "granted_by": by},
    )
    ExtensionRequest.objects.filter(deadline=deadline, unit=unit, answered_at__isnull=True).update(
        answered_at=timezone.now(), answered_by=by
    )
    if before != closes_at:
        transaction.on_commit(lambda: _notify_extension(extension_id=extension.pk))
    return extension


def _notify_extension(*, extension_id: int) -> None:
    extension = DeadlineExtension.objects.select_related("deadline__issuing_unit", "unit").get(pk=extension_id)
    deadline = extension.deadline
    users = accounts_in(unit_ids=[extension.unit_id], roles=SCHOOL_MANAGER_ROLES)
    url = reverse("emulation:dashboard")
    notify(
        recipients=users,
        title=_("More time for “%(title)s”: the last day is now %(day)s")
        % {"title": deadline.title, "day": short_date(extension.last_day)},
        body=extension.reason,
        url=url,
    )
    send_notice(
        recipients=users,
        template="emulation/emails/deadline_extended",
        context={
            "unit": extension.unit,
            "office": deadline.issuing_unit,
            "title": " ".join(deadline.title.split()),
            "last_day": short_date(extension.last_day),
            "plan_last_day": short_date(deadline.last_day),
            "reason": extension.reason,
            "dashboard_url": site_url(url),
        },
    )


@transaction.atomic
def request_extension(
    *, deadline: Deadline, unit: Unit, reason: str, by, url: str = ""
) -> tuple[ExtensionRequest, bool]:
    """*unit* asks the office that set *deadline* for more time; (the request, whether it is new).

    A unit has one open request per deadline: a second click, or a second tab, finds the first one. The
    office's staff are told (the bell and an e-mail) once a new request commits; *url* is where they answer it.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why your unit needs more time.")})
    if DeadlineCompletion.objects.filter(deadline=deadline, unit=unit).exists():
        raise ValidationError(
            _("Your unit has already done “%(title)s”: it needs no more time.") % {"title": deadline.title}
        )
    _lock_deadline(deadline)
    open_requests = ExtensionRequest.objects.filter(deadline=deadline, unit=unit, answered_at__isnull=True)
    existing = open_requests.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            request = ExtensionRequest.objects.create(deadline=deadline, unit=unit, reason=reason, requested_by=by)
    except IntegrityError:  # one_open_extension_request: a request that did not wait on the lock came first
        return open_requests.get(), False
    transaction.on_commit(lambda: _notify_extension_requested(request_id=request.pk, url=url))
    return request, True


def _notify_extension_requested(*, request_id: int, url: str) -> None:
    request = ExtensionRequest.objects.select_related("deadline__issuing_unit", "unit", "requested_by").get(
        pk=request_id
    )
    deadline = request.deadline
    users = accounts_in(unit_ids=[deadline.issuing_unit_id], roles=[Role.DISTRICT_STAFF, Role.DISTRICT_HEAD])
    window = deadline_window(unit=request.unit, period=deadline.period, action=deadline.action)
    last_day = window.last_day if window and window.deadline == deadline else deadline.last_day
    notify(
        recipients=users,
        title=_("%(unit)s asks for more time for “%(title)s”") % {"unit": request.unit.name, "title": deadline.title},
        body=request.reason,
        url=url,
    )
    send_notice(
        recipients=users,
        template="emulation/emails/extension_requested",
        context={
            "unit": request.unit,
            "title": " ".join(deadline.title.split()),
            "last_day": short_date(last_day),
            "reason": request.reason,
            "by": request.requested_by.get_full_name() or request.requested_by.get_username(),
            "url": site_url(url) if url else "",
        },
    )


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
