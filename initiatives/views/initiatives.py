"""One initiative's page and its files."""

from django.http import FileResponse, Http404
from django.views.generic import TemplateView, View

from emulation.views.mixins import PermissionRequired
from initiatives.selectors.initiatives import initiative_history
from initiatives.views.mixins import InitiativeObjectMixin

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "jpg": "image/jpeg",
    "png": "image/png",
}


class InitiativeDetail(InitiativeObjectMixin, PermissionRequired, TemplateView):
    """The application as filed: its fields, authors, participants, files and history."""

    permission_required = "initiatives.view_initiative"
    template_name = "initiatives/initiative_detail.html"

    def get_context_data(self, **kwargs):
        initiative = self.get_initiative()
        return super().get_context_data(
            initiative=initiative,
            authors=list(initiative.authors.all()),
            participants=list(initiative.participants.all()),
            attachments=list(initiative.attachments.all()),
            history=list(initiative_history(initiative)),
            **kwargs,
        )


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
