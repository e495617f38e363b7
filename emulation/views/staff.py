"""Staff: the list, the form, and the Excel template, import and export."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView, View

from emulation import uploads
from emulation.forms.staff import PersonForm, StaffFilterForm
from emulation.forms.workbooks import WorkbookUploadForm
from emulation.selectors.accounts import accounts_of_person
from emulation.selectors.history import person_history
from emulation.selectors.organisation import people_visible_to, staff_list, units_visible_to
from emulation.services.staff import commit_staff_import, create_person, set_person_active, update_person
from emulation.views.accounts import accounts_with_locks
from emulation.views.mixins import CachedObjectMixin, PermissionRequired, safe_next
from emulation.workbooks.pending import AlreadyClaimed
from emulation.workbooks.staff import UPLOADS, problems_workbook, read_staff_workbook, staff_template_workbook
from emulation.workbooks.staff_list import staff_list_response
from emulation.workbooks.writing import workbook_response, xlsx_filename

from ..enums import Sex, StaffCategory


class PersonList(PermissionRequired, ListView):
    """The staff of the user's units, searched, filtered and paged.

    Queries: 9 a page, however many rows it shows (session and user included).
    """

    permission_required = "emulation.view_staff_list"
    template_name = "emulation/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            units = units_visible_to(self.request.user).order_by("path")
            self._filter_form = StaffFilterForm(self.request.GET or None, units=units)
            self._filter_form.is_valid() if self.request.GET else None
        return self._filter_form

    def get_filters(self) -> dict:
        form = self.get_filter_form()
        if not form.is_bound or not form.is_valid():
            return {"active": True}
        data = form.cleaned_data
        return {"query": data["q"], "unit": data["unit"], "category": data["category"], "active": form.active_value}

    def get_queryset(self):
        return staff_list(user=self.request.user, **self.get_filters())

    def get_template_names(self):
        if self.request.headers.get("HX-Request") and self.request.headers.get("HX-Target") == "staff-results":
            return ["emulation/includes/person_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.get_filter_form(),
            querystring=query.urlencode(),
            can_edit=self.request.user.has_perm("emulation.edit_staff"),
            **kwargs,
        )


class PersonFormMixin:
    form_class = PersonForm
    template_name = "emulation/person_form.html"

    def get_form_kwargs(self):
        units = units_visible_to(self.request.user).order_by("path")
        allowed = [u.pk for u in units if self.request.user.has_perm("emulation.manage_staff_unit", u)]
        return {**super().get_form_kwargs(), "units": units.filter(pk__in=allowed)}


class PersonCreate(PermissionRequired, PersonFormMixin, FormView):
    permission_required = "emulation.edit_staff"

    @transaction.atomic
    def form_valid(self, form):
        person = create_person(by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("%(name)s was added.") % {"name": person.full_name})
        return redirect("emulation:person-list")


class PersonUpdate(PermissionRequired, CachedObjectMixin, PersonFormMixin, FormView):
    permission_required = "emulation.change_person"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(
                people_visible_to(self.request.user).select_related("unit"), pk=self.kwargs["pk"]
            )
        return self._object

    def get_permission_object(self):
        return self.get_object()

    def get_form_kwargs(self):
        # A copy: the form writes the posted values into its instance, the service compares with the original.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.get_object())}

    def get_context_data(self, **kwargs):
        person, user = self.get_object(), self.request.user
        context = super().get_context_data(person=person, **kwargs)
        if user.has_perm("emulation.view_history_person", person):
            context["history"] = person_history(person)
            context["accounts"] = accounts_with_locks(accounts_of_person(person), user=user)
        return context

    @transaction.atomic
    def form_valid(self, form):
        person = update_person(person=self.get_object(), by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("%(name)s was saved.") % {"name": person.full_name})
        return redirect("emulation:person-list")


class PersonSetActive(PermissionRequired, View):
    """POST only: deactivate (or reactivate) a staff member; nothing is deleted."""

    permission_required = "emulation.change_person"
    http_method_names = ["post"]

    def get_permission_object(self):
        if not hasattr(self, "person"):
            self.person = get_object_or_404(people_visible_to(self.request.user), pk=self.kwargs["pk"])
        return self.person

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        active = request.POST.get("active") == "1"
        back = safe_next(request, reverse("emulation:person-list"))
        try:
            set_person_active(person=self.person, active=active, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        if active:
            messages.success(request, _("%(name)s is active again.") % {"name": self.person.full_name})
        else:
            messages.success(request, _("%(name)s was deactivated.") % {"name": self.person.full_name})
        return redirect(back)


class StaffExport(PermissionRequired, View):
    """The staff list, with the list page's filters (all pages), as an .xlsx file."""

    permission_required = "emulation.view_staff_list"
    # The same filters as the list page, read from the same query string.
    get_filter_form = PersonList.get_filter_form
    get_filters = PersonList.get_filters

    def get(self, request, *args, **kwargs):
        return staff_list_response(staff_list(user=request.user, **self.get_filters()))


class StaffImportTemplate(PermissionRequired, View):
    """An empty staff workbook with Vietnamese headers, an example row and validation."""

    permission_required = "emulation.edit_staff"

    def get(self, request, *args, **kwargs):
        workbook = staff_template_workbook(user=request.user)
        return workbook_response(workbook, filename=xlsx_filename(gettext("staff-template")))


class PendingImportMixin(PermissionRequired):
    """The workbook this user uploaded and has neither committed nor cancelled (:data:`UPLOADS`)."""

    permission_required = "emulation.edit_staff"

    def no_pending(self):
        messages.info(self.request, _("No workbook is waiting: upload one."))
        return redirect("emulation:staff-import")


class StaffImport(PendingImportMixin, FormView):
    """Upload a staff workbook; its rows are checked on the preview page and written only on commit."""

    template_name = "emulation/staff_import.html"
    form_class = WorkbookUploadForm

    def post(self, request, *args, **kwargs):
        too_large = uploads.body_too_large(request, max_bytes=uploads.max_bytes_for("workbooks"))
        if too_large:  # refused before Django reads the body
            return self.render_to_response(self.get_context_data(form=self.form_class(), upload_error=too_large))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(pending=UPLOADS.get(self.request), **kwargs)

    def form_valid(self, form):
        UPLOADS.store(self.request, form.cleaned_data["file"])
        return redirect("emulation:staff-import-preview")


class StaffImportPreview(PendingImportMixin, TemplateView):
    """Every problem of the uploaded workbook by row and column, and the rows that would be imported."""

    template_name = "emulation/staff_import_preview.html"
    shown_rows = 200

    def get(self, request, *args, **kwargs):
        self.upload = UPLOADS.get(request)
        if self.upload is None:
            return self.no_pending()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        result = read_staff_workbook(self.upload, user=self.request.user)
        valid = result.valid_records
        return super().get_context_data(
            upload=self.upload,
            result=result,
            problems=result.problems,
            refusal=result.refusal,
            ignored=result.ignored,
            valid_count=len(valid),
            problem_row_count=len(result.problem_records),
            rows=[_preview_row(record) for record in valid[: self.shown_rows]],
            hidden_count=max(0, len(valid) - self.shown_rows),
            **kwargs,
        )


def _preview_row(record) -> dict:
    values = record.values
    return {
        **values,
        "number": record.number,
        "sex": Sex(values["sex"]).label,
        "category": StaffCategory(values["category"]).label,
    }


class StaffImportProblems(PendingImportMixin, View):
    """The rows with problems, as written, plus a column saying what to fix: fix them and upload that file."""

    def get(self, request, *args, **kwargs):
        upload = UPLOADS.get(request)
        if upload is None:
            return self.no_pending()
        result = read_staff_workbook(upload, user=request.user)
        return workbook_response(problems_workbook(result), filename=xlsx_filename(gettext("staff-rows-to-fix")))


class StaffImportCommit(PendingImportMixin, View):
    """Check the workbook again and write its valid rows in one transaction; rows with problems are skipped.

    The upload is claimed first: of two commits of one upload (a double click, two tabs) one imports, the
    other is told that the workbook was imported.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not UPLOADS.named(request):
            return self.no_pending()
        try:
            expected = int(request.POST.get("expected", ""))
        except ValueError:
            expected = None
        try:
            with UPLOADS.claim(request) as upload:
                result = commit_staff_import(source=upload, user=request.user, expected_rows=expected)
        except AlreadyClaimed as claimed:
            messages.info(request, str(claimed))
            return redirect("emulation:person-list")
        except ValidationError as error:
            for message in error.messages:
                messages.warning(request, message)
            return redirect("emulation:staff-import-preview")
        skipped = len(result.problem_records)
        message = ngettext(
            "%(count)s staff member was imported.", "%(count)s staff members were imported.", result.created
        ) % {"count": result.created}
        if skipped:
            message += " " + ngettext(
                "%(count)s row with problems was skipped.", "%(count)s rows with problems were skipped.", skipped
            ) % {"count": skipped}
        messages.success(request, message)
        return redirect("emulation:person-list")


class StaffImportCancel(PendingImportMixin, View):
    """Forget the uploaded workbook; nothing was saved."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        UPLOADS.discard(request)
        messages.info(request, _("The import was cancelled; nothing was saved."))
        return redirect("emulation:staff-import")
