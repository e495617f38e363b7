import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.dates import short_date
from emulation.enums import PeriodKind
from emulation.forms.widgets import DateInput
from emulation.models import Period
from emulation.services.periods import create_period

# A calendar year of emulation may run from mid-December to mid-December, never longer than a year.
LONGEST_YEAR_DAYS = 366


class CalendarYearForm(forms.Form):
    """A calendar-year period ("2025"), from 1 January to 31 December unless other days are given."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    start_date = forms.DateField(
        label=_("First day of the year"), required=False, widget=DateInput(), help_text=_("1 January if left empty.")
    )
    end_date = forms.DateField(
        label=_("Last day of the year"), required=False, widget=DateInput(), help_text=_("31 December if left empty.")
    )

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year is None:
            return data
        start = data.get("start_date") or dt.date(year, 1, 1)
        end = data.get("end_date") or dt.date(year, 12, 31)
        if Period.objects.filter(name=str(year)).exists():
            self.add_error("year", _("The period %(name)s already exists.") % {"name": year})
        if start.year not in (year - 1, year):
            self.add_error("start_date", _("The first day must fall in %(year)s or late in %(before)s.")
                           % {"year": year, "before": year - 1})  # fmt: skip
        if end.year not in (year, year + 1):
            self.add_error("end_date", _("The last day must fall in %(year)s or early in %(after)s.")
                           % {"year": year, "after": year + 1})  # fmt: skip
        if not self.has_error("start_date") and not self.has_error("end_date"):
            self.check_length(start, end)
        data["start_date"], data["end_date"] = start, end
        return data

    def check_length(self, start: dt.date, end: dt.date) -> None:
        if end <= start:
            self.add_error("end_date", _("The last day must come after the first day."))
        elif (end - start).days + 1 > LONGEST_YEAR_DAYS:
            self.add_error(
                "end_date",
                _("A year lasts at most %(days)s days: from %(start)s the last day is %(latest)s at the latest.")
                % {
                    "days": LONGEST_YEAR_DAYS,
                    "start": short_date(start),
                    "latest": short_date(start + dt.timedelta(days=LONGEST_YEAR_DAYS - 1)),
                },
            )

    def save(self) -> Period:
        data = self.cleaned_data
        return create_period(
            kind=PeriodKind.CALENDAR_YEAR,
            name=str(data["year"]),
            start_date=data["start_date"],
            end_date=data["end_date"],
        )
