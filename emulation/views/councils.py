"""Councils of the user's units: list, form a council, its page with members, exports and the decision file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView, View

from emulation.forms.councils import CouncilFilterForm, CouncilForm, CouncilMemberForm
from emulation.selectors.councils import council_list, council_members, councils_visible_to
from emulation.selectors.organisation import units_visible_to
from emulation.services.councils import (
    add_council_member,
    council_problems,
    create_council,
    move_council_member,
    remove_council_member,
    update_council,
    update_council_member,
)
from emulation.views.mixins import PermissionRequired, UploadLimit
from emulation.workbooks.councils import council_list_response, member_list_response

from ..models import Council, CouncilMember, Period, Unit

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


class CouncilList(PermissionRequired, ListView):
    """The councils of the user's units for a period (the current one unless another is chosen).

    Queries: 14 a page, however many rows it shows (session and user included).
    """

    permission_required = "emulation.use_site"
    template_name = "emulation/council_list.html"
    context_object_name = "councils"
    paginate_by = 50

    @cached_property
    def filter_form(self):
        data = self.request.GET.copy()
        if "period" not in data:
            current = Period.objects.current()
            data["period"] = str(current.pk if current else "")
        units = units_visible_to(self.request.user).order_by("path")
        form = CouncilFilterForm(data, units=units)
        form.is_valid()
        return form

    def get_filters(self) -> dict:
        data = getattr(self.filter_form, "cleaned_data", {})
        return {"period": data.get("period"), "kind": data.get("kind", ""), "unit": data.get("unit")}

    def get_queryset(self):
        return council_list(user=self.request.user, **self.get_filters())

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        if "period" not in query:
            query["period"] = self.filter_form.data["period"]
        return super().get_context_data(
            filter_form=self.filter_form,
            querystring=query.urlencode(),
            can_create=creatable_units(self.request.user).exists(),
            **kwargs,
        )


class CouncilListExport(CouncilList):
    """The list with the page's filters (all pages), as an .xlsx file."""

    def get(self, request, *args, **kwargs):
        return council_list_response(self.get_queryset())


def creatable_units(user) -> QuerySet[Unit]:
    """The units the user may form a council for: the same predicate as editing one, on an unsaved council."""
    units = units_visible_to(user).filter(is_active=True).order_by("path")
    allowed = [unit.pk for unit in units if user.has_perm("emulation.change_council", Council(unit=unit))]
    return units.filter(pk__in=allowed)


class CouncilObjectMixin:
    """The council of the URL, among those in the user's reach (others are not found)."""

    def get_council(self) -> Council:
        if not hasattr(self, "_council"):
            self._council = get_object_or_404(
                councils_visible_to(self.request.user).select_related("unit", "period"),
                pk=self.kwargs["pk"],
            )
        return self._council

    def get_permission_object(self):
        return self.get_council()

    def get_context_data(self, **kwargs):
        return super().get_context_data(council=self.get_council(), **kwargs)


class DecisionUploadMixin:
    """The form of a council and its decision file, saved through the services."""

    def form_extra_kwargs(self) -> dict:
        return {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.form_extra_kwargs()}

    def save_fields(self, form) -> dict:
        data = form.cleaned_data
        return {
            "period": data["period"],
            "kind": data["kind"],
            "decision_number": data["decision_number"],
            "decision_date": data["decision_date"],
            "decision_file": data.get("decision_file") or None,
            "file_extension": form.file_extension,
            "by": self.request.user,
        }


class CouncilCreate(UploadLimit, DecisionUploadMixin, PermissionRequired, FormView):
    """Form a council for one of the units the user leads."""

    template_name = "emulation/council_form.html"
    form_class = CouncilForm

    @cached_property
    def units(self) -> list[Unit]:
        return list(creatable_units(self.request.user))

    def has_permission(self) -> bool:
        return bool(self.units)

    def get_initial(self):
        wanted = self.request.GET.get("unit")
        unit = next((unit for unit in self.units if str(unit.pk) == wanted), None)
        return {"unit": unit} if unit else {}

    def form_extra_kwargs(self) -> dict:
        return {"units": Unit.objects.filter(pk__in=[unit.pk for unit in self.units]).order_by("path")}

    def form_valid(self, form):
        unit = form.cleaned_data["unit"]
        if not self.request.user.has_perm("emulation.change_council", Council(unit=unit)):
            raise Http404
        try:
            council = create_council(unit=unit, **self.save_fields(form))
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(council)s was created: now add its members.") % {"council": council})
        return redirect("emulation:council-detail", pk=council.pk)


class CouncilUpdate(UploadLimit, DecisionUploadMixin, CouncilObjectMixin, PermissionRequired, FormView):
    permission_required = "emulation.change_council"
    template_name = "emulation/council_form.html"
    form_class = CouncilForm

    def form_extra_kwargs(self) -> dict:
        return {"instance": self.get_council()}

    def form_valid(self, form):
        try:
            council = update_council(council=self.get_council(), **self.save_fields(form))
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(council)s was saved.") % {"council": council})
        return redirect("emulation:council-detail", pk=council.pk)


class CouncilDetail(CouncilObjectMixin, PermissionRequired, TemplateView):
    """The council, its decision and its members (STT | Họ và tên | Chức vụ | Vai trò trong hội đồng)."""

    permission_required = "emulation.view_council"
    template_name = "emulation/council_detail.html"

    def get_context_data(self, **kwargs):
        council = self.get_council()
        members = list(council_members(council=council))
        can_change = self.request.user.has_perm("emulation.change_council", council)
        return super().get_context_data(
            members=members,
            problems=council_problems(council=council, members=members),
            can_change=can_change,
            member_form=CouncilMemberForm(council=council) if can_change else None,
            **kwargs,
        )


class CouncilDecisionDownload(CouncilObjectMixin, PermissionRequired, View):
    """The establishing decision's file, to those who may see the council."""

    permission_required = "emulation.view_council"

    def get(self, request, *args, **kwargs):
        council = self.get_council()
        if not council.decision_file:
            raise Http404
        extension = council.decision_file.name.rsplit(".", 1)[-1].lower()
        try:
            handle = council.decision_file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle, as_attachment=True, filename=council.decision_file.name.rsplit("/", 1)[-1],
            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        )  # fmt: skip
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CouncilMemberExport(CouncilObjectMixin, PermissionRequired, View):
    permission_required = "emulation.view_council"

    def get(self, request, *args, **kwargs):
        council = self.get_council()
        return member_list_response(council, council_members(council=council))


class CouncilMemberCreate(CouncilObjectMixin, PermissionRequired, FormView):
    permission_required = "emulation.change_council"
    template_name = "emulation/council_member_form.html"
    form_class = CouncilMemberForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "council": self.get_council()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            member = add_council_member(
                council=self.get_council(), person=data["person"], role=data["role"], user=data["user"],
                by=self.request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s was added as %(role)s.") % {"name": member.person.full_name, "role": member.get_role_display()},
        )
        return redirect("emulation:council-detail", pk=self.get_council().pk)


class CouncilMemberMixin(CouncilObjectMixin):
    def get_member(self) -> CouncilMember:
        if not hasattr(self, "_member"):
            self._member = get_object_or_404(
                CouncilMember.objects.select_related("person", "user"),
                pk=self.kwargs["member_pk"],
                council=self.get_council(),
            )
        return self._member


class CouncilMemberUpdate(CouncilMemberMixin, PermissionRequired, FormView):
    permission_required = "emulation.change_council"
    template_name = "emulation/council_member_form.html"
    form_class = CouncilMemberForm

    def get_initial(self):
        member = self.get_member()
        return {"role": member.role, "user": member.user}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "council": self.get_council(), "member": self.get_member()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.get_member(), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            member = update_council_member(
                member=self.get_member(), role=data["role"], user=data["user"], by=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was saved.") % {"name": member.person.full_name})
        return redirect("emulation:council-detail", pk=self.get_council().pk)


class CouncilMemberDelete(CouncilMemberMixin, PermissionRequired, View):
    """POST only: take a member off the council (the staff member stays)."""

    permission_required = "emulation.change_council"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        member = self.get_member()
        remove_council_member(member=member, by=request.user)
        messages.success(request, _("%(name)s was removed from the council.") % {"name": member.person.full_name})
        return redirect("emulation:council-detail", pk=self.get_council().pk)


class CouncilMemberMove(CouncilMemberMixin, PermissionRequired, View):
    """POST only: move a member one place up or down in the printed order."""

    permission_required = "emulation.change_council"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            raise Http404
        move_council_member(member=self.get_member(), up=direction == "up", by=request.user)
        return redirect("emulation:council-detail", pk=self.get_council().pk)
