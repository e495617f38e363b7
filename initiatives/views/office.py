"""The office's list of the initiatives in its reach, with its filters, and the same list as an Excel file."""

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from emulation.views.mixins import PermissionRequired
from emulation.workbooks.writing import write_only_response, xlsx_filename
from initiatives.forms.office import InitiativeFilterForm
from initiatives.models import Field
from initiatives.selectors.office import (
    InitiativeFilters,
    export_header,
    export_rows,
    list_periods,
    office_initiatives,
    schools_in_reach,
    state_totals,
)

ROWS_PER_PAGE = 50


class OfficeFiltersMixin:
    """The period (the current one by default) and the filters, read from GET."""

    def get_filters(self) -> InitiativeFilters:
        if hasattr(self, "_filters"):
            return self._filters
        periods = list_periods()
        if not periods:
            raise Http404
        fields = list(Field.objects.order_by("order", "name"))
        schools = list(schools_in_reach(self.request.user))
        form = InitiativeFilterForm(self.request.GET or None, periods=periods, fields=fields, schools=schools)
        if form.is_bound:
            form.is_valid()
        # A filter that does not read (a score of "abc") is left out, the others still apply.
        data = {name: value for name, value in getattr(form, "cleaned_data", {}).items() if name not in form.errors}
        current = next((period for period in periods if period.is_current), periods[0])
        self._form = form
        self._filters = InitiativeFilters(
            period=next((period for period in periods if period.pk == data.get("period")), current),
            field=next((field for field in fields if field.pk == data.get("field")), None),
            state=data.get("state", ""),
            school=next((unit for unit in schools if unit.pk == data.get("school")), None),
            score_min=data.get("score_min"),
            score_max=data.get("score_max"),
            scope=data.get("scope", ""),
            query=data.get("q", ""),
        )
        return self._filters

    def querystring(self) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        params["period"] = self.get_filters().period.pk
        return params.urlencode()


class InitiativeList(OfficeFiltersMixin, PermissionRequired, TemplateView):
    """Every initiative of the period in the user's reach, filtered by field, state, school, score and scope.

    Queries: 13 a page, however many rows it shows (session, user and the menu included).
    """

    permission_required = "initiatives.view_initiative_list"
    template_name = "initiatives/initiative_list.html"

    def get_context_data(self, **kwargs):
        filters = self.get_filters()
        page = Paginator(office_initiatives(user=self.request.user, filters=filters), ROWS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            form=self._form,
            filters=filters,
            page_obj=page,
            initiatives=list(page.object_list),
            totals=state_totals(user=self.request.user, filters=filters),
            querystring=self.querystring(),
            **kwargs,
        )


class InitiativeListExport(OfficeFiltersMixin, PermissionRequired, View):
    """The list with the page's filters (every page) as an .xlsx file, streamed in write-only mode."""

    permission_required = "initiatives.view_initiative_list"

    def get(self, request, *args, **kwargs):
        filters = self.get_filters()
        return write_only_response(
            filename=xlsx_filename("danh sach sang kien", filters.period.name),
            title=_("Initiatives"),
            header=export_header(),
            rows=export_rows(office_initiatives(user=request.user, filters=filters)),
            widths=(6, 60, 40, 36, 22, 22, 14, 8, 18),
        )
