"""Forms of the evaluation: a member's sheet, an abstention."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.enums import Vote
from initiatives.models import ScoringForm
from initiatives.services.evaluation import CriterionData, ScoreData, points_text


class ScoreSheetForm(forms.Form):
    """One field per criterion (its levels to choose from, or points up to its maximum), the vote, a comment."""

    vote = forms.ChoiceField(label=_("Your vote"), choices=Vote.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        for criterion in criteria:
            label = _("%(name)s (at most %(max)s points)") % {
                "name": criterion.name, "max": points_text(criterion.max_points),
            }  # fmt: skip
            levels = list(criterion.levels.all())
            if levels:
                fields[self.field_name(criterion)] = forms.TypedChoiceField(
                    label=label, help_text=criterion.description, coerce=int, widget=forms.RadioSelect,
                    choices=[(level.pk, f"{level.label} – {points_text(level.points)}") for level in levels],
                )  # fmt: skip
            else:
                fields[self.field_name(criterion)] = forms.DecimalField(
                    label=label, help_text=criterion.description, min_value=0, max_value=criterion.max_points,
                    decimal_places=2, widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.25"}),
                )  # fmt: skip
        self.fields = {**fields, **self.fields}

    @staticmethod
    def field_name(criterion) -> str:
        return f"criterion-{criterion.pk}"

    def scores(self) -> list[ScoreData]:
        result = []
        for criterion in self.criteria:
            value = self.cleaned_data[self.field_name(criterion)]
            levels = {level.pk: level for level in criterion.levels.all()}
            if levels:
                level = levels[value]
                result.append(ScoreData(criterion=criterion, points=level.points, level=level))
            else:
                result.append(ScoreData(criterion=criterion, points=value))
        return result


class AbstainForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for abstaining"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScoringSettingsForm(forms.ModelForm):
    class Meta:
        model = ScoringForm
        fields = ["aggregate", "threshold", "vote_numerator", "vote_denominator", "vote_base"]


class CriterionForm(forms.Form):
    """One criterion; its levels one a line as "label | points" ("Hoàn toàn mới | 30"), or none for free points."""

    name = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    description = forms.CharField(label=_("What is judged"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    max_points = forms.DecimalField(label=_("Maximum points"), max_digits=6, decimal_places=2, required=False,
                                    min_value=Decimal("0.01"))  # fmt: skip
    levels = forms.CharField(
        label=_("Levels"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: the level, a vertical bar, its points (Hoàn toàn mới | 30). Leave empty to let "
                    "members give any points up to the maximum."),
    )  # fmt: skip

    def clean_levels(self):
        levels = []
        for number, line in enumerate((self.cleaned_data.get("levels") or "").splitlines(), start=1):
            if not line.strip():
                continue
            label, bar, points = line.rpartition("|")
            try:
                value = Decimal(points.strip().replace(",", "."))
            except InvalidOperation:
                value = None
            if not bar or not label.strip() or value is None or value < 0:
                raise forms.ValidationError(
                    _("Line %(number)s: write the level, a vertical bar and its points, e.g. Hoàn toàn mới | 30."),
                    params={"number": number},
                )
            levels.append((label.strip(), value))
        return tuple(levels)

    def clean(self):
        data = super().clean()
        if data.get("name") and data.get("max_points") is None:
            self.add_error("max_points", _("Give the criterion's maximum."))
        return data

    def criterion(self) -> CriterionData | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("name") or data.get("DELETE"):
            return None
        return CriterionData(name=data["name"], max_points=data["max_points"], levels=data.get("levels", ()),
                             description=data.get("description", ""))  # fmt: skip


class BaseCriterionFormSet(forms.BaseFormSet):
    def criteria(self) -> list[CriterionData]:
        return [criterion for form in self.forms if (criterion := form.criterion())]


CriterionFormSet = forms.formset_factory(CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True,
                                         max_num=20)  # fmt: skip


def criterion_initial(criteria) -> list[dict]:
    return [
        {
            "name": criterion.name,
            "description": criterion.description,
            "max_points": criterion.max_points,
            "levels": "\n".join(f"{level.label} | {points_text(level.points)}" for level in criterion.levels.all()),
        }
        for criterion in criteria
    ]


class SelectionForm(forms.Form):
    """Ticked initiatives (their ids), whichever list they were ticked on."""

    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()
