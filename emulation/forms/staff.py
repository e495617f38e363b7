from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.enums import StaffCategory
from emulation.forms.widgets import DateInput
from emulation.models import Person, Unit
from emulation.models.organisation import NATIONAL_ID_TAKEN
from emulation.selectors.organisation import national_id_taken
from emulation.text import clean_text, name_problem


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "full_name", "sex", "date_of_birth", "unit", "position", "category",
            "sector_start_date", "national_id", "email", "phone",
        ]  # fmt: skip
        widgets = {"date_of_birth": DateInput(), "sector_start_date": DateInput()}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()

    def clean_full_name(self):
        name = clean_text(self.cleaned_data["full_name"])
        problem = name_problem(name)
        if problem:
            raise forms.ValidationError(problem, code="name")
        if len(name.split(" ")) < 2:
            raise forms.ValidationError(_("Enter the full name: family name and given name."))
        return name

    def clean_position(self):
        return clean_text(self.cleaned_data["position"])

    def clean_phone(self):
        return clean_text(self.cleaned_data["phone"])

    def clean_national_id(self):
        value = self.cleaned_data["national_id"].strip()
        if value and (not value.isdigit() or len(value) not in (9, 12)):
            raise forms.ValidationError(_("The identity number has 9 or 12 digits."))
        if value and self.instance.is_active and national_id_taken(value, exclude=self.instance):
            raise forms.ValidationError(NATIONAL_ID_TAKEN, code="taken")
        return value

    def clean(self):
        data = super().clean()
        born, entered = data.get("date_of_birth"), data.get("sector_start_date")
        if born and entered and entered <= born:
            self.add_error("sector_start_date", _("The date of entering the sector must be after the date of birth."))
        return data


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories"))] + StaffCategory.choices, required=False
    )
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[("1", _("Active")), ("0", _("Inactive")), ("all", _("All"))],
        required=False,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("All units")
        for name in ("unit", "category", "active"):
            self.fields[name].widget.attrs["class"] = "form-select"

    @property
    def active_value(self):
        value = self.cleaned_data.get("active") or "1"
        return None if value == "all" else value == "1"
