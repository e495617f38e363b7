"""The completion matrix of a plan, its Excel export, extensions asked for and granted from a cell, and manual
confirmations."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from emulation.dates import short_date
from emulation.enums import DeadlineStanding, SchoolLevel
from emulation.forms.deadlines import ExtensionRequestForm
from emulation.forms.widgets import DateInput
from emulation.selectors.deadlines import open_extension_request
from emulation.services.deadlines import confirm_done, grant_extension
from emulation.views.mixins import PermissionRequired
from schedules.selectors.completion import (
    completion_cell,
    completion_matrix,
    find_target,
    issued_plans_of,
    plan_blocks,
)
from schedules.workbooks import matrix_xlsx

from ..rules import can_confirm_target, can_extend_target, can_request_extension

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ROWS_PER_PAGE = 100
# Extension → how the file's first bytes look. Office files are ZIP (docx, xlsx) or OLE (doc, xls) containers.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
ZIP_MEMBER = {"docx": "word/", "xlsx": "xl/"}


class CompletionFilterForm(forms.Form):
    plan = forms.TypedChoiceField(label=gettext_lazy("Plan"), coerce=int, required=False)
    block = forms.TypedChoiceField(label=gettext_lazy("Emulation block"), coerce=int, required=False)
    level = forms.ChoiceField(label=gettext_lazy("School level"), required=False)

    def __init__(self, *args, plans, blocks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(p.pk, f"{p.symbol} – {p.title[:70]}") for p in plans]
        self.fields["block"].choices = [("", _("All blocks"))] + [(b.pk, b.name) for b in blocks]
        self.fields["level"].choices = [("", _("All levels"))] + list(SchoolLevel.choices)
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-select form-select-sm", "data-autosubmit": ""})


class ExtensionForm(forms.Form):
    last_day = forms.DateField(
        label=gettext_lazy("New last day"), widget=DateInput(attrs={"class": "form-control form-control-sm"})
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )


class ConfirmForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)
    file = forms.FileField(
        label=gettext_lazy("File (optional)"),
        required=False,
        help_text=gettext_lazy("PDF, Word, Excel, JPG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("“%(name)s” is %(size)s MB; the limit is 10 MB.")
                % {"name": upload.name, "size": f"{upload.size / 1024 / 1024:.1f}"}
            )
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in SIGNATURES:
            raise ValidationError(
                _("“%(name)s”: only PDF, Word (doc, docx), Excel (xls, xlsx), JPG and PNG files are accepted.")
                % {"name": upload.name}
            )
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if not head.startswith(SIGNATURES[extension]) or not _zip_holds(upload, ZIP_MEMBER.get(extension)):
            raise ValidationError(
                _("“%(name)s” is not really a %(kind)s file: its content does not match its name.")
                % {"name": upload.name, "kind": extension.upper()}
            )
        return upload


def _zip_holds(upload, prefix: str | None) -> bool:
    """A .docx/.xlsx is a ZIP holding word/ or xl/; anything else passes."""
    if prefix is None:
        return True
    import zipfile

    try:
        with zipfile.ZipFile(upload) as archive:
            return any(name.startswith(prefix) for name in archive.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def cell_context() -> dict:
    """What every cell needs, computed once per page: links are built from one reversed prefix."""
    return {
        "cell_base": reverse("schedules:completion-matrix"),
        "extend_label": _("Extend"),
        "confirm_label": _("Mark done"),
        "file_label": _("File"),
        "request_label": _("Asked for more time"),
    }


class CompletionMixin:
    """The plan (the user's offices' issued plans, the latest by default) and the filters from GET."""

    def get_plans(self):
        if not hasattr(self, "_plans"):
            self._plans = list(issued_plans_of(self.request.user))
        return self._plans

    def get_plan(self):
        plans = self.get_plans()
        wanted = self.request.GET.get("plan")
        if not wanted:
            return plans[0] if plans else None
        for plan in plans:
            if str(plan.pk) == wanted:
                return plan
        raise Http404

    def get_filters(self):
        plan = self.get_plan()
        blocks = plan_blocks(plan) if plan else []
        form = CompletionFilterForm(self.request.GET or None, plans=self.get_plans(), blocks=blocks)
        if plan:
            form.initial["plan"] = plan.pk
        data = form.cleaned_data if form.is_valid() else {}
        block = next((b for b in blocks if b.pk == data.get("block")), None)
        return plan, blocks, form, block, data.get("level", "")

    def filters_text(self, block, level) -> str:
        parts = []
        if block:
            parts.append(_("Block: %(name)s") % {"name": block.name})
        if level:
            parts.append(_("Level: %(level)s") % {"level": SchoolLevel(level).label})
        return "; ".join(parts)


class CompletionMatrix(CompletionMixin, PermissionRequired, TemplateView):
    """Milestones × units of one issued plan: done, late, overdue, extended or open.

    Queries: 15 a page, however many units and milestones (session and user included).
    """

    permission_required = "schedules.view_completion"
    template_name = "schedules/completion_matrix.html"

    def get_context_data(self, **kwargs):
        plan, blocks, form, block, level = self.get_filters()
        matrix = completion_matrix(plan=plan, block=block, level=level, blocks=blocks) if plan else None
        params = self.request.GET.copy()
        params.pop("page", None)
        if plan:
            params["plan"] = plan.pk
        page = Paginator(matrix.rows if matrix else [], ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            plan=plan,
            matrix=matrix,
            page_obj=page,
            querystring=params.urlencode(),
            form=form,
            filters_text=self.filters_text(block, level),
            **cell_context(),
            legend=list(DeadlineStanding),
            **kwargs,
        )


class CompletionExport(CompletionMixin, PermissionRequired, View):
    """The matrix, with the page's filters, as an .xlsx file."""

    permission_required = "schedules.view_completion"

    def get(self, request, *args, **kwargs):
        plan, blocks, _form, block, level = self.get_filters()
        if plan is None:
            raise Http404
        matrix = completion_matrix(plan=plan, block=block, level=level, blocks=blocks)
        content = matrix_xlsx(matrix, filters_text=self.filters_text(block, level))
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = f"tien-do-{plan.symbol or plan.pk}".replace("/", "-")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response


class CellMixin:
    """A cell of the matrix: an active milestone deadline and a unit it concerns, else 404."""

    manual_only = False
    predicate = can_extend_target

    def get_target(self):
        if not hasattr(self, "_target"):
            self._target = find_target(
                deadline_id=self.kwargs["deadline"], unit_id=self.kwargs["unit"], manual_only=self.manual_only
            )
            if self._target is None:
                raise Http404
        return self._target

    def has_permission(self) -> bool:
        return self.predicate.test(self.request.user, self.get_target())

    def is_htmx(self) -> bool:
        return self.request.headers.get("HX-Request") == "true"

    def matrix_url(self) -> str:
        target = self.get_target()
        plan_id = target.deadline.milestone.plan_id
        return f"{reverse('schedules:completion-matrix')}?plan={plan_id}#c{target.deadline.pk}-{target.unit.pk}"

    def next_url(self) -> str:
        wanted = self.request.POST.get("next") or self.request.GET.get("next")
        if wanted and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return wanted
        return self.matrix_url()

    def cell_context(self) -> dict:
        target = self.get_target()
        return {"cell": completion_cell(target=target), **cell_context()}

    def target_context(self) -> dict:
        """The cell's deadline and unit, with the milestone and plan it belongs to, for the pages about it."""
        target = self.get_target()
        return {"target": target, "milestone": target.deadline.milestone, "plan": target.deadline.milestone.plan}


class CompletionCell(CellMixin, PermissionRequired, TemplateView):
    """One cell of the matrix, for htmx to put back after an action or a cancel."""

    template_name = "schedules/includes/completion_cell.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.cell_context(), **kwargs)


class ExtensionGrant(CellMixin, PermissionRequired, FormView):
    """Give one unit more time for one milestone: a small form in the cell, or a page without JavaScript."""

    form_class = ExtensionForm

    def get_template_names(self):
        if self.is_htmx():
            return ["schedules/includes/completion_extend_form.html"]
        return ["schedules/completion_extend.html"]

    def get_form_kwargs(self):
        target = self.get_target()
        return {**super().get_form_kwargs(), "auto_id": f"c{target.deadline.pk}-{target.unit.pk}-%s"}

    def open_request(self):
        if not hasattr(self, "_open_request"):
            target = self.get_target()
            self._open_request = open_extension_request(deadline=target.deadline, unit=target.unit)
        return self._open_request

    def get_initial(self):
        extension = self.get_target().deadline.extensions.filter(unit=self.get_target().unit).first()
        if extension:
            return {"last_day": extension.last_day, "reason": extension.reason}
        if self.open_request():
            return {"reason": self.open_request().reason}
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **self.target_context(),
            original_last_day=self.get_target().deadline.last_day,
            open_request=self.open_request(),
            next=self.next_url(),
            **kwargs,
        )

    def form_valid(self, form):
        target = self.get_target()
        try:
            grant_extension(
                deadline=target.deadline,
                unit=target.unit,
                last_day=form.cleaned_data["last_day"],
                reason=form.cleaned_data["reason"],
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if self.is_htmx():
            return self.response_class(
                request=self.request,
                template=["schedules/includes/completion_cell.html"],
                context=self.cell_context(),
            )
        messages.success(
            self.request,
            _("%(unit)s now has until %(day)s for milestone %(order)s.")
            % {
                "unit": target.unit.name,
                "day": short_date(form.cleaned_data["last_day"]),
                "order": target.deadline.milestone.order,
            },
        )
        return redirect(self.next_url())


class ExtensionRequestCreate(CellMixin, PermissionRequired, FormView):
    """A school asks the office for more time for one milestone, with a short reason: from its registration page,
    or on this page. A second click finds the request already sent; granting the extension answers it."""

    predicate = can_request_extension
    form_class = ExtensionRequestForm
    template_name = "schedules/completion_request.html"

    def next_url(self) -> str:
        if not (self.request.POST.get("next") or self.request.GET.get("next")):
            return reverse("emulation:dashboard")
        return super().next_url()

    def get_context_data(self, **kwargs):
        target = self.get_target()
        return super().get_context_data(
            **self.target_context(),
            **self.cell_context(),
            open_request=open_extension_request(deadline=target.deadline, unit=target.unit),
            next=self.next_url(),
            **kwargs,
        )

    def form_valid(self, form):
        target = self.get_target()
        answer_at = reverse("schedules:completion-extend", args=[target.deadline.pk, target.unit.pk])
        try:
            request, created = form.save(
                deadline=target.deadline, unit=target.unit, by=self.request.user, url=answer_at
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if created:
            messages.success(self.request, _("Your request was sent to the office. You will be told when it answers."))
        else:
            messages.info(
                self.request,
                _("Your unit asked for more time on %(day)s; the office has not answered yet.")
                % {"day": short_date(request.requested_at)},
            )
        return redirect(self.next_url())


class CompletionConfirm(CellMixin, PermissionRequired, FormView):
    """A school confirms a manual milestone is done (the office may do it on the school's behalf)."""

    manual_only = True
    predicate = can_confirm_target
    form_class = ConfirmForm
    template_name = "schedules/completion_confirm.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **self.target_context(),
            next=self.request.GET.get("next", ""),
            back=self.next_url(),
            for_office=can_extend_target.test(self.request.user, self.get_target()),
            **self.cell_context(),
            **kwargs,
        )

    def next_url(self) -> str:
        if not can_extend_target.test(self.request.user, self.get_target()) and not (
            self.request.POST.get("next") or self.request.GET.get("next")
        ):
            return reverse("emulation:dashboard")
        return super().next_url()

    @transaction.atomic
    def form_valid(self, form):
        target = self.get_target()
        confirm_done(
            deadline=target.deadline,
            unit=target.unit,
            by=self.request.user,
            note=form.cleaned_data["note"].strip(),
            file=form.cleaned_data["file"],
        )
        messages.success(
            self.request,
            _("Milestone %(order)s is marked done for %(unit)s.")
            % {"order": target.deadline.milestone.order, "unit": target.unit.name},
        )
        return redirect(self.next_url())


class CompletionFile(CellMixin, PermissionRequired, View):
    """The file attached to a confirmation, for the school and its office only."""

    manual_only = True
    predicate = can_confirm_target

    def get(self, request, *args, **kwargs):
        target = self.get_target()
        completion = target.deadline.completions.filter(unit=target.unit).exclude(file="").first()
        if completion is None:
            raise Http404
        name = completion.file.name.rsplit("/", 1)[-1]
        return FileResponse(completion.file.open("rb"), as_attachment=True, filename=name)
