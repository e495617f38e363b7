import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.decorators import method_decorator
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from . import calendar as deadline_calendar
from . import exports, imports, jobs, selectors, services
from .enums import JobStatus, Role, Sex, StaffCategory
from .excel import WorkbookUploadForm, workbook_response, write_only_response
from .forms import AccountCreateForm, PersonForm, StaffFilterForm
from .mixins import CachedObjectMixin, PermissionRequired
from .models import DocumentJob, Heartbeat, Notification, Unit
from .rules import memberships_of


class Dashboard(TemplateView):
    template_name = "emulation/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        roles = {role for role, _, _ in memberships_of(user)}
        units = selectors.units_visible_to(user)
        context = super().get_context_data(**kwargs)
        context.update(
            roles=[Role(role) for role in sorted(roles)],
            my_units=[m.unit for m in user.memberships.select_related("unit")],
            unit_count=units.count(),
            staff_count=selectors.people_visible_to(user).filter(is_active=True).count(),
            show_school=bool(roles & {Role.PRINCIPAL, Role.DEPUTY_PRINCIPAL}),
            show_office=bool(roles & {Role.DISTRICT_STAFF, Role.DISTRICT_HEAD, Role.ADMINISTRATOR}),
            show_council=bool(roles & {Role.COUNCIL_SECRETARY, Role.COUNCIL_MEMBER}),
            show_admin=user.is_superuser or Role.ADMINISTRATOR in roles,
            heartbeat=Heartbeat.objects.filter(name="beat").first(),
        )
        if context["show_school"]:
            context["my_deadlines"] = deadline_calendar.upcoming_deadlines(user=user)
            context["my_registrations"] = selectors.school_registrations(user=user)
        if context["show_office"]:
            context["awaiting_review"] = selectors.registrations_awaiting_review(user=user)
        return context


class UnitList(PermissionRequired, ListView):
    permission_required = "emulation.view_unit_list"
    template_name = "emulation/unit_list.html"
    context_object_name = "units"

    def get_queryset(self):
        return selectors.unit_tree(user=self.request.user)


class UnitDetail(PermissionRequired, CachedObjectMixin, DetailView):
    permission_required = "emulation.view_unit"
    template_name = "emulation/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        return selectors.units_visible_to(self.request.user).select_related("parent")

    def get_context_data(self, **kwargs):
        unit = self.object
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context.update(
            children=selectors.unit_tree(user=user).filter(parent=unit),
            staff=selectors.unit_staff(unit=unit).select_related("unit")[:200],
            memberships=selectors.unit_memberships(unit=unit),
            can_manage_accounts=user.has_perm("emulation.manage_accounts_unit", unit),
            can_manage_staff=user.has_perm("emulation.manage_staff_unit", unit),
            account_form=AccountCreateForm(unit=unit),
        )
        return context


class UnitAccountCreate(PermissionRequired, CachedObjectMixin, FormView):
    permission_required = "emulation.manage_accounts_unit"
    template_name = "emulation/unit_account_form.html"
    form_class = AccountCreateForm

    def get_permission_object(self):
        if not hasattr(self, "unit"):
            self.unit = get_object_or_404(selectors.units_visible_to(self.request.user), pk=self.kwargs["pk"])
        return self.unit

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.unit}

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.unit, **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        data = form.cleaned_data
        user = services.create_account(
            unit=self.unit, role=data["role"], username=data["username"], password=data["password"],
            full_name=data["full_name"], email=data["email"], person=data["person"], by=self.request.user,
        )  # fmt: skip
        messages.success(self.request, _("Account %(username)s was created.") % {"username": user.username})
        return redirect("emulation:unit-detail", pk=self.unit.pk)


class PersonList(PermissionRequired, ListView):
    permission_required = "emulation.view_staff_list"
    template_name = "emulation/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            units = selectors.units_visible_to(self.request.user).order_by("path")
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
        return selectors.staff_list(user=self.request.user, **self.get_filters())

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
        units = selectors.units_visible_to(self.request.user).order_by("path")
        allowed = [u.pk for u in units if self.request.user.has_perm("emulation.manage_staff_unit", u)]
        return {**super().get_form_kwargs(), "units": units.filter(pk__in=allowed)}


class PersonCreate(PermissionRequired, PersonFormMixin, FormView):
    permission_required = "emulation.edit_staff"

    @transaction.atomic
    def form_valid(self, form):
        person = services.create_person(by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("%(name)s was added.") % {"name": person.full_name})
        return redirect("emulation:person-list")


class PersonUpdate(PermissionRequired, CachedObjectMixin, PersonFormMixin, FormView):
    permission_required = "emulation.change_person"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(
                selectors.people_visible_to(self.request.user).select_related("unit"), pk=self.kwargs["pk"]
            )
        return self._object

    def get_permission_object(self):
        return self.get_object()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["initial"] = {name: getattr(self.get_object(), name) for name in services.PERSON_FIELDS}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.get_object(), **kwargs)

    @transaction.atomic
    def form_valid(self, form):
        person = services.update_person(person=self.get_object(), by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("%(name)s was saved.") % {"name": person.full_name})
        return redirect("emulation:person-list")


class PersonSetActive(PermissionRequired, View):
    """POST only: deactivate (or reactivate) a staff member; nothing is deleted."""

    permission_required = "emulation.change_person"
    http_method_names = ["post"]

    def get_permission_object(self):
        if not hasattr(self, "person"):
            self.person = get_object_or_404(selectors.people_visible_to(self.request.user), pk=self.kwargs["pk"])
        return self.person

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        active = request.POST.get("active") == "1"
        services.set_person_active(person=self.person, active=active, by=request.user)
        if active:
            messages.success(request, _("%(name)s is active again.") % {"name": self.person.full_name})
        else:
            messages.success(request, _("%(name)s was deactivated.") % {"name": self.person.full_name})
        return redirect(request.POST.get("next") or reverse("emulation:person-list"))


class StaffExport(PermissionRequired, View):
    """The staff list, with the list page's filters (all pages), as an .xlsx file."""

    permission_required = "emulation.view_staff_list"
    # The same filters as the list page, read from the same query string.
    get_filter_form = PersonList.get_filter_form
    get_filters = PersonList.get_filters

    def get(self, request, *args, **kwargs):
        people = selectors.staff_list(user=request.user, **self.get_filters())
        return write_only_response(
            filename=exports.staff_export_filename(),
            title=gettext("Staff list"),
            header=exports.staff_export_header(),
            rows=exports.staff_export_rows(people),
            widths=exports.STAFF_EXPORT_WIDTHS,
        )


class StaffImportTemplate(PermissionRequired, View):
    """An empty staff workbook with Vietnamese headers, an example row and validation."""

    permission_required = "emulation.edit_staff"

    def get(self, request, *args, **kwargs):
        workbook = imports.staff_template_workbook(user=request.user)
        return workbook_response(workbook, filename=gettext("staff-template") + ".xlsx")


class PendingImportMixin(PermissionRequired):
    """The workbook this user uploaded and has neither committed nor cancelled, kept under VAR_DIR/imports/."""

    permission_required = "emulation.edit_staff"
    session_key = "staff_import"

    def pending(self) -> dict | None:
        data = self.request.session.get(self.session_key)
        if not data or data.get("user") != self.request.user.pk:
            return None
        try:
            path = imports.upload_path(data.get("token", ""))
        except ValueError:
            return None
        return {**data, "path": path} if path.exists() else None

    def remember(self, *, token: str, name: str) -> None:
        self.forget()
        self.request.session[self.session_key] = {"token": token, "name": name, "user": self.request.user.pk}

    def forget(self) -> None:
        data = self.request.session.pop(self.session_key, None)
        if data:
            imports.discard_upload(data.get("token", ""))

    def no_pending(self):
        messages.info(self.request, _("No workbook is waiting: upload one."))
        return redirect("emulation:staff-import")


class StaffImport(PendingImportMixin, FormView):
    """Upload a staff workbook; its rows are checked on the preview page and written only on commit."""

    template_name = "emulation/staff_import.html"
    form_class = WorkbookUploadForm

    def post(self, request, *args, **kwargs):
        # Refuse a body far over the limit before Django reads it.
        limit = settings.EXCEL_UPLOAD_MAX_BYTES
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > limit + 64 * 1024:
            size = number_format(length / 1024 / 1024, decimal_pos=1)
            message = _("The file is too large (%(size)s MB); the limit is %(limit)s MB.") % {
                "size": size,
                "limit": number_format(limit / 1024 / 1024, decimal_pos=1),
            }
            return self.render_to_response(self.get_context_data(form=self.form_class(), upload_error=message))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(pending=self.pending(), **kwargs)

    def form_valid(self, form):
        uploaded = form.cleaned_data["file"]
        self.remember(token=imports.store_upload(uploaded), name=uploaded.name)
        return redirect("emulation:staff-import-preview")


class StaffImportPreview(PendingImportMixin, TemplateView):
    """Every problem of the uploaded workbook by row and column, and the rows that would be imported."""

    template_name = "emulation/staff_import_preview.html"
    shown_rows = 200

    def get(self, request, *args, **kwargs):
        self.upload = self.pending()
        if self.upload is None:
            return self.no_pending()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        result = imports.read_staff_workbook(self.upload["path"], user=self.request.user)
        valid = result.valid_rows
        return super().get_context_data(
            upload=self.upload,
            result=result,
            problems=result.problems,
            valid_count=len(valid),
            problem_row_count=len(result.problem_rows),
            rows=[_preview_row(row) for row in valid[: self.shown_rows]],
            hidden_count=max(0, len(valid) - self.shown_rows),
            **kwargs,
        )


def _preview_row(row) -> dict:
    values = row.values
    return {
        **values,
        "number": row.number,
        "sex": Sex(values["sex"]).label,
        "category": StaffCategory(values["category"]).label,
    }


class StaffImportProblems(PendingImportMixin, View):
    """The rows with problems, as written, plus a column saying what to fix: fix them and upload that file."""

    def get(self, request, *args, **kwargs):
        upload = self.pending()
        if upload is None:
            return self.no_pending()
        result = imports.read_staff_workbook(upload["path"], user=request.user)
        return workbook_response(imports.problem_rows_workbook(result), filename=gettext("staff-rows-to-fix") + ".xlsx")


class StaffImportCommit(PendingImportMixin, View):
    """Check the workbook again and write its valid rows in one transaction; rows with problems are skipped."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        upload = self.pending()
        if upload is None:
            return self.no_pending()
        try:
            expected = int(request.POST.get("expected", ""))
        except ValueError:
            expected = None
        try:
            result = imports.commit_staff_import(source=upload["path"], user=request.user, expected_rows=expected)
        except imports.ImportConflict:
            messages.warning(
                request,
                _(
                    "The staff list or your units changed since the preview; nothing was saved. Check the preview again."
                ),
            )
            return redirect("emulation:staff-import-preview")
        if not result.created:
            messages.warning(request, _("No row can be imported; nothing was saved."))
            return redirect("emulation:staff-import-preview")
        self.forget()
        skipped = len(result.problem_rows)
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
        self.forget()
        messages.info(request, _("The import was cancelled; nothing was saved."))
        return redirect("emulation:staff-import")


# --- Documents prepared in the background -----------------------------------------------------------------


class DocumentJobMixin:
    """A document job is seen only by the user who asked for it, and only while they may see its object."""

    def get_job(self) -> DocumentJob:
        if not hasattr(self, "_job"):
            job = get_object_or_404(DocumentJob, pk=self.kwargs["pk"], requested_by=self.request.user)
            try:
                renderer = jobs.renderer_for(job.kind)
            except KeyError:
                raise Http404 from None
            if not renderer.can_view(self.request.user, job.object_id):
                raise Http404
            self._job = job
        return self._job


class DocumentJobStatus(DocumentJobMixin, TemplateView):
    """The job's progress; htmx polls the partial until the file is ready."""

    template_name = "emulation/document_job.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["emulation/includes/document_job.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.get_job(), **kwargs)


class DocumentJobDownload(DocumentJobMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.get_job()
        if job.status != JobStatus.DONE or not job.file:
            raise Http404
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


# --- Deadlines of the user's units: month calendar and iCal feed --------------------------------


class DeadlineCalendar(PermissionRequired, TemplateView):
    """A month of the user's units' deadlines, Monday first, with a plain list below for phones."""

    permission_required = "emulation.use_site"
    template_name = "emulation/calendar.html"

    def get_units(self) -> list:
        ids = deadline_calendar.own_unit_ids(self.request.user)
        units = list(Unit.objects.filter(pk__in=ids, is_active=True).order_by("path"))
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
        first = deadline_calendar.parse_month(self.request.GET.get("month"), today=today)
        weeks = deadline_calendar.month_weeks(first)
        units = self.get_units()
        entries = deadline_calendar.deadline_entries(
            unit_ids=[unit.pk for unit in units], start=weeks[0][0], end=weeks[-1][-1], at=now, windows=True
        )
        last = deadline_calendar.shift_month(first, 1) - dt.timedelta(days=1)
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
            weeks=deadline_calendar.month_grid(first=first, today=today, entries=entries),
            month_entries=[e for e in entries if (e.opens_on or e.last_day) <= last and e.last_day >= first],
            previous_month=f"{deadline_calendar.shift_month(first, -1):%Y-%m}{unit_query}",
            next_month=f"{deadline_calendar.shift_month(first, 1):%Y-%m}{unit_query}",
            this_month=f"{today:%Y-%m}{unit_query}",
            units=units,
            show_unit=len(units) > 1,
            feeds=feeds,
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
            body = deadline_calendar.unit_feed(unit=unit, domain=domain)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="deadlines-{unit.pk}.ics"'
        response["Cache-Control"] = "private, max-age=900"
        return response


class CalendarFeedReset(PermissionRequired, View):
    """POST only: a new secret address for the unit's feed; the old one then answers 404."""

    http_method_names = ["post"]

    def get_permission_object(self):
        if not hasattr(self, "unit"):
            self.unit = get_object_or_404(selectors.units_visible_to(self.request.user), pk=self.kwargs["pk"])
        return self.unit

    def has_permission(self) -> bool:
        return self.request.user.has_perm("emulation.reset_calendar_feed_unit", self.get_permission_object())

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        deadline_calendar.reset_calendar_token(unit=self.unit, by=request.user)
        messages.success(
            request,
            _("The calendar link of %(unit)s was reset. Calendars subscribed to the old link stop updating.")
            % {"unit": self.unit.name},
        )
        return redirect(reverse("emulation:deadline-calendar") + f"?unit={self.unit.pk}")


# --- Notifications: the bell's list --------------------------------------------------------------


class NotificationList(ListView):
    """The user's own notifications, newest first; any logged-in user has this page."""

    template_name = "emulation/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user).order_by("-created_at", "-pk")


class NotificationOpen(View):
    """Mark one of the user's notifications read and follow its link (same-site paths only)."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        notification = get_object_or_404(Notification, pk=kwargs["pk"], recipient=request.user)
        if notification.read_at is None:
            services.mark_notifications_read(user=request.user, ids=[notification.pk])
        url = notification.url
        if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
            return redirect(url)
        return redirect("emulation:notification-list")


class NotificationReadAll(View):
    """POST only: mark every unread notification of the user read."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        count = services.mark_notifications_read(user=request.user)
        messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
        return redirect("emulation:notification-list")
