import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def closing_moment(day: dt.date) -> dt.datetime:
    """The last instant of *day* in the site's time zone: a deadline on D closes at 23:59:59 on D."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def opening_moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def short_date(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "d/m/Y")


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_near_period(day: dt.date, *, period, field: str | None = None) -> None:
    """Refuse a date more than a year before *period* starts or after it ends (a slip such as 31/12/9999)."""
    earliest, latest = _years_later(period.start_date, -1), _years_later(period.end_date, 1)
    if earliest <= day <= latest:
        return
    message = _("Choose a date from %(earliest)s to %(latest)s: %(day)s is too far from the period %(period)s.") % {
        "earliest": short_date(earliest),
        "latest": short_date(latest),
        "day": short_date(day),
        "period": period.name,
    }
    raise ValidationError({field: message} if field else message, code="far_from_period")
