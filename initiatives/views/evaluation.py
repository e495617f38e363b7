"""The evaluation seen by a council member: what their councils were given, and the scoring page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from emulation.views.mixins import PermissionRequired
from initiatives.enums import InitiativeState
from initiatives.forms.evaluation import AbstainForm, ScoreSheetForm
from initiatives.models import Assignment
from initiatives.rules import seat_on, seats_of
from initiatives.selectors.evaluation import (
    conflict_reason,
    my_assignments,
    own_sheet,
    scoring_criteria,
    sheets_visible_to,
)
from initiatives.services.evaluation import abstain, ensure_scoring_form, hand_in_sheet


class AssignmentMine(PermissionRequired, TemplateView):
    """The initiatives the user's councils were given, with their own sheet on each.

    Queries: 11 a page, however many rows it shows (session, user and the menu included).
    """

    permission_required = "initiatives.evaluate"
    template_name = "initiatives/assignment_mine.html"

    def get_context_data(self, **kwargs):
        rows = my_assignments(user=self.request.user)
        return super().get_context_data(rows=rows, to_do=sum(1 for row in rows if row.to_do), **kwargs)


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
