from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation.documents.numbering import set_next_number
from emulation.enums import DocumentType
from emulation.models import NumberCounter, Unit


class NumberStartForm(forms.Form):
    """Where a unit's register starts this year: the next number of one document type."""

    unit = forms.ModelChoiceField(label=_("Issuing unit"), queryset=Unit.objects.none())
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices, initial=DocumentType.PLAN)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    next_number = forms.IntegerField(
        label=_("Next number"),
        min_value=1,
        help_text=_("The number the next document of this type gets, e.g. 15 when 14 were numbered by hand."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first().pk
        self.fields["year"].initial = timezone.localdate().year

    def save(self) -> NumberCounter | None:
        """Set the register's next number; None (with the reason among the form's errors) if refused."""
        data = self.cleaned_data
        try:
            return set_next_number(
                unit=data["unit"], doc_type=data["doc_type"], year=data["year"], next_number=data["next_number"]
            )
        except ValidationError as error:
            self.add_error(None, error)
            return None
