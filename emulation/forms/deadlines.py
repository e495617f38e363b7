"""A unit's request for more time: a short reason; its save calls the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.models import Deadline, ExtensionRequest, Unit
from emulation.services.deadlines import request_extension


class ExtensionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does your unit need more time?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        help_text=_("A sentence or two for the office, at most 500 characters."),
    )

    def save(self, *, deadline: Deadline, unit: Unit, by, url: str = "") -> tuple[ExtensionRequest, bool]:
        return request_extension(deadline=deadline, unit=unit, reason=self.cleaned_data["reason"], by=by, url=url)
