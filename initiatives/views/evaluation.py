"""The evaluation seen by a council member: what their councils were given, and the scoring page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from emulation.enums import CouncilKind
from emulation.models import Council
from emulation.rules import units_within_reach
from emulation.views.mixins import PermissionRequired
from initiatives.enums import InitiativeState
from initiatives.forms.evaluation import (
    AbstainForm,
    CriterionFormSet,
    ScoreSheetForm,
    ScoringSettingsForm,
    SelectionForm,
    criterion_initial,
)
from initiatives.models import Assignment, Field, ScoreSheet
from initiatives.rules import seat_on, seats_of
from initiatives.selectors.dashboard import to_score_count
from initiatives.selectors.evaluation import (
    candidate_list,
    candidates_for,
    conflict_reason,
    council_assignments,
    council_decisions,
    council_progress,
    drafted_initiative_ids,
    evaluation_councils,
    my_assignment_rows,
    my_assignments,
    own_sheet,
    pending_counts,
    scoring_criteria,
    sheets_visible_to,
)
from initiatives.services.evaluation import (
    abstain,
    assign_initiatives,
    ensure_scoring_form,
    hand_in_sheet,
    remind_evaluators,
    update_scoring_form,
)

ROWS_PER_PAGE = 50
COUNCIL_ROWS_PER_PAGE = 100


class AssignmentMine(PermissionRequired, TemplateView):
    """The initiatives the user's councils were given, those to score first, with the user's own sheet on each.

    Queries: 13 a page, however many rows it shows (session, user and the menu included).
    """

    permission_required = "initiatives.evaluate"
    template_name = "initiatives/assignment_mine.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        page = Paginator(my_assignment_rows(user=user), ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            rows=my_assignments(user=user, assignments=page.object_list), page_obj=page,
            to_do=to_score_count(user), **kwargs,
        )  # fmt: skip


class AssignmentObjectMixin:
    """An assignment of a council the user sits on (any other is not found)."""

    def get_assignment(self) -> Assignment:
        if not hasattr(self, "_assignment"):
            councils = [seat.council_id for seat in seats_of(self.request.user)]
            self._assignment = get_object_or_404(
                Assignment.objects.select_related(
                    "council__unit", "council__period", "initiative__unit", "initiative__field", "initiative__period"
                ),
                pk=self.kwargs["pk"],
                council_id__in=councils,
            )
        return self._assignment

    def get_permission_object(self):
        return self.get_assignment()


class ScoreSheetCreate(AssignmentObjectMixin, PermissionRequired, TemplateView):
    """The scoring page of one member on one initiative: the application, the criteria, the vote, or an abstention.

    Laid out in one column so that it works on a 390 px phone; the others' sheets appear once one's own is in.
    """

    permission_required = "initiatives.score_assignment"
    template_name = "initiatives/score_sheet.html"

    def get_member(self):
        seat = seat_on(self.request.user, self.get_assignment().council_id)
        return self.get_assignment().council.members.select_related("person").get(pk=seat.member_id)

    def get_context_data(self, **kwargs):
        assignment = self.get_assignment()
        initiative = assignment.initiative
        member = kwargs.pop("member", None) or self.get_member()
        form = ensure_scoring_form(council=assignment.council)
        criteria = kwargs.pop("criteria", None) or scoring_criteria(form)
        sheet = own_sheet(member=member, assignment=assignment)
        conflict = conflict_reason(council=assignment.council, member=member, initiative=initiative)
        is_open = not assignment.is_closed and initiative.state == InitiativeState.UNDER_EVALUATION
        can_hand_in = is_open and sheet is None and not conflict
        context = {
            "assignment": assignment,
            "initiative": initiative,
            "member": member,
            "scoring_form": form,
            "criteria": criteria,
            "sheet": sheet,
            "conflict": conflict,
            "is_open": is_open,
            "can_hand_in": can_hand_in,
            "authors": list(initiative.authors.order_by("order", "pk")),
            "hide_authors": not self.request.user.has_perm("initiatives.see_authors", initiative),
            "attachments": list(initiative.attachments.order_by("kind", "pk")),
            "others": sheets_visible_to(user=self.request.user, assignment=assignment),
        }
        if can_hand_in:
            context.setdefault("form", ScoreSheetForm(criteria=criteria))
            context.setdefault("abstain_form", AbstainForm())
        context.update(kwargs)
        return super().get_context_data(**context)

    def post(self, request, *args, **kwargs):
        assignment = self.get_assignment()
        member = self.get_member()
        criteria = scoring_criteria(ensure_scoring_form(council=assignment.council))
        abstaining = request.POST.get("action") == "abstain"
        form = AbstainForm(request.POST) if abstaining else ScoreSheetForm(request.POST, criteria=criteria)
        if not form.is_valid():
            key = "abstain_form" if abstaining else "form"
            return self.render_to_response(self.get_context_data(member=member, criteria=criteria, **{key: form}))
        try:
            if abstaining:
                abstain(assignment=assignment, member=member, by=request.user, reason=form.cleaned_data["reason"])
            else:
                hand_in_sheet(
                    assignment=assignment, member=member, by=request.user, scores=form.scores(),
                    vote=form.cleaned_data["vote"], comment=form.cleaned_data["comment"],
                )  # fmt: skip
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("initiatives:score-sheet", pk=assignment.pk)
        if abstaining:
            messages.success(request, _("Your abstention was recorded."))
        else:
            messages.success(request, _("Your scores were handed in."))
        return redirect("initiatives:score-sheet", pk=assignment.pk)


class CouncilMixin:
    """An initiative council of the URL; one the user may not see (or run, for managing views) is not found."""

    permission_required = "initiatives.manage_evaluation"

    def get_council(self) -> Council:
        if not hasattr(self, "_council"):
            self._council = get_object_or_404(
                Council.objects.select_related("unit", "period"), pk=self.kwargs["pk"], kind=CouncilKind.INITIATIVE
            )
        return self._council

    def get_permission_object(self):
        return self.get_council()

    def council_url(self) -> str:
        return reverse("initiatives:evaluation-council", args=[self.get_council().pk])


class EvaluationCouncilList(PermissionRequired, TemplateView):
    """The initiative councils the user runs or sits on, and the way to their assignments."""

    permission_required = "initiatives.view_councils"
    template_name = "initiatives/evaluation_councils.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        councils = list(evaluation_councils(user=user))
        for council in councils:
            council.can_manage = user.has_perm("initiatives.manage_evaluation", council)
        return super().get_context_data(councils=councils, has_seat=bool(seats_of(user)), **kwargs)


class EvaluationCouncil(CouncilMixin, PermissionRequired, TemplateView):
    """A council's initiatives with the live result of each (score, votes against the base, passing or not), its
    decisions, and the ticking of initiatives (all that pass, or one by one) for a draft decision."""

    template_name = "initiatives/evaluation_council.html"

    def get_context_data(self, **kwargs):
        council = self.get_council()
        form = ensure_scoring_form(council=council)
        only_passing = self.request.GET.get("passing") == "1"
        assignments = council_assignments(council)
        if only_passing:
            assignments = assignments.filter(passes=True)
        page = Paginator(assignments, COUNCIL_ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        drafted = drafted_initiative_ids(council)
        rows = list(page.object_list)
        for assignment in rows:
            assignment.can_decide = (
                not assignment.is_closed
                and assignment.initiative.state == InitiativeState.UNDER_EVALUATION
                and assignment.initiative_id not in drafted
            )
        return super().get_context_data(
            council=council,
            scoring_form=form,
            rows=rows,
            page_obj=page,
            querystring="passing=1" if only_passing else "",
            only_passing=only_passing,
            decisions=list(council_decisions(council)),
            candidates=candidates_for(council).count(),
            **kwargs,
        )


class EvaluationAssign(CouncilMixin, PermissionRequired, TemplateView):
    """The initiatives the council may take (by default all of them, ticked), filtered by field or school."""

    template_name = "initiatives/evaluation_assign.html"

    def get_context_data(self, **kwargs):
        council = self.get_council()
        field = Field.objects.filter(pk=self.request.GET.get("field") or 0).first()
        unit = units_within_reach(self.request.user).filter(pk=self.request.GET.get("school") or 0).first()
        candidates = list(candidate_list(council, field=field, unit=unit))
        schools = sorted({initiative.unit for initiative in candidate_list(council)}, key=lambda u: u.name)
        return super().get_context_data(
            council=council, candidates=candidates, fields=list(Field.objects.filter(is_active=True)),
            schools=schools, field=field, school=unit, **kwargs,
        )  # fmt: skip

    def post(self, request, *args, **kwargs):
        form = SelectionForm(request.POST)
        ids = set(form.cleaned_data["ids"]) if form.is_valid() else set()
        council = self.get_council()
        initiatives = list(candidates_for(council).filter(pk__in=ids)) if ids else []
        if len(initiatives) != len(ids) or not ids:
            messages.error(
                request, _("Tick the initiatives to assign first.") if not ids else
                _("Some of the ticked initiatives can no longer be given to this council: look at the list again."),
            )  # fmt: skip
            return redirect("initiatives:evaluation-assign", pk=council.pk)
        try:
            assigned = assign_initiatives(council=council, initiatives=initiatives, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("initiatives:evaluation-assign", pk=council.pk)
        messages.success(request, _("%(count)s initiatives were assigned to the council.") % {"count": len(assigned)})
        return redirect(self.council_url())


class ScoringFormUpdate(CouncilMixin, PermissionRequired, TemplateView):
    """How the council scores: the criteria and their levels, combining scores, the threshold and the vote."""

    template_name = "initiatives/scoring_form.html"

    def forms(self, data=None):
        form = ensure_scoring_form(council=self.get_council())
        return {
            "settings_form": ScoringSettingsForm(data, instance=form),
            "criteria_formset": CriterionFormSet(
                data, prefix="criteria", initial=criterion_initial(scoring_criteria(form))
            ),  # fmt: skip
        }

    def get_context_data(self, **kwargs):
        council = self.get_council()
        form = ensure_scoring_form(council=council)
        in_use = ScoreSheet.objects.filter(assignment__council=council).exists()
        return super().get_context_data(
            council=council, scoring_form=form, in_use=in_use, criteria=scoring_criteria(form),
            **(kwargs.pop("forms", None) or self.forms()), **kwargs,
        )  # fmt: skip

    def post(self, request, *args, **kwargs):
        forms = self.forms(request.POST)
        if not all(form.is_valid() for form in forms.values()):
            return self.render_to_response(self.get_context_data(forms=forms))
        data = forms["settings_form"].cleaned_data
        try:
            update_scoring_form(
                form=ensure_scoring_form(council=self.get_council()), by=request.user, aggregate=data["aggregate"],
                threshold=data["threshold"], vote_numerator=data["vote_numerator"],
                vote_denominator=data["vote_denominator"], vote_base=data["vote_base"],
                criteria=forms["criteria_formset"].criteria(),
            )  # fmt: skip
        except ValidationError as error:
            forms["settings_form"].add_error(None, error)
            return self.render_to_response(self.get_context_data(forms=forms))
        messages.success(request, _("The scoring form was saved."))
        return redirect(self.council_url())


class EvaluationProgress(CouncilMixin, PermissionRequired, TemplateView):
    """Who has scored what: one row per initiative (a page of them), one column per member."""

    template_name = "initiatives/evaluation_progress.html"

    def get_context_data(self, **kwargs):
        council = self.get_council()
        page = Paginator(council_assignments(council), COUNCIL_ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        members, rows = council_progress(council, assignments=page.object_list)
        pending = sum(pending_counts(council).values())
        return super().get_context_data(
            council=council, members=members, rows=rows, pending=pending, page_obj=page, **kwargs
        )


class EvaluationRemind(CouncilMixin, PermissionRequired, View):
    """POST: remind the members who still have initiatives to score (in the app and by e-mail), once a day."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        sent = remind_evaluators(council=self.get_council(), by=request.user)
        if sent:
            messages.success(request, _("%(count)s members were reminded.") % {"count": sent})
        else:
            messages.info(request, _("No one was reminded: everyone has scored, or was already reminded today."))
        return redirect("initiatives:evaluation-progress", pk=self.get_council().pk)
