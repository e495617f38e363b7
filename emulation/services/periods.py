import datetime as dt

from django.db import transaction

from emulation.enums import PeriodKind
from emulation.models import Period


@transaction.atomic
def create_period(*, kind: str, name: str, start_date: dt.date, end_date: dt.date) -> Period:
    """A new period, not the current one (making a period current is the administrator's)."""
    period = Period(kind=PeriodKind(kind), name=name, start_date=start_date, end_date=end_date, is_current=False)
    period.full_clean()
    period.save()
    return period
