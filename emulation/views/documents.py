"""Documents prepared in the background: progress and download."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView, View

from emulation.documents.jobs import renderer_for

from ..enums import JobStatus
from ..models import DocumentJob


class DocumentJobMixin:
    """A document job is seen only by the user who asked for it, and only while they may see its object."""

    def get_job(self) -> DocumentJob:
        if not hasattr(self, "_job"):
            job = get_object_or_404(DocumentJob, pk=self.kwargs["pk"], requested_by=self.request.user)
            try:
                renderer = renderer_for(job.kind)
            except KeyError:
                raise Http404 from None
            if not renderer.can_view(self.request.user, job.object_id, job.params):
                raise Http404
            self._job = job
        return self._job


class DocumentJobStatus(DocumentJobMixin, TemplateView):
    """The job's progress; htmx polls the partial until the file is ready."""

    template_name = "emulation/document_job.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["emulation/includes/document_job.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.get_job(), **kwargs)


class DocumentJobDownload(DocumentJobMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.get_job()
        if job.status != JobStatus.DONE or not job.file:
            raise Http404
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
