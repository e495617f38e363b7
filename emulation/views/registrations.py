"""The school's registration page: targets, lines (form and Excel round-trip), attachments, submission."""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, TemplateView, View

from emulation import imports, registration_imports
from emulation.forms.deadlines import ExtensionRequestForm
from emulation.forms.registrations import (
    ATTACHMENT_MAX_BYTES,
    AttachmentForm,
    CollectiveTargetForm,
    RegistrationLinesForm,
)
from emulation.selectors.deadlines import deadline_window, open_extension_request
from emulation.selectors.organisation import active_staff, schools_led_by
from emulation.selectors.registrations import (
    collective_awards,
    count_lines,
    individual_forms,
    individual_titles,
    registration_lines,
)
from emulation.services.registrations import (
    add_collective_target,
    attach_registration_file,
    get_or_start_registration,
    remove_collective_target,
    replace_lines,
    submit_registration,
)
from emulation.views.mixins import PermissionRequired

from ..enums import CSTDCS_CODE, REGISTRATION_AWAITING_REVIEW, DeadlineAction, RegistrationState
from ..excel import WorkbookUploadForm, workbook_response
from ..models import Period, Person, Registration

ATTACHMENTS = (
    ("plan", "plan_file", _("The school's emulation plan")),
    ("council", "council_decision_file", _("Decision forming the school's emulation council")),
)
ATTACHMENT_KINDS = {kind: (field_name, label) for kind, field_name, label in ATTACHMENTS}
IMPORT_SESSION_KEY = "registration_imports"


class RegistrationObjectMixin:
    def get_registration(self):
        if not hasattr(self, "_registration"):
            self._registration = get_object_or_404(
                Registration.objects.select_related("unit", "period"), pk=self.kwargs["pk"]
            )
        return self._registration

    def get_permission_object(self):
        return self.get_registration()

    def detail_url(self) -> str:
        return reverse("emulation:registration-detail", args=[self.get_registration().pk])


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _too_large(request, limit: int) -> str | None:
    """The message for a request body far over *limit*, refused before Django reads it."""
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length <= limit + 64 * 1024:
        return None
    return gettext("The file is too large (%(size)s MB); the limit is %(limit)s MB.") % {
        "size": number_format(length / 1024 / 1024, decimal_pos=1),
        "limit": number_format(limit / 1024 / 1024, decimal_pos=1),
    }


class RegistrationMine(View):
    """The registration of the principal's (or deputy's) school for the current period, started on first use."""

    def get(self, request, *args, **kwargs):
        unit = schools_led_by(request.user).first()
        period = Period.objects.current()
        if unit is None or period is None:
            raise Http404
        registration = get_or_start_registration(unit=unit, period=period, by=request.user)
        return redirect("emulation:registration-detail", pk=registration.pk)


class RegistrationDetail(RegistrationObjectMixin, PermissionRequired, DetailView):
    """The school's registration: its targets, every line, the attachments and the live count.

    Queries: 14 a page, however many rows it shows (session and user included).
    """

    permission_required = "emulation.view_registration"
    template_name = "emulation/registration_detail.html"
    context_object_name = "registration"

    def get_object(self, queryset=None):
        return self.get_registration()

    def get_context_data(self, **kwargs):
        registration = self.object
        user = self.request.user
        window = deadline_window(unit=registration.unit, period=registration.period, action=DeadlineAction.REGISTRATION)
        can_edit = user.has_perm("emulation.change_registration", registration)
        can_submit = user.has_perm("emulation.submit_registration", registration)
        # The school sees a closed window before it fills anything in: a banner, the form shut, a request for time.
        window_closed = can_edit and window is not None and not window.is_open and not window.not_yet_open
        titles = list(individual_titles())
        forms = list(individual_forms())
        lines = list(registration_lines(registration))
        targets = list(registration.targets.select_related("award"))
        context = super().get_context_data(**kwargs)
        context.update(
            can_edit=can_edit and not window_closed,
            can_submit=can_submit and not window_closed,
            is_returned=registration.state == RegistrationState.RETURNED,
            awaiting_review=registration.state in REGISTRATION_AWAITING_REVIEW,
            window=window,
            window_closed=window_closed,
            targets=targets,
            lines=lines,
            count=count_lines(lines, titles=titles, forms=forms),
            attachments=[
                {
                    "kind": kind,
                    "label": label,
                    "file": getattr(registration, field_name),
                    "name": PurePath(getattr(registration, field_name).name).name,
                    "form": AttachmentForm(auto_id=f"id_{kind}_%s") if can_edit and not window_closed else None,
                }
                for kind, field_name, label in ATTACHMENTS
            ],
            log=list(registration.log.select_related("by").order_by("-at", "-pk")),
            commented_lines=sum(1 for line in lines if line.review_comment),
        )
        if context["can_edit"]:
            context["target_form"] = CollectiveTargetForm(
                awards=collective_awards(), taken=[target.award_id for target in targets]
            )
        if window_closed:
            context["extension_request"] = open_extension_request(deadline=window.deadline, unit=registration.unit)
            context["request_form"] = ExtensionRequestForm()
        return context


class RegistrationEditMixin(RegistrationObjectMixin, PermissionRequired):
    permission_required = "emulation.change_registration"


class RegistrationTargetCreate(RegistrationEditMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        # Every collective award is a valid choice here: one already registered (a second click, another tab)
        # gets the service's message naming it, rather than "not one of the available choices".
        form = CollectiveTargetForm(request.POST, awards=collective_awards())
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(self.detail_url())
        try:
            target = add_collective_target(
                registration=registration, award=form.cleaned_data["award"],
                commitment=form.cleaned_data["commitment"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("“%(award)s” was added.") % {"award": target.award.name})
        return redirect(self.detail_url() + "#targets")


class RegistrationTargetDelete(RegistrationEditMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        target = get_object_or_404(self.get_registration().targets, pk=self.kwargs["target_pk"])
        try:
            remove_collective_target(target=target, by=request.user)
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("The collective target was removed."))
        return redirect(self.detail_url() + "#targets")


class RegistrationFileUpload(RegistrationEditMixin, View):
    """Attach or replace the school's plan or its council decision (PDF, Word, JPG, PNG; at most 10 MB)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if self.kwargs["kind"] not in ATTACHMENT_KINDS:
            raise Http404
        too_large = _too_large(request, ATTACHMENT_MAX_BYTES)
        if too_large:
            messages.error(request, too_large)
            return redirect(self.detail_url() + "#attachments")
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            for error in form.errors.get("file", []):
                messages.error(request, error)
            return redirect(self.detail_url() + "#attachments")
        try:
            attach_registration_file(
                registration=self.get_registration(), kind=self.kwargs["kind"],
                uploaded=form.cleaned_data["file"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            _error_messages(request, error)
        else:
            label = ATTACHMENT_KINDS[self.kwargs["kind"]][1]
            messages.success(request, _("%(document)s was attached.") % {"document": label})
        return redirect(self.detail_url() + "#attachments")


class RegistrationFileDownload(RegistrationObjectMixin, PermissionRequired, View):
    permission_required = "emulation.view_registration"

    def get(self, request, *args, **kwargs):
        if self.kwargs["kind"] not in ATTACHMENT_KINDS:
            raise Http404
        file = getattr(self.get_registration(), ATTACHMENT_KINDS[self.kwargs["kind"]][0])
        if not file:
            raise Http404
        try:
            handle = file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=PurePath(file.name).name)


class RegistrationSubmit(RegistrationObjectMixin, PermissionRequired, View):
    """Send the registration to the office: refused, with the reasons, when the window is closed, pieces are
    missing or it has been sent already (a second click, another tab)."""

    permission_required = "emulation.send_registration"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        try:
            submit_registration(registration=registration, by=request.user)
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("The registration was sent to the office."))
        return redirect(self.detail_url())


class RegistrationLinesUpdate(RegistrationEditMixin, FormView):
    """All lines at once: the school's active staff, one row each."""

    template_name = "emulation/registration_lines_form.html"
    form_class = RegistrationLinesForm

    def get_form_kwargs(self):
        registration = self.get_registration()
        if not hasattr(self, "_lines"):
            self._lines = list(registration_lines(registration))
            self._titles = list(individual_titles())
            self._forms = list(individual_forms())
            in_lines = registration.lines.values("person_id")
            # The school's active staff, and whoever left it but still has a line.
            self._people = list(active_staff(registration.unit) | Person.objects.filter(pk__in=in_lines))
        return {
            **super().get_form_kwargs(),
            "people": self._people,
            "titles": self._titles,
            "award_forms": self._forms,
            "lines": self._lines,
        }

    def post(self, request, *args, **kwargs):
        if "all_ldtt" in request.POST:
            # Without JavaScript the "LĐTT for all" button comes here: fill the blanks, show them, save nothing.
            kwargs = self.get_form_kwargs()
            data = kwargs.pop("data")
            kwargs.pop("files", None)
            form = self.form_class(data=self.form_class(**kwargs).filled_with_ldtt(data), **kwargs)
            messages.info(request, _("Every blank title is now LĐTT. Check the rows, then save."))
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            replace_lines(registration=self.get_registration(), lines=form.line_data(), by=self.request.user)
        except ValidationError as error:
            _error_messages(self.request, error)
            return redirect(self.detail_url())
        registered = sum(1 for line in form.line_data() if not line.is_blank)
        messages.success(
            self.request,
            _("The lines were saved: %(count)s people registered.") % {"count": registered},
        )
        return redirect(self.detail_url() + "#lines")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        titles = self._titles
        ldtt = form.ldtt
        context.update(
            registration=self.get_registration(),
            rows=form.rows(),
            count=count_lines(self._lines, titles=titles, forms=self._forms),
            ldtt=ldtt,
            needs_initiative=",".join(str(award.pk) for award in titles if award.needs_initiative),
            ldtt_like=",".join(
                str(award.pk) for award in titles if ldtt and (award.pk == ldtt.pk or award.requires_id == ldtt.pk)
            ),
            cstdcs=next((award.pk for award in titles if award.code == CSTDCS_CODE), ""),
        )
        return context


# --- the Excel round-trip ------------------------------------------------------------------------------------


class RegistrationWorkbook(RegistrationEditMixin, View):
    """The school's workbook: active staff with their current lines, and lists of titles and forms."""

    def get(self, request, *args, **kwargs):
        registration = self.get_registration()
        workbook = registration_imports.registration_workbook(registration=registration)
        filename = f"{gettext('registration')}-{registration.unit.symbol}-{registration.period.name}.xlsx"
        return workbook_response(workbook, filename=filename)


class PendingRegistrationImportMixin(RegistrationEditMixin):
    """An uploaded workbook of this user for this registration, named by the token in the URL."""

    def pending(self) -> dict:
        token = self.kwargs["token"]
        data = self.request.session.get(IMPORT_SESSION_KEY, {}).get(token)
        if (
            not data
            or data.get("user") != self.request.user.pk
            or data.get("registration") != self.get_registration().pk
        ):
            raise Http404
        try:
            path = imports.upload_path(token)
        except ValueError:
            raise Http404 from None
        if not path.exists():
            raise Http404
        return {**data, "token": token, "path": path}

    def forget(self, token: str) -> None:
        uploads = self.request.session.get(IMPORT_SESSION_KEY, {})
        if uploads.pop(token, None) is not None:
            self.request.session[IMPORT_SESSION_KEY] = uploads
        imports.discard_upload(token)


class RegistrationImport(RegistrationEditMixin, FormView):
    """Upload the filled workbook; it is checked on the preview page and saved only on commit."""

    template_name = "emulation/registration_import.html"
    form_class = WorkbookUploadForm

    def post(self, request, *args, **kwargs):
        from django.conf import settings

        too_large = _too_large(request, settings.EXCEL_UPLOAD_MAX_BYTES)
        if too_large:
            return self.render_to_response(self.get_context_data(form=self.form_class(), upload_error=too_large))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(registration=self.get_registration(), **kwargs)

    def form_valid(self, form):
        uploaded = form.cleaned_data["file"]
        token = imports.store_upload(uploaded)
        uploads = self.request.session.get(IMPORT_SESSION_KEY, {})
        # Keep the last few uploads only; older ones are forgotten (their files expire after a day).
        for old in list(uploads)[:-4]:
            uploads.pop(old, None)
            imports.discard_upload(old)
        uploads[token] = {
            "user": self.request.user.pk,
            "registration": self.get_registration().pk,
            "name": uploaded.name,
        }
        self.request.session[IMPORT_SESSION_KEY] = uploads
        return redirect("emulation:registration-import-preview", pk=self.get_registration().pk, token=token)


class RegistrationImportPreview(PendingRegistrationImportMixin, TemplateView):
    template_name = "emulation/registration_import_preview.html"
    shown_rows = 300

    def get_context_data(self, **kwargs):
        upload = self.pending()
        registration = self.get_registration()
        result = registration_imports.read_registration_workbook(upload["path"], registration=registration)
        lines = result.lines
        return super().get_context_data(
            registration=registration,
            upload=upload,
            result=result,
            problems=result.problems,
            lines=lines[: self.shown_rows],
            line_count=len(lines),
            hidden_count=max(0, len(lines) - self.shown_rows),
            current_count=registration.lines.count(),
            **kwargs,
        )


class RegistrationImportCommit(PendingRegistrationImportMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        upload = self.pending()
        try:
            result = registration_imports.commit_registration_import(
                source=upload["path"], registration=self.get_registration(), by=request.user
            )
        except ValidationError as error:
            _error_messages(request, error)
            return redirect(
                "emulation:registration-import-preview", pk=self.get_registration().pk, token=upload["token"]
            )
        self.forget(upload["token"])
        messages.success(
            request, _("The workbook was saved: %(count)s people registered.") % {"count": len(result.lines)}
        )
        return redirect(self.detail_url() + "#lines")


class RegistrationImportCancel(PendingRegistrationImportMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        upload = self.pending()
        self.forget(upload["token"])
        messages.info(request, _("The import was cancelled; nothing was saved."))
        return redirect(self.detail_url())
