"""Units: the tree, a unit's page, and accounts created from it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView

from emulation.forms.accounts import AccountCreateForm
from emulation.selectors.history import unit_history
from emulation.selectors.organisation import active_staff, unit_memberships, unit_tree, units_visible_to
from emulation.services.accounts import create_account
from emulation.views.accounts import accounts_with_locks
from emulation.views.mixins import CachedObjectMixin, PermissionRequired


class UnitList(PermissionRequired, ListView):
    """The units in the user's reach, as a tree.

    Queries: 7 a page, however many rows it shows (session and user included).
    """

    permission_required = "emulation.view_unit_list"
    template_name = "emulation/unit_list.html"
    context_object_name = "units"

    def get_queryset(self):
        return unit_tree(user=self.request.user)


class UnitDetail(PermissionRequired, CachedObjectMixin, DetailView):
    permission_required = "emulation.view_unit"
    template_name = "emulation/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        return units_visible_to(self.request.user).select_related("parent")

    def get_context_data(self, **kwargs):
        unit = self.object
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context.update(
            children=unit_tree(user=user).filter(parent=unit),
            staff=active_staff(unit).select_related("unit")[:200],
            memberships=accounts_with_locks(unit_memberships(unit=unit), user=user),
            can_manage_accounts=user.has_perm("emulation.manage_accounts_unit", unit),
            can_manage_staff=user.has_perm("emulation.manage_staff_unit", unit),
            account_form=AccountCreateForm(unit=unit),
            history=unit_history(unit) if user.has_perm("emulation.view_history_unit", unit) else None,
        )
        return context


class UnitAccountCreate(PermissionRequired, CachedObjectMixin, FormView):
    permission_required = "emulation.manage_accounts_unit"
    template_name = "emulation/unit_account_form.html"
    form_class = AccountCreateForm

    def get_permission_object(self):
        if not hasattr(self, "unit"):
            self.unit = get_object_or_404(units_visible_to(self.request.user), pk=self.kwargs["pk"])
        return self.unit

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.unit}

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.unit, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        user = create_account(
            unit=self.unit, role=data["role"], username=data["username"], password=data["password"],
            full_name=data["full_name"], email=data["email"], person=data["person"], by=self.request.user,
        )  # fmt: skip
        messages.success(self.request, _("Account %(username)s was created.") % {"username": user.username})
        return redirect("emulation:unit-detail", pk=self.unit.pk)
