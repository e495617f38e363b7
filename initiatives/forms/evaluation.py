"""Forms of the evaluation: a member's sheet, an abstention."""

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.enums import Vote
from initiatives.services.evaluation import ScoreData, points_text


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
