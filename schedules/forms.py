import re

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.documents.layout import roman
from emulation.forms.widgets import DateInput
from emulation.models import Period

from . import services
from .models import Milestone, Plan, PlanSection


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "issuing_unit", "period", "title", "preamble", "intro", "signer_prefix", "signer_authority",
            "signer_position", "signer_name", "recipients", "annex_title", "before_is_inclusive",
        ]  # fmt: skip
        widgets = {
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "intro": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = offices
        self.fields["period"].queryset = Period.objects.all()
        current = Period.objects.current()
        if current and not self.instance.pk:
            self.fields["period"].initial = current.pk
        if offices.count() == 1 and not self.instance.pk:
            self.fields["issuing_unit"].initial = offices.first().pk
        if self.instance.pk:
            for name in ("issuing_unit", "period"):
                self.fields[name].disabled = True
        self.fields["annex_title"].required = False

    def clean(self):
        data = super().clean()
        if data.get("signer_prefix") and not data.get("signer_position"):
            self.add_error("signer_position", _("With TM., KT., Q., TL. or TUQ. give the signer's own position too."))
        return data


class TimelineImportForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the timeline table"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}),
        help_text=_("Copy the table from Word or PDF: TT | Nội dung | Thời gian hoàn thành | Đơn vị thực hiện."),
    )
    file = forms.FileField(label=_("…or upload an Excel sheet"), required=False)
    replace = forms.BooleanField(label=_("Replace the current timeline"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste the table or choose an Excel file."))
        return data


REMINDER_DAYS_MAX = 60
_REMINDER_DAYS_SEPARATORS = re.compile(r"[,;\s]+")
NOT_A_NUMBER_OF_DAYS = _(
    "“%(word)s” is not a number of days: write whole numbers from 0 to %(max)s, separated by commas, e.g. 7, 3, 1."
)


class MilestoneForm(forms.ModelForm):
    reminder_offsets = forms.CharField(
        label=_("Reminders (days before)"),
        required=False,
        help_text=_("Days before the last day, separated by commas, e.g. 7, 3, 1 (0 is the last day itself)."),
    )

    class Meta:
        model = Milestone
        fields = [
            "order", "content", "due_text", "opens_on", "due_on", "actor_text", "actor_units", "actor_blocks",
            "done_when", "reminder_offsets", "remind_overdue",
        ]  # fmt: skip
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "opens_on": DateInput(),
            "due_on": DateInput(),
            "actor_units": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, units, blocks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor_units"].queryset = units
        self.fields["actor_blocks"].queryset = blocks
        if not self.is_bound:
            self.initial["reminder_offsets"] = ", ".join(map(str, self.instance.reminder_offsets))

    def clean_reminder_offsets(self) -> list[int]:
        """ "7, 3, 1" (or "7 3 1", "[7, 3, 1]") as the stored list: largest first, each day once."""
        text = self.cleaned_data["reminder_offsets"].strip().removeprefix("[").removesuffix("]")
        days = []
        for word in _REMINDER_DAYS_SEPARATORS.split(text.strip()):
            if not word:
                continue
            if not word.isascii() or not word.isdigit() or int(word) > REMINDER_DAYS_MAX:
                raise forms.ValidationError(NOT_A_NUMBER_OF_DAYS, params={"word": word, "max": REMINDER_DAYS_MAX})
            days.append(int(word))
        return sorted(set(days), reverse=True)

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("due_on") and data["opens_on"] > data["due_on"]:
            self.add_error("opens_on", _("The window must open before its last day."))
        if not data.get("actor_units") and not data.get("actor_blocks"):
            self.add_error("actor_units", _("Choose the units (or blocks) that must act."))
        return data


class IssueForm(forms.Form):
    issued_on = forms.DateField(label=_("Date of the plan"), widget=DateInput())


class BaseSectionFormSet(forms.BaseInlineFormSet):
    """The sections in their printed order; a new one goes after the others, with no number to type."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The number the section prints with (I., II., …); a new section gets one once saved.
        form.printed_number = roman(index + 1) if index is not None and index < self.initial_form_count() else ""

    def save_sections(self, *, by) -> None:
        """Save what was added, changed or ticked for removal, each through its service (and the plan log)."""
        sections = self.save(commit=False)
        last = max((form.instance.order for form in self.initial_forms), default=0)
        for section in self.deleted_objects:
            services.delete_plan_section(section=section, by=by)
        for section in sections:
            if section.pk is None:
                last += 1
                section.order = last
            services.save_plan_section(section=section, by=by)


SectionFormSet = forms.inlineformset_factory(
    Plan,
    PlanSection,
    formset=BaseSectionFormSet,
    fields=["heading", "body"],
    extra=3,
    can_delete=True,
    widgets={"body": forms.Textarea(attrs={"rows": 5})},
    help_texts={
        "heading": _("Without its number: I., II., III.… are added in the order of the sections when printing."),
        "body": _("One paragraph a line; *words* between stars print in italics, **words** between two in bold."),
    },
)
