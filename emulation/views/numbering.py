"""The register of document numbers: where an office's numbering of the year starts."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from emulation.documents.layout import format_number
from emulation.documents.numbering import counters_of
from emulation.enums import OFFICE_ROLES, UnitKind
from emulation.forms.numbering import NumberStartForm
from emulation.rules import units_within_reach
from emulation.views.mixins import PermissionRequired, safe_next


class NumberStart(PermissionRequired, FormView):
    """Set the next number of a register, e.g. when the first plan issued here in March is not number 01."""

    permission_required = "emulation.start_numbering"
    template_name = "emulation/number_start.html"
    form_class = NumberStartForm

    def get_units(self):
        units = units_within_reach(self.request.user, OFFICE_ROLES)
        return units.filter(is_active=True).exclude(kind=UnitKind.SCHOOL).order_by("path")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": self.get_units()}

    def get_context_data(self, **kwargs):
        year = timezone.localdate().year
        counters = [
            {"counter": counter, "next": format_number(counter.last_number + 1)}
            for counter in counters_of(units=self.get_units(), year=year)
        ]
        return super().get_context_data(counters=counters, year=year, next=safe_next(self.request, ""), **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        counter = form.save()
        if counter is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The next %(type)s of %(unit)s in %(year)s will be number %(number)s.")
            % {
                "type": counter.get_doc_type_display(),
                "unit": counter.unit.name,
                "year": counter.year,
                "number": format_number(counter.last_number + 1),
            },
        )
        return redirect(safe_next(self.request, reverse("emulation:number-start")))
