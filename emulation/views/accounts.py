"""Accounts: ending a lockout after failed logins."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from emulation.selectors.accounts import mark_locked
from emulation.selectors.organisation import units_visible_to
from emulation.services.accounts import unlock_account
from emulation.views.mixins import PermissionRequired, safe_next


class AccountUnlock(PermissionRequired, View):
    """POST only: forget an account's failed logins, so that it can log in again at once."""

    permission_required = "emulation.unlock_account"
    http_method_names = ["post"]

    def get_permission_object(self):
        if not hasattr(self, "account"):
            accounts = get_user_model().objects.filter(memberships__unit__in=units_visible_to(self.request.user))
            self.account = get_object_or_404(accounts.distinct(), pk=self.kwargs["pk"])
        return self.account

    @transaction.atomic
    def post(self, request, *args, **kwargs):
        unlock_account(account=self.account, by=request.user)
        messages.success(
            request, _("Account %(username)s can log in again.") % {"username": self.account.get_username()}
        )
        return redirect(safe_next(request, reverse("emulation:dashboard")))


def accounts_with_locks(memberships, *, user) -> list:
    """*memberships* with ``locked_until`` and ``can_unlock`` (whether *user* may end that lockout)."""
    memberships = mark_locked(list(memberships))
    for membership in memberships:
        membership.can_unlock = bool(membership.locked_until) and user.has_perm(
            "emulation.unlock_account", membership.user
        )
    return memberships
