from emulation.models import Unit, new_token


def reset_calendar_token(*, unit: Unit, by=None) -> str:
    """A new secret for the unit's iCal feed: calendars subscribed to the old address get 404."""
    unit.calendar_token = new_token()
    Unit.objects.filter(pk=unit.pk).update(calendar_token=unit.calendar_token)
    return unit.calendar_token
