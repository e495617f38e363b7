import datetime as dt

from django.utils import formats, timezone


def closing_moment(day: dt.date) -> dt.datetime:
    """The last instant of *day* in the site's time zone: a deadline on D closes at 23:59:59 on D."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def opening_moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def short_date(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "d/m/Y")
