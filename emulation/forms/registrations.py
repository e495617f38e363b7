"""Forms of the school's registration page: targets, attachments, and all lines at once."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from emulation.enums import LDTT_CODE, RegistrationState, SchoolLevel
from emulation.models import Award, Person
from emulation.selectors.registrations import AWAITING, NOT_STARTED
from emulation.services.registrations import LineData
from emulation.text import clean_text
from emulation.uploads import DOCUMENTS, IMAGES, MIB, UploadField


class RegistrationFilterForm(forms.Form):
    office = forms.TypedChoiceField(label=gettext_lazy("Office"), coerce=int, required=False)
    period = forms.TypedChoiceField(label=gettext_lazy("Period"), coerce=int, required=False)
    level = forms.ChoiceField(label=gettext_lazy("School level"), required=False)
    block = forms.TypedChoiceField(label=gettext_lazy("Emulation block"), coerce=int, required=False)
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False)

    def __init__(self, *args, offices, periods, blocks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [(unit.pk, unit.name) for unit in offices]
        self.fields["period"].choices = [(period.pk, period.name) for period in periods]
        self.fields["level"].choices = [("", _("All levels")), *SchoolLevel.choices]
        self.fields["block"].choices = [("", _("All blocks"))] + [(block.pk, block.name) for block in blocks]
        self.fields["state"].choices = [
            ("", _("All states")),
            (AWAITING, _("Waiting for review")),
            *RegistrationState.choices,
            (NOT_STARTED, _("Not started")),
        ]
        self.fields["sort"].choices = [
            ("name", _("School, A to Z")),
            ("-name", _("School, Z to A")),
            ("changed", _("Last change first")),
        ]
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-select form-select-sm", "data-autosubmit": ""})


MAX_ID = 2**63 - 1  # the largest id a row can have (BigAutoField); a larger number is no registration


def _is_id(value) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID


class BulkAcceptForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={
            "required": gettext_lazy("Tick the registrations to accept first."),
            "invalid_choice": gettext_lazy(
                "“%(value)s” is not a registration of the list: reload the page and tick them again."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id: whether each one may be accepted is the view's business.
        self.fields["ids"].valid_value = _is_id


class ReviewForm(forms.Form):
    """The overall comment and one comment per line (fields "line-<pk>")."""

    comment = forms.CharField(
        label=gettext_lazy("Comment to the school"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"line-{line.pk}"] = forms.CharField(
                label=line.person.full_name,
                required=False,
                max_length=500,
                initial=line.review_comment,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def line_comments(self) -> dict[int, str]:
        return {line.pk: self.cleaned_data.get(f"line-{line.pk}", "") for line in self.lines}

    def line_fields(self):
        return [(line, self[f"line-{line.pk}"]) for line in self.lines]


ATTACHMENT_MAX_BYTES = 10 * MIB  # photos too: a scanned page may be larger than UPLOAD_MAX_BYTES_IMAGES
ATTACHMENT_KINDS = (*DOCUMENTS, *IMAGES)
INITIATIVE_TITLE_MAX = 300
INITIATIVE_FIELD_MAX = 120


class CollectiveTargetForm(forms.Form):
    award = forms.ModelChoiceField(label=_("Collective title or form"), queryset=Award.objects.none())
    commitment = forms.CharField(
        label=_("Commitment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A short commitment, e.g. all the staff complete their tasks, nobody is disciplined."),
    )

    def __init__(self, *args, awards, taken=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = awards.exclude(pk__in=list(taken))
        self.fields["award"].empty_label = _("Choose…")

    def clean_commitment(self):
        return clean_text(self.cleaned_data["commitment"])


class AttachmentForm(forms.Form):
    """One attachment: PDF, Word or a photo, recognised by its content, at most 10 MB."""

    file = UploadField(label=_("File"), kinds=ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "form-control form-control-sm"


@dataclass
class LineRow:
    """One person's row of the lines form, with its bound fields."""

    person: Person
    title: forms.BoundField
    form: forms.BoundField
    initiative_title: forms.BoundField
    initiative_field: forms.BoundField
    comment: str = ""


class RegistrationLinesForm(forms.Form):
    """All lines at once: one row per person, a title and a form chosen from lists built once."""

    def __init__(self, *args, people, titles, award_forms, lines, **kwargs):
        self.people = list(people)
        self.titles = {str(award.pk): award for award in titles}
        self.award_forms = {str(award.pk): award for award in award_forms}
        self.lines = {line.person_id: line for line in lines}
        initial = dict(kwargs.pop("initial", None) or {})
        for person in self.people:
            line = self.lines.get(person.pk)
            if line:
                initial[f"title_{person.pk}"] = str(line.title_id or "")
                initial[f"form_{person.pk}"] = str(line.form_id or "")
                initial[f"initiative_title_{person.pk}"] = line.initiative_title
                initial[f"initiative_field_{person.pk}"] = line.initiative_field
        super().__init__(*args, initial=initial, **kwargs)
        title_choices = [("", "—")] + [(pk, str(award)) for pk, award in self.titles.items()]
        form_choices = [("", "—")] + [(pk, str(award)) for pk, award in self.award_forms.items()]
        for person in self.people:
            pk = person.pk
            self.fields[f"title_{pk}"] = forms.ChoiceField(
                label=_("Target title"), choices=title_choices, required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm", "data-role": "title"}),
            )  # fmt: skip
            self.fields[f"form_{pk}"] = forms.ChoiceField(
                label=_("Form of commendation"), choices=form_choices, required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm", "data-role": "form"}),
            )  # fmt: skip
            self.fields[f"initiative_title_{pk}"] = forms.CharField(
                label=_("Initiative intended"), required=False, max_length=INITIATIVE_TITLE_MAX,
                widget=forms.TextInput(
                    attrs={"class": "form-control form-control-sm", "placeholder": _("Initiative title")}
                ),
            )  # fmt: skip
            self.fields[f"initiative_field_{pk}"] = forms.CharField(
                label=_("Field of the initiative"), required=False, max_length=INITIATIVE_FIELD_MAX,
                widget=forms.TextInput(
                    attrs={"class": "form-control form-control-sm", "placeholder": _("Initiative field")}
                ),
            )  # fmt: skip

    @property
    def ldtt(self) -> Award | None:
        return next((award for award in self.titles.values() if award.code == LDTT_CODE), None)

    def rows(self) -> list[LineRow]:
        rows = []
        for person in self.people:
            pk = person.pk
            line = self.lines.get(pk)
            rows.append(
                LineRow(
                    person=person,
                    title=self[f"title_{pk}"],
                    form=self[f"form_{pk}"],
                    initiative_title=self[f"initiative_title_{pk}"],
                    initiative_field=self[f"initiative_field_{pk}"],
                    comment=line.review_comment if line else "",
                )
            )
        return rows

    def clean(self):
        cleaned = super().clean()
        for person in self.people:
            for key in ("initiative_title", "initiative_field"):
                name = f"{key}_{person.pk}"
                if name in cleaned:
                    cleaned[name] = clean_text(cleaned[name])
        return cleaned

    def line_data(self) -> list[LineData]:
        data = self.cleaned_data
        return [
            LineData(
                person=person,
                title=self.titles.get(data.get(f"title_{person.pk}") or ""),
                form=self.award_forms.get(data.get(f"form_{person.pk}") or ""),
                initiative_title=data.get(f"initiative_title_{person.pk}", ""),
                initiative_field=data.get(f"initiative_field_{person.pk}", ""),
            )
            for person in self.people
        ]

    def filled_with_ldtt(self, data):
        """A copy of *data* where every blank title is LĐTT (the "LĐTT for all" button without JavaScript)."""
        data = data.copy()
        ldtt = self.ldtt
        if ldtt is None:
            return data
        for person in self.people:
            name = f"title_{person.pk}"
            if not data.get(name):
                data[name] = str(ldtt.pk)
        return data
