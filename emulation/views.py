from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from . import selectors, services
from .enums import Role
from .forms import AccountCreateForm, PersonForm, StaffFilterForm
from .mixins import CachedObjectMixin, PermissionRequired
from .models import Heartbeat
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
    """The staff list, with the list page's filters, as an .xlsx file."""

    permission_required = "emulation.view_staff_list"


class StaffImportTemplate(PermissionRequired, View):
    """An empty staff workbook with Vietnamese headers, an example row and validation."""

    permission_required = "emulation.edit_staff"


class StaffImport(PermissionRequired, View):
    """Upload a staff workbook, preview every problem, then commit or cancel."""

    permission_required = "emulation.edit_staff"
