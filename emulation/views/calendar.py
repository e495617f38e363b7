"""Deadlines of the user's units: month calendar and iCal feed."""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from emulation.documents.ical import unit_feed
from emulation.enums import SCHOOL_MANAGER_ROLES, DeadlineStanding
from emulation.selectors.calendar import (
    deadline_entries,
    month_grid,
    month_weeks,
    parse_month,
    shift_month,
)
from emulation.selectors.organisation import unit_ids_of, units_of, units_visible_to
from emulation.services.units import reset_calendar_token
from emulation.views.mixins import PermissionRequired

from ..models import Unit


class DeadlineCalendar(PermissionRequired, TemplateView):
    """A month of the user's units' deadlines, Monday first, with a plain list below for phones.

    Queries: 11 a month, however many deadlines (session and user included).
    """

    permission_required = "emulation.use_site"
    template_name = "emulation/calendar.html"

    def get_units(self) -> list:
        units = list(units_of(self.request.user))
        wanted = self.request.GET.get("unit")
        if wanted:
            units = [unit for unit in units if str(unit.pk) == wanted]
            if not units:
                raise Http404
        return units

    def get_context_data(self, **kwargs):
        user = self.request.user
        now = timezone.now()
        today = timezone.localtime(now).date()
        first = parse_month(self.request.GET.get("month"), today=today)
        weeks = month_weeks(first)
        units = self.get_units()
        entries = deadline_entries(
            unit_ids=[unit.pk for unit in units], start=weeks[0][0], end=weeks[-1][-1], at=now, windows=True
        )
        last = shift_month(first, 1) - dt.timedelta(days=1)
        unit_query = f"&unit={units[0].pk}" if self.request.GET.get("unit") else ""
        feeds = [
            {
                "unit": unit,
                "url": self.request.build_absolute_uri(reverse("emulation:calendar-feed", args=[unit.calendar_token])),
                "can_reset": user.has_perm("emulation.reset_calendar_feed_unit", unit),
            }
            for unit in units
        ]
        return super().get_context_data(
            first=first,
            today=today,
            weekdays=[WEEKDAYS_ABBR[day] for day in range(7)],
            weeks=month_grid(first=first, today=today, entries=entries),
            month_entries=[e for e in entries if (e.opens_on or e.last_day) <= last and e.last_day >= first],
            previous_month=f"{shift_month(first, -1):%Y-%m}{unit_query}",
            next_month=f"{shift_month(first, 1):%Y-%m}{unit_query}",
            this_month=f"{today:%Y-%m}{unit_query}",
            units=units,
            leading_unit_ids=unit_ids_of(user, SCHOOL_MANAGER_ROLES),
            show_unit=len(units) > 1,
            feeds=feeds,
            standings=list(DeadlineStanding),
            **kwargs,
        )


@method_decorator(login_not_required, name="dispatch")
class CalendarFeed(View):
    """A unit's deadlines as iCalendar, at a secret address calendar apps subscribe to (no login)."""

    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        unit = get_object_or_404(Unit, calendar_token=kwargs["token"], is_active=True)
        domain = urlsplit(settings.SITE_URL).hostname or "localhost"
        with translation.override(settings.LANGUAGE_CODE):
            body = unit_feed(unit=unit, domain=domain)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="deadlines-{unit.pk}.ics"'
        response["Cache-Control"] = "private, max-age=900"
        return response


class CalendarFeedReset(PermissionRequired, View):
    """POST only: a new secret address for the unit's feed; the old one then answers 404."""

    http_method_names = ["post"]

    def get_permission_object(self):
        if not hasattr(self, "unit"):
            self.unit = get_object_or_404(units_visible_to(self.request.user), pk=self.kwargs["pk"])
        return self.unit

    def has_permission(self) -> bool:
        return self.request.user.has_perm("emulation.reset_calendar_feed_unit", self.get_permission_object())

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        reset_calendar_token(unit=self.unit, by=request.user)
        messages.success(
            request,
            _("The calendar link of %(unit)s was reset. Calendars subscribed to the old link stop updating.")
            % {"unit": self.unit.name},
        )
        return redirect(reverse("emulation:deadline-calendar") + f"?unit={self.unit.pk}")
