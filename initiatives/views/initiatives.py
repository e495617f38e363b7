"""The school's side: its initiatives, the application (fields, authors, participants, files), sending it;
one initiative's page for everyone who may see it; returning it for supplement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from emulation.enums import DeadlineAction
from emulation.models import Period, Person, RegistrationLine
from emulation.selectors.deadlines import deadline_window
from emulation.selectors.organisation import active_staff, schools_led_by
from emulation.uploads import body_too_large, upload_limit
from emulation.views.mixins import PermissionRequired
from initiatives.enums import InitiativeState
from initiatives.forms.initiatives import (
    AttachmentForm,
    AuthorFormSet,
    InitiativeCreateForm,
    InitiativeForm,
    ParticipantFormSet,
    ReturnForm,
)
from initiatives.selectors.evaluation import sheets_visible_to
from initiatives.selectors.initiatives import (
    announced_initiatives,
    initiative_assignments,
    initiative_history,
    school_initiatives,
)
from initiatives.services.initiatives import (
    ATTACHMENT_KINDS,
    attach_file,
    create_initiative,
    forward_initiative,
    initiative_problems,
    remove_file,
    return_initiative,
    save_initiative,
    start_initiative_from_line,
    submit_initiative,
)
from initiatives.views.mixins import InitiativeObjectMixin

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "jpg": "image/jpeg",
    "png": "image/png",
}


def error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class SchoolMixin:
    """The school the user leads (the one chosen with ?unit= when they lead several), and the current period."""

    @cached_property
    def schools(self):
        return list(schools_led_by(self.request.user))

    @cached_property
    def school(self):
        wanted = self.request.GET.get("unit") or self.request.POST.get("unit")
        if wanted:
            school = next((unit for unit in self.schools if str(unit.pk) == wanted), None)
            if school is None:
                raise Http404
            return school
        if not self.schools:
            raise Http404
        return self.schools[0]

    @cached_property
    def period(self):
        period = Period.objects.current()
        if period is None:
            raise Http404
        return period


class InitiativeSchool(SchoolMixin, PermissionRequired, TemplateView):
    """The school's initiatives of the current period with their states, the window for sending them, and the
    initiatives its staff announced on their registration lines, to start from.

    Queries: 12 a page, however many initiatives it shows (session, user and the menu included).
    """

    permission_required = "initiatives.file_initiatives"
    template_name = "initiatives/initiative_school.html"

    def get_context_data(self, **kwargs):
        school, period = self.school, self.period
        return super().get_context_data(
            school=school,
            schools=self.schools,
            period=period,
            initiatives=list(school_initiatives(unit=school, period=period)),
            announced=list(announced_initiatives(unit=school, period=period)),
            window=deadline_window(unit=school, period=period, action=DeadlineAction.INITIATIVE_APPLICATION),
            **kwargs,
        )


class InitiativeCreate(SchoolMixin, PermissionRequired, FormView):
    """Start an initiative from scratch, for the school (on behalf of a teacher: name them among the authors)."""

    permission_required = "initiatives.file_initiatives"
    template_name = "initiatives/initiative_create.html"
    form_class = InitiativeCreateForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(school=self.school, schools=self.schools, **kwargs)

    def form_valid(self, form):
        initiative = create_initiative(
            unit=self.school, period=self.period, title=form.cleaned_data["title"], field=form.cleaned_data["field"],
            by=self.request.user,
        )  # fmt: skip
        messages.success(self.request, _("The initiative was started: now fill in its application."))
        return redirect("initiatives:initiative-update", pk=initiative.pk)


class InitiativeStartFromLine(PermissionRequired, View):
    """POST: start the initiative a person announced on their registration line."""

    permission_required = "initiatives.file_initiatives"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        line = get_object_or_404(
            RegistrationLine.objects.select_related("registration"), pk=self.kwargs["line"],
            registration__unit__in=schools_led_by(request.user),
        )  # fmt: skip
        try:
            initiative = start_initiative_from_line(line=line, by=request.user)
        except ValidationError as error:
            error_messages(request, error)
            return redirect(reverse("initiatives:initiative-school") + f"?unit={line.registration.unit_id}")
        messages.success(request, _("The initiative was started from the registration: complete its application."))
        return redirect("initiatives:initiative-update", pk=initiative.pk)


class InitiativeDetail(InitiativeObjectMixin, PermissionRequired, TemplateView):
    """The application as filed: its fields, authors, participants, files and history; what the user may do with
    it; the council's sheets to those who may see them."""

    permission_required = "initiatives.view_initiative"
    template_name = "initiatives/initiative_detail.html"

    def get_context_data(self, **kwargs):
        initiative = self.get_initiative()
        user = self.request.user
        can_send = user.has_perm("initiatives.send_initiative", initiative)
        evaluations = []
        for assignment in initiative_assignments(initiative):
            sheets = sheets_visible_to(user=user, assignment=assignment)
            if sheets is not None:
                evaluations.append({"assignment": assignment, "sheets": sheets})
        context = {
            "initiative": initiative,
            "authors": list(initiative.authors.all()),
            "hide_authors": not user.has_perm("initiatives.see_authors", initiative),
            "participants": list(initiative.participants.all()),
            "attachments": list(initiative.attachments.all()),
            "history": list(initiative_history(initiative)),
            "can_edit": user.has_perm("initiatives.change_initiative", initiative),
            "can_submit": can_send and user.has_perm("initiatives.submit_initiative", initiative),
            "can_forward": can_send and user.has_perm("initiatives.forward_initiative", initiative),
            "can_return": user.has_perm("initiatives.return_initiative", initiative),
            "evaluations": evaluations,
        }
        if context["can_submit"]:
            context["window"] = deadline_window(
                unit=initiative.unit, period=initiative.period, action=DeadlineAction.INITIATIVE_APPLICATION
            )
            context["problems"] = initiative_problems(initiative=initiative, filed_on=timezone.localdate())
        if context["can_return"]:
            context["return_form"] = ReturnForm()
        return super().get_context_data(**context, **kwargs)


class InitiativeFileDownload(InitiativeObjectMixin, PermissionRequired, View):
    permission_required = "initiatives.view_initiative"

    def get(self, request, *args, **kwargs):
        attachment = next((a for a in self.get_initiative().attachments.all() if a.pk == self.kwargs["file"]), None)
        if attachment is None:
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        extension = attachment.name.rsplit(".", 1)[-1].lower()
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.name,
            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        )  # fmt: skip
        response["X-Content-Type-Options"] = "nosniff"
        return response


class InitiativeUpdate(InitiativeObjectMixin, PermissionRequired, TemplateView):
    """The whole application at once: its fields, its authors (the 100 % rule), its participants; and its files."""

    permission_required = "initiatives.change_initiative"
    template_name = "initiatives/initiative_form.html"

    def people(self):
        initiative = self.get_initiative()
        authors = [author.person_id for author in initiative.authors.all() if author.person_id]
        return (active_staff(initiative.unit) | Person.objects.filter(pk__in=authors)).select_related("unit")

    def forms(self, data=None):
        initiative = self.get_initiative()
        authors = [
            {"person": author.person, "full_name": author.full_name, "date_of_birth": author.date_of_birth,
             "workplace": author.workplace, "position": author.position, "qualification": author.qualification,
             "contribution": author.contribution}
            for author in initiative.authors.all()
        ]  # fmt: skip
        participants = [
            {"full_name": p.full_name, "date_of_birth": p.date_of_birth, "workplace": p.workplace,
             "position": p.position, "qualification": p.qualification, "task": p.task}
            for p in initiative.participants.all()
        ]  # fmt: skip
        people = self.people()
        return {
            "form": InitiativeForm(data, instance=initiative),
            "authors_formset": AuthorFormSet(
                data, prefix="authors", initial=authors, form_kwargs={"people": people, "unit": initiative.unit}
            ),
            "participants_formset": ParticipantFormSet(data, prefix="participants", initial=participants),
        }

    def get_context_data(self, **kwargs):
        initiative = self.get_initiative()
        context = {
            "initiative": initiative,
            "attachments": list(initiative.attachments.all()),
            "attachment_form": AttachmentForm(),
            **(kwargs.pop("forms", None) or self.forms()),
        }
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        forms = self.forms(request.POST)
        if not all(form.is_valid() for form in forms.values()):
            return self.render_to_response(self.get_context_data(forms=forms))
        try:
            save_initiative(
                initiative=self.get_initiative(), by=request.user, content=forms["form"].content(),
                authors=forms["authors_formset"].authors(), participants=forms["participants_formset"].participants(),
            )  # fmt: skip
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                forms["form"].add_error(None, error)
            else:
                forms["authors_formset"]._non_form_errors = forms["authors_formset"].error_class(error.messages)
            return self.render_to_response(self.get_context_data(forms=forms))
        messages.success(request, _("The application was saved."))
        return redirect("initiatives:initiative-detail", pk=self.get_initiative().pk)


class InitiativeFileUpload(InitiativeObjectMixin, PermissionRequired, View):
    """POST: attach a file (PDF, Word, JPG, PNG within their size limits), read for what it really is."""

    permission_required = "initiatives.change_initiative"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        back = reverse("initiatives:initiative-update", args=[self.get_initiative().pk]) + "#files"
        too_large = body_too_large(request, max_bytes=upload_limit(ATTACHMENT_KINDS))
        if too_large:
            messages.error(request, too_large)
            return redirect(back)
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        try:
            attachment = attach_file(
                initiative=self.get_initiative(), kind=form.cleaned_data["kind"], uploaded=form.cleaned_data["file"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("“%(name)s” was attached.") % {"name": attachment.name})
        return redirect(back)


class InitiativeFileDelete(InitiativeObjectMixin, PermissionRequired, View):
    permission_required = "initiatives.change_initiative"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        initiative = self.get_initiative()
        attachment = next((a for a in initiative.attachments.all() if a.pk == self.kwargs["file"]), None)
        if attachment is None:
            raise Http404
        try:
            remove_file(attachment=attachment, by=request.user)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("“%(name)s” was removed.") % {"name": attachment.name})
        return redirect(reverse("initiatives:initiative-update", args=[initiative.pk]) + "#files")


class InitiativeSubmit(InitiativeObjectMixin, PermissionRequired, View):
    """POST: send the application (or send it again): refused with the reasons when the window is closed, a piece
    is missing, or it has been sent already (a second click, another tab)."""

    permission_required = "initiatives.send_initiative"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        initiative = self.get_initiative()
        again = initiative.state == InitiativeState.RETURNED
        try:
            submit_initiative(initiative=initiative, by=request.user)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The initiative was sent again.") if again else _("The initiative was sent."))
        return redirect("initiatives:initiative-detail", pk=initiative.pk)


class InitiativeForward(InitiativeObjectMixin, PermissionRequired, View):
    """POST: send a recognised initiative to the council of the unit above, for a wider scope."""

    permission_required = "initiatives.send_initiative"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        initiative = self.get_initiative()
        try:
            forward_initiative(initiative=initiative, by=request.user, comment=request.POST.get("comment", ""))
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The initiative was forwarded to %(unit)s.") % {"unit": initiative.unit.parent})
        return redirect("initiatives:initiative-detail", pk=initiative.pk)


class InitiativeReturn(InitiativeObjectMixin, PermissionRequired, View):
    """POST: return the application to the school for supplement, saying what to add."""

    permission_required = "initiatives.decide_initiative"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        initiative = self.get_initiative()
        form = ReturnForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say what the school must supplement."))
            return redirect("initiatives:initiative-detail", pk=initiative.pk)
        try:
            return_initiative(initiative=initiative, by=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The initiative was returned to %(unit)s.") % {"unit": initiative.unit.name})
        return redirect("initiatives:initiative-detail", pk=initiative.pk)
