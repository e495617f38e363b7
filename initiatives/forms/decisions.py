"""Forms of the recognition decision: its wording, each entry's outcome, the day it is issued."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation.forms.widgets import DateInput
from initiatives.enums import InitiativeScope
from initiatives.models import RecognitionDecision
from initiatives.services.decisions import TEXT_FIELDS, EntryChoice


class DecisionTextForm(forms.ModelForm):
    class Meta:
        model = RecognitionDecision
        fields = list(TEXT_FIELDS)
        widgets = {
            "grounds": forms.Textarea(attrs={"rows": 5}),
            "article_2": forms.Textarea(attrs={"rows": 2}),
            "article_3": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }


class EntriesForm(forms.Form):
    """For each entry: recognised or not ("entry-<pk>-recognised"), the scope, the reasons of a refusal."""

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            self.fields[f"entry-{entry.pk}-recognised"] = forms.BooleanField(
                label=_("Recognised"), required=False, initial=entry.recognised
            )
            self.fields[f"entry-{entry.pk}-scope"] = forms.ChoiceField(
                label=_("Scope of effect"), choices=[("", "—"), *InitiativeScope.choices], required=False,
                initial=entry.scope,
            )  # fmt: skip
            self.fields[f"entry-{entry.pk}-reason"] = forms.CharField(
                label=_("Reasons"), required=False, max_length=2000, initial=entry.reason,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )  # fmt: skip

    def rows(self):
        for entry in self.entries:
            yield (
                entry,
                self[f"entry-{entry.pk}-recognised"],
                self[f"entry-{entry.pk}-scope"],
                self[f"entry-{entry.pk}-reason"],
            )

    def choices(self) -> dict[int, EntryChoice]:
        data = self.cleaned_data
        return {
            entry.pk: EntryChoice(
                recognised=data[f"entry-{entry.pk}-recognised"],
                scope=data[f"entry-{entry.pk}-scope"],
                reason=data[f"entry-{entry.pk}-reason"],
            )  # fmt: skip
            for entry in self.entries
        }


class IssueForm(forms.Form):
    issued_on = forms.DateField(label=_("Date of the decision"), widget=DateInput(), initial=timezone.localdate)
