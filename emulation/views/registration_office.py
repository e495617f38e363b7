"""The office's side of the registrations: every school's state for a period, review, bulk accept, exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from emulation.documents.jobs import start_document_job
from emulation.documents.registration_list import PDF_KIND, job_for
from emulation.enums import FOLLOWER_ROLES, RegistrationState
from emulation.forms.registrations import BulkAcceptForm, RegistrationFilterForm, ReviewForm
from emulation.models import Registration, Unit
from emulation.selectors.organisation import office_units_of
from emulation.selectors.registrations import (
    NOT_STARTED,
    RegistrationFilters,
    list_totals,
    office_blocks,
    registration_periods,
    registrations_reviewable_from,
    review_history,
    review_lines,
    review_targets,
    school_rows,
    with_counts,
)
from emulation.services.registrations import (
    accept_registration,
    accept_registrations,
    return_registration,
)
from emulation.views.mixins import PermissionRequired
from emulation.workbooks.registration_list import consolidated_response, school_list_response

ROWS_PER_PAGE = 50
LIST_PERMISSION = "emulation.view_registration_list"


class OfficeListMixin:
    """The office, the period and the filters, read from GET (the current period by default)."""

    def get_filters(self) -> RegistrationFilters:
        if hasattr(self, "_filters"):
            return self._filters
        offices = office_units_of(self.request.user)
        periods = registration_periods()
        if not offices or not periods:
            raise Http404
        params = self.filter_params()
        office = _pick(offices, params.get("office")) or offices[0]
        current = next((period for period in periods if period.is_current), periods[0])
        period = _pick(periods, params.get("period"), missing_is_an_error=False) or current
        blocks = office_blocks(office=office, period=period)
        form = RegistrationFilterForm(params or None, offices=offices, periods=periods, blocks=blocks)
        form.initial.update({"office": office.pk, "period": period.pk, "sort": "name"})
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        self._form = form
        self.filter_problems = [
            _("The filter “%(filter)s” cannot be “%(value)s”; it is not applied.")
            % {"filter": form.fields[name].label, "value": params.get(name, "")}
            for name in form.errors
            if name in form.fields
        ]
        self._filters = RegistrationFilters(
            office=office,
            period=period,
            level=data.get("level", ""),
            block=next((block for block in blocks if block.pk == data.get("block")), None),
            state=data.get("state", ""),
            sort=data.get("sort") or "name",
        )
        return self._filters

    def filter_params(self):
        return self.request.GET

    def querystring(self) -> str:
        params = self.filter_params().copy()
        params.pop("page", None)
        filters = self.get_filters()
        params["office"], params["period"] = filters.office.pk, filters.period.pk
        return params.urlencode()


def _pick(objects, wanted, *, missing_is_an_error: bool = True):
    """The object whose id is *wanted*; an office outside the user's reach is not found (404)."""
    if not wanted:
        return None
    for obj in objects:
        if str(obj.pk) == wanted:
            return obj
    if missing_is_an_error:
        raise Http404
    return None


class RegistrationList(OfficeListMixin, PermissionRequired, TemplateView):
    """Every school concerned for a period, registered or not, with its state and counts per title.

    Queries: 15 a page, however many rows it shows (session and user included).
    """

    permission_required = LIST_PERMISSION
    template_name = "emulation/registration_list.html"

    def get_context_data(self, **kwargs):
        filters = self.get_filters()
        user = self.request.user
        page = Paginator(school_rows(filters), ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        rows = with_counts(page.object_list)
        for row in rows:
            row.state_label = RegistrationState(row.reg_state).label if row.reg_state else _("Not started")
            row.state_class = row.reg_state or NOT_STARTED
            # The review rule itself, asked of a stand-in (no query): district staff and heads only.
            row.can_accept = bool(row.reg_id) and user.has_perm(
                "emulation.review_registration", Registration(unit=Unit(path=row.path), state=row.reg_state)
            )
        totals = list_totals(filters)
        state_totals = [
            (value, label, totals.per_state[value])
            for value, label in [*RegistrationState.choices, (NOT_STARTED, _("Not started"))]
        ]
        return super().get_context_data(
            form=self._form,
            filters=filters,
            page_obj=page,
            rows=rows,
            totals=totals,
            state_totals=state_totals,
            can_accept=any(row.can_accept for row in rows),
            querystring=self.querystring(),
            filter_problems=self.filter_problems,
            **kwargs,
        )


class RegistrationListExport(OfficeListMixin, PermissionRequired, View):
    """The list itself (one row per school, with the filters) as an .xlsx file."""

    permission_required = LIST_PERMISSION

    def get(self, request, *args, **kwargs):
        return school_list_response(self.get_filters())


class RegistrationConsolidatedExport(OfficeListMixin, PermissionRequired, View):
    """The consolidated list of the filtered schools: sheets "Tập thể" and "Cá nhân"; accepted only unless ?all=1."""

    permission_required = LIST_PERMISSION

    def get(self, request, *args, **kwargs):
        return consolidated_response(self.get_filters(), include_waiting=request.GET.get("all") == "1")


class RegistrationListPdf(OfficeListMixin, PermissionRequired, View):
    """POST: render the consolidated list in the NĐ 30 layout in the background, then watch its progress."""

    permission_required = LIST_PERMISSION
    http_method_names = ["post"]

    def filter_params(self):
        # The filters come with the form's POST (the page's GET parameters as hidden fields).
        return self.request.POST

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        filters = self.get_filters()
        job = job_for(filters, include_waiting=request.POST.get("all") == "1")
        document_job = start_document_job(kind=PDF_KIND, object_id=job.office_id, params=job.params, by=request.user)
        return redirect("emulation:document-job", pk=document_job.pk)


class RegistrationBulkAccept(PermissionRequired, View):
    """Accept the ticked registrations together, or none of them (named when they are not waiting for review)."""

    permission_required = LIST_PERMISSION
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        back = request.POST.get("next") or ""
        target = reverse("emulation:registration-list") + (f"?{back}" if back and "//" not in back else "")
        form = BulkAcceptForm(request.POST)
        if not form.is_valid():
            for error in form.errors["ids"]:
                messages.error(request, error)
            return redirect(target)
        ids = set(form.cleaned_data["ids"])
        registrations = list(registrations_reviewable_from(request.user).filter(pk__in=ids).order_by("pk"))
        user = request.user
        if len(registrations) != len(ids) or not all(
            user.has_perm("emulation.decide_registration", r) for r in registrations
        ):
            raise Http404
        try:
            accepted = accept_registrations(registrations=registrations, by=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(target)
        messages.success(request, _("%(count)s registrations were accepted.") % {"count": accepted})
        return redirect(target)


# The school page's download view and its name for each attachment.
ATTACHMENT_URL_NAME = "emulation:registration-file-download"
ATTACHMENT_FIELDS = (("plan_file", "plan"), ("council_decision_file", "council"))


def attachment_links(registration: Registration) -> list[dict]:
    """The attachments with a link to the school page's download view (just the names if there is none)."""
    links = []
    for field, kind in ATTACHMENT_FIELDS:
        stored = getattr(registration, field)
        if not stored:
            continue
        try:
            url = reverse(ATTACHMENT_URL_NAME, args=[registration.pk, kind])
        except NoReverseMatch:
            url = ""
        label = Registration._meta.get_field(field).verbose_name
        links.append({"label": label, "name": stored.name.rsplit("/", 1)[-1], "url": url})
    return links


class RegistrationReview(PermissionRequired, TemplateView):
    """One school's registration for the office: targets, lines with a comment box each, files, history."""

    permission_required = "emulation.view_registration"
    template_name = "emulation/registration_review.html"

    def get_registration(self) -> Registration:
        if not hasattr(self, "_registration"):
            self._registration = get_object_or_404(
                registrations_reviewable_from(self.request.user, roles=FOLLOWER_ROLES), pk=self.kwargs["pk"]
            )
        return self._registration

    def get_permission_object(self):
        return self.get_registration()

    def has_permission(self) -> bool:
        return self.request.user.has_perm(LIST_PERMISSION) and super().has_permission()

    def get_form(self):
        if not hasattr(self, "_form"):
            lines = list(review_lines(self.get_registration()))
            data = self.request.POST if self.request.method == "POST" else None
            self._form = ReviewForm(data, lines=lines, initial={"comment": self.get_registration().review_comment})
        return self._form

    def get_context_data(self, **kwargs):
        registration = self.get_registration()
        form = self.get_form()
        return super().get_context_data(
            registration=registration,
            form=form,
            targets=review_targets(registration),
            line_fields=form.line_fields(),
            attachments=attachment_links(registration),
            history=review_history(registration),
            can_review=self.request.user.has_perm("emulation.review_registration", registration),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        if not request.user.has_perm("emulation.decide_registration", registration):
            raise Http404
        form = self.get_form()
        action = request.POST.get("action")
        if action not in ("accept", "return") or not form.is_valid():
            return self.render_to_response(self.get_context_data())
        try:
            if action == "accept":
                accept_registration(
                    registration=registration, by=request.user, comment=form.cleaned_data["comment"].strip()
                )
            else:
                return_registration(
                    registration=registration,
                    by=request.user,
                    comment=form.cleaned_data["comment"],
                    line_comments=form.line_comments(),
                )
        except ValidationError as error:
            registration.refresh_from_db()
            for message in error.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data())
        if action == "accept":
            message = _("The registration of %(school)s was accepted.")
        else:
            message = _("The registration of %(school)s was returned to the school for supplement.")
        messages.success(request, message % {"school": registration.unit.name})
        url = reverse("emulation:registration-list")
        return redirect(f"{url}?period={registration.period_id}")
