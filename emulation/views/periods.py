"""Periods an office may open itself: a calendar year (school years stay the administrator's)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from emulation.forms.periods import CalendarYearForm
from emulation.views.mixins import PermissionRequired, safe_next


class CalendarYearCreate(PermissionRequired, FormView):
    permission_required = "emulation.create_calendar_year"
    template_name = "emulation/period_form.html"
    form_class = CalendarYearForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=safe_next(self.request, ""), **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        period = form.save()
        messages.success(self.request, _("The period %(name)s was opened.") % {"name": period.name})
        return redirect(safe_next(self.request, reverse("emulation:dashboard")))
