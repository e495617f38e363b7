from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, View

from emulation.dates import short_date
from emulation.documents.jobs import start_document_job
from emulation.documents.layout import numbered_heading
from emulation.models import EmulationBlock, Unit
from emulation.views.mixins import CachedObjectMixin, PermissionRequired
from schedules import services
from schedules.selectors.plans import plan_list, plan_offices, plans_visible_to
from schedules.workbooks import timeline_response

from ..forms import IssueForm, MilestoneForm, PlanForm, SectionFormSet
from ..models import Milestone, Plan


class PlanList(PermissionRequired, ListView):
    """The plans the user may see, newest period first.

    Queries: 8 a page, however many rows it shows (session and user included).
    """

    permission_required = "schedules.view_plan_list"
    template_name = "schedules/plan_list.html"
    context_object_name = "plans"
    paginate_by = 30

    def get_queryset(self):
        return plan_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_create=self.request.user.has_perm("schedules.create_plan"), **kwargs)


class PlanCreate(PermissionRequired, FormView):
    permission_required = "schedules.create_plan"
    template_name = "schedules/plan_form.html"
    form_class = PlanForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "offices": plan_offices(user=self.request.user)}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("sections", SectionFormSet(prefix="sections"))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        sections = SectionFormSet(request.POST, prefix="sections")
        if form.is_valid() and sections.is_valid():
            return self.save(form, sections)
        return self.render_to_response(self.get_context_data(form=form, sections=sections))

    @transaction.atomic
    def save(self, form, sections):
        data = dict(form.cleaned_data)
        plan = services.create_plan(
            issuing_unit=data.pop("issuing_unit"), period=data.pop("period"), by=self.request.user, **data
        )
        sections.instance = plan
        sections.save_sections(by=self.request.user)
        messages.success(self.request, _("The plan was created. Now add its timeline."))
        return redirect("schedules:plan-detail", pk=plan.pk)


class PlanObjectMixin(CachedObjectMixin):
    def get_queryset(self):
        return plans_visible_to(self.request.user)

    def get_plan(self):
        if not hasattr(self, "_plan"):
            self._plan = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self._plan

    def get_permission_object(self):
        return self.get_plan()


class PlanDetail(PlanObjectMixin, PermissionRequired, DetailView):
    permission_required = "schedules.view_plan"
    template_name = "schedules/plan_detail.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        return self.get_plan()

    def get_context_data(self, **kwargs):
        plan = self.object
        user = self.request.user
        milestones = plan.milestones.prefetch_related("actor_units", "actor_blocks").select_related("deadline")
        return super().get_context_data(
            milestones=milestones,
            sections=[
                {"pk": section.pk, "heading": numbered_heading(number, section.heading)}
                for number, section in enumerate(plan.sections.all(), start=1)
            ],
            log=plan.log.select_related("by")[:50],
            can_edit=user.has_perm("schedules.change_plan", plan),
            can_issue=user.has_perm("schedules.issue_plan", plan),
            can_amend=user.has_perm("schedules.amend_plan", plan),
            **kwargs,
        )


class PlanUpdate(PlanObjectMixin, PermissionRequired, FormView):
    permission_required = "schedules.change_plan"
    template_name = "schedules/plan_form.html"
    form_class = PlanForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.get_plan(),
            "offices": plan_offices(user=self.request.user),
        }

    def get_context_data(self, **kwargs):
        kwargs.setdefault("sections", SectionFormSet(instance=self.get_plan(), prefix="sections"))
        return super().get_context_data(plan=self.get_plan(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        sections = SectionFormSet(request.POST, instance=self.get_plan(), prefix="sections")
        if form.is_valid() and sections.is_valid():
            return self.save(form, sections)
        return self.render_to_response(self.get_context_data(form=form, sections=sections))

    @transaction.atomic
    def save(self, form, sections):
        data = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS if name in form.cleaned_data}
        plan = Plan.objects.get(pk=self.get_plan().pk)
        services.update_plan(plan=plan, by=self.request.user, **data)
        sections.save_sections(by=self.request.user)
        messages.success(self.request, _("The plan was saved."))
        return redirect("schedules:plan-detail", pk=plan.pk)


class PlanSectionMove(PlanObjectMixin, PermissionRequired, View):
    """POST only: move a section of a draft one place up or down in the printed order."""

    permission_required = "schedules.change_plan"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            raise Http404
        section = get_object_or_404(self.get_plan().sections, pk=kwargs["section"])
        try:
            services.move_plan_section(section=section, up=direction == "up", by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('schedules:plan-detail', args=[section.plan_id])}#sections")


class MilestoneFormMixin(PlanObjectMixin):
    template_name = "schedules/milestone_form.html"
    form_class = MilestoneForm

    def get_form_kwargs(self):
        plan = self.get_plan()
        units = Unit.objects.filter(path__startswith=plan.issuing_unit.path, is_active=True).order_by("path")
        blocks = EmulationBlock.objects.filter(period=plan.period, managing_unit=plan.issuing_unit)
        kwargs = super().get_form_kwargs()
        kwargs.update(units=units, blocks=blocks, instance=self.get_milestone())
        return kwargs

    def get_milestone(self):
        return Milestone(plan=self.get_plan(), order=(self.get_plan().milestones.count() + 1))

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.get_plan(), milestone=self.get_milestone(), **kwargs)

    def form_valid(self, form):
        milestone = form.save(commit=False)
        milestone.plan = self.get_plan()
        if milestone.due_on:
            milestone.date_problem = ""
        if form.cleaned_data["actor_units"] or form.cleaned_data["actor_blocks"]:
            milestone.actor_problem = ""
        services.save_milestone(
            milestone=milestone,
            by=self.request.user,
            units=form.cleaned_data["actor_units"],
            blocks=form.cleaned_data["actor_blocks"],
        )
        messages.success(self.request, _("Milestone %(order)s was saved.") % {"order": milestone.order})
        return redirect(f"{reverse('schedules:plan-detail', args=[milestone.plan_id])}#milestone-{milestone.pk}")


class MilestoneCreate(MilestoneFormMixin, PermissionRequired, FormView):
    permission_required = "schedules.change_plan"


class MilestoneUpdate(MilestoneFormMixin, PermissionRequired, FormView):
    """Edit one milestone; on an issued plan this is an amendment and is logged."""

    permission_required = "schedules.edit_timeline"

    def get_milestone(self):
        if not hasattr(self, "_milestone"):
            self._milestone = get_object_or_404(self.get_plan().milestones, pk=self.kwargs["milestone"])
        return self._milestone

    def has_permission(self):
        user, plan = self.request.user, self.get_plan()
        return user.has_perm("schedules.change_plan", plan) or user.has_perm("schedules.amend_plan", plan)


class MilestoneDelete(PlanObjectMixin, PermissionRequired, View):
    permission_required = "schedules.change_plan"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        milestone = get_object_or_404(self.get_plan().milestones, pk=kwargs["milestone"])
        services.delete_milestone(milestone=milestone, by=request.user)
        messages.success(request, _("Milestone %(order)s was removed.") % {"order": milestone.order})
        return redirect("schedules:plan-detail", pk=self.get_plan().pk)


class PlanIssue(PlanObjectMixin, PermissionRequired, FormView):
    permission_required = "schedules.issue_plan"
    template_name = "schedules/plan_issue.html"
    form_class = IssueForm

    def get_initial(self):
        return {"issued_on": timezone.localdate()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.get_plan()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.get_plan(), **kwargs)

    def form_valid(self, form):
        try:
            plan = services.issue_plan(
                plan=self.get_plan(), by=self.request.user, issued_on=form.cleaned_data["issued_on"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Plan %(symbol)s was issued.") % {"symbol": plan.symbol})
        if not plan.is_announced:
            messages.info(
                self.request,
                _("The units will be told of it, and its deadlines go live, on %(day)s.")
                % {"day": short_date(plan.issued_on)},
            )
        return redirect("schedules:plan-detail", pk=plan.pk)


class PlanPdf(PlanObjectMixin, PermissionRequired, View):
    """POST: start rendering the plan with its annex in the background, then watch its progress."""

    permission_required = "schedules.view_plan"
    http_method_names = ["post"]

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        job = start_document_job(kind="plan", object_id=self.get_plan().pk, by=request.user)
        return redirect("emulation:document-job", pk=job.pk)


class PlanTimelineExport(PlanObjectMixin, PermissionRequired, View):
    permission_required = "schedules.view_plan"

    def get(self, request, *args, **kwargs):
        return timeline_response(self.get_plan())
