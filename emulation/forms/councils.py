from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from emulation.enums import CouncilKind, CouncilRole
from emulation.forms.widgets import DateInput
from emulation.models import Council, CouncilMember, Period, Unit
from emulation.selectors.councils import council_candidates, unit_accounts
from emulation.services.councils import check_decision_number, check_role, check_unique_council
from emulation.uploads import IMAGES, MIB, UploadField

DECISION_FILE_MAX_BYTES = 10 * MIB  # a photographed decision may be larger than UPLOAD_MAX_BYTES_IMAGES
DECISION_FILE_KINDS = ("pdf", *IMAGES)


class CouncilFilterForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.all(), required=False)
    kind = forms.ChoiceField(label=_("Council"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].empty_label = _("All periods")
        self.fields["kind"].choices = [("", _("All councils")), *CouncilKind.choices]
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("All units")
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-select", "data-autosubmit": ""})


class CouncilForm(forms.ModelForm):
    """A council and its establishing decision. ``units`` are those the user may form a council for (creation)."""

    decision_file = UploadField(
        label=_("Decision file"),
        required=False,
        kinds=DECISION_FILE_KINDS,
        max_bytes=DECISION_FILE_MAX_BYTES,
        help_text=_("The signed decision, scanned: PDF, JPG or PNG, at most 10 MB."),
        widget=forms.FileInput,
    )

    class Meta:
        model = Council
        fields = ["unit", "kind", "period", "decision_number", "decision_date"]
        widgets = {"decision_date": DateInput()}
        error_messages = {
            "decision_date": {"invalid": _("Enter the date as dd/mm/yyyy, e.g. 05/09/2024; check that the day exists.")}
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units
            if len(units) == 1:
                self.fields["unit"].initial = units[0].pk
            current = Period.objects.current()
            if current is not None:
                self.fields["period"].initial = current
        self.fields["decision_number"].help_text = _("As printed on the decision, e.g. 12/QĐ-THTT.")
        self.file_extension = ""

    def clean_decision_number(self):
        return check_decision_number(self.cleaned_data["decision_number"])

    def clean_decision_file(self):
        upload = self.cleaned_data.get("decision_file")
        if upload:
            self.file_extension = upload.detected_extension
        return upload

    def clean(self):
        data = super().clean()
        unit = data.get("unit") if "unit" in self.fields else self.instance.unit
        if unit is not None and data.get("period") and data.get("kind"):
            try:
                check_unique_council(unit=unit, period=data["period"], kind=data["kind"], exclude=self.instance)
            except ValidationError as error:
                self.add_error(None, error)
        if data.get("decision_date") and data.get("decision_number") == "":
            self.add_error("decision_number", _("Enter the number of the decision dated %(date)s.")
                           % {"date": data["decision_date"].strftime("%d/%m/%Y")})  # fmt: skip
        return data

    def _get_validation_exclusions(self):
        # One council per unit, period and kind is checked in clean(), with a message naming them.
        return {*super()._get_validation_exclusions(), "period"}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        # The unit is named only for staff of a unit the council's unit manages (a school's principal on a
        # district council): the council's own staff need no more than their position.
        unit = person.unit.name if person.unit_id != getattr(self, "home_unit_id", person.unit_id) else ""
        where = ", ".join(part for part in (person.position, unit) if part)
        return f"{person.full_name} – {where}" if where else person.full_name


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full_name = user.get_full_name()
        return f"{user.username} ({full_name})" if full_name else user.username


class CouncilMemberForm(forms.Form):
    """Add a member (person, role, account) or, with ``member``, change a member's role and account."""

    person = PersonChoiceField(label=_("Staff member"), queryset=CouncilMember.objects.none())
    role = forms.ChoiceField(label=_("Role in the council"), choices=CouncilRole.choices, initial=CouncilRole.MEMBER)
    user = AccountChoiceField(
        label=_("Account"),
        queryset=CouncilMember.objects.none(),
        required=False,
        help_text=_(
            "Optional: the member's login, so that they can act for the council. Left empty, the chosen person's "
            "own account is used when they have one."
        ),
    )

    def __init__(self, *args, council: Council, member: CouncilMember | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.council, self.member = council, member
        if member is None:
            self.fields["person"].queryset = council_candidates(council=council)
            self.fields["person"].home_unit_id = council.unit_id
            self.fields["person"].empty_label = _("Choose a staff member")
        else:
            del self.fields["person"]
        self.fields["user"].queryset = unit_accounts(unit=council.unit)
        self.fields["user"].empty_label = _("No account")

    def clean(self):
        data = super().clean()
        if data.get("role"):
            try:
                check_role(council=self.council, role=data["role"], exclude=self.member)
            except ValidationError as error:
                self.add_error(None, error)
        return data
