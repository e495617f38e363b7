from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from emulation.enums import Role
from emulation.models import Person
from emulation.selectors.organisation import active_staff
from emulation.text import clean_text

User = get_user_model()


class AccountCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"), max_length=150, regex=r"^[\w.@+-]+$",
        help_text=_("Letters without accents, digits and . @ + - _ only."),
    )  # fmt: skip
    person = forms.ModelChoiceField(label=_("Staff member"), queryset=Person.objects.none(), required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput(render_value=False))

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["person"].queryset = active_staff(unit)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username

    def clean_full_name(self):
        return clean_text(self.cleaned_data["full_name"])

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("full_name"):
            self.add_error("full_name", _("Choose a staff member or enter a full name."))
        if data.get("password"):
            try:
                validate_password(data["password"], User(username=data.get("username", "")))
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data
