"""Reading a plan's timeline: paste or upload, check the preview, then confirm (or cancel)."""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View

from emulation.views.mixins import PermissionRequired
from schedules import services
from schedules.selectors.plans import timeline_basis, timeline_preview

from ..forms import TimelineImportForm
from .plans import PlanObjectMixin

TIMELINE_SESSION_KEY = "timeline_imports"


class PendingTimelineMixin(PlanObjectMixin, PermissionRequired):
    """A timeline this user read for this plan and has neither confirmed nor cancelled, named by the token in the URL.

    The session keeps the drafted milestones (never the uploaded file), so the confirmation writes
    exactly what the preview showed.
    """

    permission_required = "schedules.change_plan"

    def pending(self) -> dict | None:
        data = self.request.session.get(TIMELINE_SESSION_KEY, {}).get(self.kwargs["token"])
        if not data or data.get("user") != self.request.user.pk or data.get("plan") != self.get_plan().pk:
            return None
        return {**data, "drafts": [services.MilestoneDraft.from_dict(draft) for draft in data["drafts"]]}

    def forget(self) -> None:
        pending = self.request.session.get(TIMELINE_SESSION_KEY, {})
        if pending.pop(self.kwargs["token"], None) is not None:
            self.request.session[TIMELINE_SESSION_KEY] = pending

    def nothing_pending(self):
        messages.info(
            self.request,
            _("No timeline is waiting to be imported: it was imported or cancelled already. Paste it again if needed."),
        )
        return redirect("schedules:plan-detail", pk=self.get_plan().pk)


class TimelineImport(PlanObjectMixin, PermissionRequired, FormView):
    """Paste the appendix table (or upload it as Excel); the milestones it gives are shown before anything is saved."""

    permission_required = "schedules.change_plan"
    template_name = "schedules/timeline_import.html"
    form_class = TimelineImportForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.get_plan(), **kwargs)

    def form_valid(self, form):
        plan = self.get_plan()
        upload = form.cleaned_data["file"]
        replace = form.cleaned_data["replace"]
        try:
            rows = services.read_timeline(plan=plan, text=form.cleaned_data["text"], file=upload)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        drafts = services.draft_timeline(plan=plan, rows=rows, replace=replace)
        token = secrets.token_urlsafe(16)
        pending = self.request.session.get(TIMELINE_SESSION_KEY, {})
        for old in list(pending)[:-2]:  # keep the last few readings only
            pending.pop(old)
        pending[token] = {
            "user": self.request.user.pk,
            "plan": plan.pk,
            "replace": replace,
            "name": upload.name if upload else "",
            "basis": timeline_basis(plan),
            "drafts": [draft.as_dict() for draft in drafts],
        }
        self.request.session[TIMELINE_SESSION_KEY] = pending
        return redirect("schedules:timeline-import-preview", pk=plan.pk, token=token)


class TimelineImportPreview(PendingTimelineMixin, TemplateView):
    """What the import will create, change and remove, with every flag; nothing is saved yet."""

    template_name = "schedules/timeline_import_preview.html"

    def get(self, request, *args, **kwargs):
        self.upload = self.pending()
        if self.upload is None:
            return self.nothing_pending()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        plan, upload = self.get_plan(), self.upload
        drafts = upload["drafts"]
        return super().get_context_data(
            plan=plan,
            upload=upload,
            preview=timeline_preview(plan=plan, drafts=drafts, replace=upload["replace"]),
            flagged_count=sum(1 for draft in drafts if draft.needs_attention),
            stale=timeline_basis(plan) != upload["basis"],
            **kwargs,
        )


class TimelineImportConfirm(PendingTimelineMixin, View):
    """Write exactly the previewed milestones, once: a second confirmation finds nothing waiting."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        upload = self.pending()
        if upload is None:
            return self.nothing_pending()
        try:
            milestones = services.write_timeline(
                plan=self.get_plan(),
                by=request.user,
                drafts=upload["drafts"],
                replace=upload["replace"],
                basis=upload["basis"],
            )
        except services.TimelineChanged as error:
            self.forget()
            if error.code == "already_imported":
                return self.nothing_pending()
            messages.warning(request, " ".join(error.messages) + " " + gettext("Paste or upload the timeline again."))
            return redirect("schedules:timeline-import", pk=self.get_plan().pk)
        self.forget()
        flagged = sum(1 for milestone in milestones if milestone.needs_attention)
        if flagged:
            messages.warning(
                request,
                _("%(count)s milestones were read; %(flagged)s need your attention (highlighted below).")
                % {"count": len(milestones), "flagged": flagged},
            )
        else:
            messages.success(request, _("%(count)s milestones were read.") % {"count": len(milestones)})
        return redirect("schedules:plan-detail", pk=self.get_plan().pk)


class TimelineImportCancel(PendingTimelineMixin, View):
    """Forget the reading; nothing was saved."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.forget()
        messages.info(request, _("The import was cancelled; nothing was saved."))
        return redirect("schedules:plan-detail", pk=self.get_plan().pk)
