"""The recognition decision: drafted from a council's ticked initiatives, its outcomes and wording, issued, printed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from emulation.documents.jobs import start_document_job
from emulation.views.mixins import PermissionRequired
from initiatives.forms.decisions import DecisionTextForm, EntriesForm, IssueForm
from initiatives.forms.evaluation import SelectionForm
from initiatives.models import Assignment, RecognitionDecision
from initiatives.services.decisions import (
    create_decision,
    decision_problems,
    delete_decision,
    issue_decision,
    set_entries,
    update_decision,
)
from initiatives.services.evaluation import compute_result, ensure_scoring_form
from initiatives.views.evaluation import CouncilMixin


class DecisionCreate(CouncilMixin, PermissionRequired, View):
    """POST: a draft decision on the ticked initiatives of the council, or on all that pass (``all_passing``)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        council = self.get_council()
        open_assignments = Assignment.objects.filter(council=council, is_closed=False).select_related("initiative")
        if request.POST.get("all_passing") == "1":
            initiatives = [a.initiative for a in open_assignments.filter(passes=True)]
        else:
            form = SelectionForm(request.POST)
            ids = set(form.cleaned_data["ids"]) if form.is_valid() else set()
            initiatives = [a.initiative for a in open_assignments.filter(initiative_id__in=ids)]
        try:
            decision = create_decision(council=council, initiatives=initiatives, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.council_url())
        messages.success(request, _("A draft decision was made: check each outcome and its wording, then issue it."))
        return redirect("initiatives:decision-detail", pk=decision.pk)


class DecisionObjectMixin:
    def get_decision(self) -> RecognitionDecision:
        if not hasattr(self, "_decision"):
            self._decision = get_object_or_404(
                RecognitionDecision.objects.select_related("council__unit", "council__period", "issued_number"),
                pk=self.kwargs["pk"],
            )
        return self._decision

    def get_permission_object(self):
        return self.get_decision()


class DecisionDetail(DecisionObjectMixin, PermissionRequired, TemplateView):
    """A decision: its entries (outcome, scope, reasons, the council's result), its wording; while a draft, what
    keeps it from being issued, with the results computed just now."""

    permission_required = "initiatives.view_recognitiondecision"
    template_name = "initiatives/decision_detail.html"

    def entries(self):
        return list(
            self.get_decision().entries.select_related("initiative__unit", "initiative__field", "assignment__council")
            .order_by("order", "pk")
        )  # fmt: skip

    def get_context_data(self, **kwargs):
        decision = self.get_decision()
        entries = kwargs.pop("entries", None) or self.entries()
        can_edit = self.request.user.has_perm("initiatives.change_recognitiondecision", decision)
        context = {"decision": decision, "entries": entries, "can_edit": can_edit}
        if can_edit:
            form = ensure_scoring_form(council=decision.council)
            for entry in entries:
                result = compute_result(assignment=entry.assignment, form=form)
                entry.score, entry.votes_for, entry.vote_base_count = result.score, result.votes_for, result.base_count
                entry.passes = result.passes
            context.update(
                entries_form=kwargs.pop("entries_form", None) or EntriesForm(entries=entries),
                text_form=kwargs.pop("text_form", None) or DecisionTextForm(instance=decision),
                issue_form=IssueForm(),
                problems=decision_problems(decision=decision, entries=entries),
            )
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        decision = self.get_decision()
        if not request.user.has_perm("initiatives.change_recognitiondecision", decision):
            raise Http404
        entries = self.entries()
        if request.POST.get("action") == "text":
            form = DecisionTextForm(request.POST, instance=RecognitionDecision.objects.get(pk=decision.pk))
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(text_form=form, entries=entries))
            try:
                update_decision(decision=decision, by=request.user,
                                **{name: form.cleaned_data[name] for name in form.Meta.fields})  # fmt: skip
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The wording was saved."))
            return redirect("initiatives:decision-detail", pk=decision.pk)
        form = EntriesForm(request.POST, entries=entries)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(entries_form=form, entries=entries))
        try:
            set_entries(decision=decision, by=request.user, choices=form.choices())
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The outcomes were saved."))
        return redirect("initiatives:decision-detail", pk=decision.pk)


class DecisionIssue(DecisionObjectMixin, PermissionRequired, View):
    """POST: number and issue the decision; refused with the reasons, and nothing written, when it cannot go."""

    permission_required = "initiatives.issue_recognitiondecision"
    http_method_names = ["post"]

    def has_permission(self) -> bool:
        # The same people whatever the state, so that a second click gets the service's message, not a 404.
        decision = self.get_decision()
        return self.request.user.has_perm(
            "initiatives.view_recognitiondecision", decision
        ) and self.request.user.has_perm("initiatives.manage_evaluation", decision.council)

    def post(self, request, *args, **kwargs):
        decision = self.get_decision()
        form = IssueForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the date of the decision as dd/mm/yyyy."))
            return redirect("initiatives:decision-detail", pk=decision.pk)
        try:
            issue_decision(decision=decision, by=request.user, issued_on=form.cleaned_data["issued_on"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Decision %(symbol)s was issued.") % {"symbol": decision.symbol})
        return redirect("initiatives:decision-detail", pk=decision.pk)


class DecisionPdf(DecisionObjectMixin, PermissionRequired, View):
    """POST: render the decision with its annex in the background, then watch its progress."""

    permission_required = "initiatives.view_recognitiondecision"
    http_method_names = ["post"]

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        job = start_document_job(kind="initiative_decision", object_id=self.get_decision().pk, by=request.user)
        return redirect("emulation:document-job", pk=job.pk)


class DecisionDelete(DecisionObjectMixin, PermissionRequired, View):
    """POST: throw a draft away (its initiatives stay under evaluation)."""

    permission_required = "initiatives.change_recognitiondecision"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        decision = self.get_decision()
        try:
            delete_decision(decision=decision, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("initiatives:decision-detail", pk=decision.pk)
        messages.success(request, _("The draft decision was deleted."))
        return redirect("initiatives:evaluation-council", pk=decision.council_id)
