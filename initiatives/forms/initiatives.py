"""Forms of the application (TT 18/2013 Phụ lục I): its fields, its authors and participants, its files."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation.forms.widgets import DateInput
from emulation.uploads import UploadField
from initiatives.enums import AttachmentKind
from initiatives.models import Field, Initiative
from initiatives.services.initiatives import (
    ATTACHMENT_KINDS,
    CONTENT_FIELDS,
    AuthorData,
    ParticipantData,
    check_contributions,
    check_first_application,
)


def active_fields():
    return Field.objects.filter(is_active=True).order_by("order", "name")


class InitiativeCreateForm(forms.Form):
    title = forms.CharField(label=_("Name of the initiative"), max_length=300)
    field = forms.ModelChoiceField(label=_("Field of application"), queryset=Field.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = active_fields()


class InitiativeForm(forms.ModelForm):
    """The application's own fields; the date of first application may not be after today (the filing day)."""

    class Meta:
        model = Initiative
        fields = list(CONTENT_FIELDS)
        widgets = {
            "first_applied_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "confidential_info": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "expected_benefit": forms.Textarea(attrs={"rows": 4}),
            "participants_benefit": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = active_fields()

    def clean(self):
        data = super().clean()
        try:
            check_first_application(data.get("first_applied_on"), filed_on=timezone.localdate())
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS}


class AuthorForm(forms.Form):
    """One author: a staff member of the school (their details filled in) or someone from outside, by name."""

    person = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=120, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    workplace = forms.CharField(label=_("Workplace"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    qualification = forms.CharField(label=_("Qualification"), max_length=120, required=False)
    contribution = forms.DecimalField(
        label=_("Contribution (%)"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"),
        max_value=Decimal("100"), required=False,
    )  # fmt: skip

    def __init__(self, *args, people, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.unit = unit

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if person is not None:
            data["full_name"] = data.get("full_name") or person.full_name
            data["date_of_birth"] = data.get("date_of_birth") or person.date_of_birth
            data["workplace"] = data.get("workplace") or person.unit.name
            data["position"] = data.get("position") or person.position
        if not self.has_author():
            return data
        if not data.get("full_name"):
            self.add_error("full_name", _("Give the author's name, or choose a staff member."))
        if not data.get("workplace"):
            self.add_error("workplace", _("Give where the author works."))
        if data.get("contribution") is None:
            self.add_error("contribution", _("Give the author's share of the work."))
        return data

    def has_author(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("person") or data.get("full_name")) and not data.get("DELETE")

    def author(self) -> AuthorData:
        data = self.cleaned_data
        return AuthorData(
            person=data["person"], full_name=data["full_name"], date_of_birth=data["date_of_birth"],
            workplace=data["workplace"], position=data["position"], qualification=data["qualification"],
            contribution=data["contribution"],
        )  # fmt: skip


class BaseAuthorFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        authors = [form.author() for form in self.forms if form.has_author()]
        check_contributions([author.contribution for author in authors])
        people = [author.person.pk for author in authors if author.person is not None]
        if len(people) != len(set(people)):
            raise ValidationError(_("A staff member is named twice among the authors."), code="twice")

    def authors(self) -> list[AuthorData]:
        return [form.author() for form in self.forms if form.has_author()]


AuthorFormSet = forms.formset_factory(AuthorForm, formset=BaseAuthorFormSet, extra=2, can_delete=True, max_num=20)


class ParticipantForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    workplace = forms.CharField(label=_("Workplace"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    qualification = forms.CharField(label=_("Qualification"), max_length=120, required=False)
    task = forms.CharField(label=_("Part taken in the application"), max_length=300, required=False)

    def participant(self) -> ParticipantData | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("full_name") or data.get("DELETE"):
            return None
        return ParticipantData(**{name: data[name] for name in ("full_name", "date_of_birth", "workplace", "position",
                                                                "qualification", "task")})  # fmt: skip


class BaseParticipantFormSet(forms.BaseFormSet):
    def participants(self) -> list[ParticipantData]:
        return [participant for form in self.forms if (participant := form.participant())]


ParticipantFormSet = forms.formset_factory(
    ParticipantForm, formset=BaseParticipantFormSet, extra=2, can_delete=True, max_num=50
)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("The file is"), choices=AttachmentKind.choices)
    file = UploadField(label=_("File (PDF, Word or a photo)"), kinds=ATTACHMENT_KINDS)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What the school must supplement"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
