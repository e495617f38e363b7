"""The office's filters on the list of initiatives."""

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.enums import InitiativeScope, InitiativeState
from initiatives.selectors.office import AWAITING


class InitiativeFilterForm(forms.Form):
    period = forms.TypedChoiceField(label=_("Period"), coerce=int, required=False)
    field = forms.TypedChoiceField(label=_("Field of application"), coerce=int, required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    school = forms.TypedChoiceField(label=_("School"), coerce=int, required=False)
    score_min = forms.DecimalField(label=_("Score from"), required=False, min_value=0, decimal_places=2)
    score_max = forms.DecimalField(label=_("Score to"), required=False, min_value=0, decimal_places=2)
    scope = forms.ChoiceField(label=_("Scope of effect"), required=False)
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)

    def __init__(self, *args, periods, fields, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(period.pk, period.name) for period in periods]
        self.fields["field"].choices = [("", _("All fields"))] + [(field.pk, field.name) for field in fields]
        self.fields["state"].choices = [("", _("All states")), (AWAITING, _("Waiting for a council")),
                                        *InitiativeState.choices]  # fmt: skip
        self.fields["school"].choices = [("", _("All schools"))] + [(unit.pk, unit.name) for unit in schools]
        self.fields["scope"].choices = [("", _("Any scope")), *InitiativeScope.choices]
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["data-autosubmit"] = ""

    def clean(self):
        data = super().clean()
        low, high = data.get("score_min"), data.get("score_max")
        if low is not None and high is not None and low > high:
            self.add_error("score_max", _("The upper score is below the lower one."))
        return data
