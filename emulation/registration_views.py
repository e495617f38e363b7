"""Registration pages: the school's own page and the office's list and review."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from .mixins import PermissionRequired
from .models import Registration


class RegistrationObjectMixin:
    def get_registration(self):
        if not hasattr(self, "_registration"):
            self._registration = get_object_or_404(
                Registration.objects.select_related("unit", "period"), pk=self.kwargs["pk"]
            )
        return self._registration

    def get_permission_object(self):
        return self.get_registration()


class RegistrationDetail(RegistrationObjectMixin, PermissionRequired, DetailView):
    permission_required = "emulation.view_registration"
    template_name = "emulation/registration_detail.html"
    context_object_name = "registration"

    def get_object(self, queryset=None):
        return self.get_registration()
