import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from emulation.dates import check_near_period, short_date
from emulation.documents.layout import roman
from emulation.documents.numbering import last_issued_number
from emulation.enums import DocumentType
from emulation.forms.widgets import DateInput
from emulation.models import Period
from emulation.selectors.organisation import unit_head
from emulation.uploads import WORKBOOKS, UploadField

from . import services
from .models import Milestone, Plan, PlanSection
from .selectors.plans import past_milestones, plans_of


class WarningsConfirmMixin:
    """A form that may find something to warn about once the rest is valid.

    It is then refused once, with the warnings listed (``found_warnings``) and a box to tick
    above its fields; sent again with the box ticked, it goes through. Without a warning the
    box is not there at all.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.found_warnings: list[str] = []
        if self.is_bound:
            confirm = forms.BooleanField(label=_("I have read the warnings and still want to go on"), required=False)
            self.fields = {"confirm": confirm, **self.fields}

    def warnings(self, data: dict) -> list[str]:
        return []

    def clean(self):
        data = super().clean()
        if not self.errors:
            self.found_warnings = self.warnings(data)
        if not self.found_warnings:
            self.fields.pop("confirm", None)
        elif not data.get("confirm"):
            self.add_error("confirm", _("Read the warnings above, then tick this box to go on anyway."))
        return data


class PlanForm(WarningsConfirmMixin, forms.ModelForm):
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
            office = offices.first()
            self.fields["issuing_unit"].initial = office.pk
            head = unit_head(office)
            if head is not None:
                self.fields["signer_name"].initial = head.full_name
                self.fields["signer_authority"].initial = head.position.upper()
        if self.instance.pk:
            for name in ("issuing_unit", "period"):
                self.fields[name].disabled = True
        self.fields["annex_title"].required = False

    def clean(self):
        data = self.cleaned_data
        if data.get("signer_prefix") and not data.get("signer_position"):
            self.add_error("signer_position", _("With TM., KT., Q., TL. or TUQ. give the signer's own position too."))
        return super().clean()

    def warnings(self, data: dict) -> list[str]:
        if self.instance.pk:
            return []
        others = list(plans_of(unit=data["issuing_unit"], period=data["period"]))
        if not others:
            return []
        draft = gettext("draft")
        return [
            _("%(unit)s already has a plan for %(period)s: %(plans)s. Make sure this one is not the same plan twice.")
            % {
                "unit": data["issuing_unit"].name,
                "period": data["period"].name,
                "plans": "; ".join(f"{plan.symbol or draft} “{plan.title}”" for plan in others),
            }
        ]


class TimelineImportForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the timeline table"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace"}),
        help_text=_(
            "Copy the table from Word or PDF: TT | Nội dung | Thời gian hoàn thành | Đơn vị thực hiện, its columns in "
            "any order; or the timeline written as month headings (“Từ tháng 10 đến tháng 12 năm 2025”), each "
            "followed by “- task” lines."
        ),
    )
    file = UploadField(label=_("…or upload an Excel sheet"), kinds=WORKBOOKS, required=False)
    replace = forms.BooleanField(label=_("Replace the current timeline"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("file") and "file" not in self.errors:
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


class IssueForm(WarningsConfirmMixin, forms.Form):
    issued_on = forms.DateField(label=_("Date of the plan"), widget=DateInput())

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        try:
            check_near_period(issued_on, period=self.plan.period)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        return issued_on

    def warnings(self, data: dict) -> list[str]:
        issued_on, today = data["issued_on"], timezone.localdate()
        found = []
        if issued_on > today:
            found.append(
                _("%(day)s is a later day: the units will be told of the plan, and its deadlines go live, only then.")
                % {"day": short_date(issued_on)}
            )
        last = last_issued_number(unit=self.plan.issuing_unit, doc_type=DocumentType.PLAN, year=issued_on.year)
        if last is not None and last.issued_on > issued_on:
            found.append(
                _(
                    "Plan %(symbol)s was issued on %(last_day)s, after %(day)s: this plan takes the next number, "
                    "and numbers must follow the dates."
                )
                % {"symbol": last.symbol, "last_day": short_date(last.issued_on), "day": short_date(issued_on)}
            )
        reaches = max(issued_on, today)
        for milestone in past_milestones(plan=self.plan, day=reaches):
            found.append(
                _("Milestone %(order)s, “%(content)s”: its last day %(due)s is already past on %(day)s.")
                % {
                    "order": milestone.order,
                    "content": Truncator(" ".join(milestone.content.split())).chars(80),
                    "due": short_date(milestone.due_on),
                    "day": short_date(reaches),
                }
            )
        return found


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
