from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_protect
from django.views.generic.detail import SingleObjectMixin

from emulation.uploads import UploadField, body_too_large


class PermissionRequired:
    """Ask ``rules`` for ``permission_required`` on ``get_permission_object()``.

    A user who may not act on an object is told it does not exist (404), as with
    any object outside their units. A mixin that supplies ``get_permission_object``
    comes before this one in the bases. Anonymous users never get here: the login
    middleware sends them to the login page first.
    """

    permission_required: str = ""

    def get_permission_object(self):
        if isinstance(self, SingleObjectMixin):
            return self.get_object()
        return None

    def has_permission(self) -> bool:
        return self.request.user.has_perm(self.permission_required, self.get_permission_object())

    def dispatch(self, request, *args, **kwargs):
        self.request = request
        self.args, self.kwargs = args, kwargs
        if not self.has_permission():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class UploadLimit:
    """Refuse a POST whose declared body is far over the upload's limit before a byte of it is read.

    The limit is ``upload_max_bytes`` or, by default, the largest of the :class:`~emulation.uploads.UploadField`
    limits of ``upload_form`` (the view's form class unless set). The refusal (:meth:`refuse_body`) sends the
    user back to the page with the message.

    Put this mixin first in the bases: the size is checked before anything else, since every other answer
    would read the body first. Django's CSRF check reads it to find the token (in the middleware, and in the
    404 page), so these views are exempt from the middleware and run the same check here, once the size has
    passed, before the permission.
    """

    upload_max_bytes: int | None = None
    upload_form = None

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        view.csrf_exempt = True  # the middleware's check runs in dispatch, after the size's
        return view

    def get_upload_max_bytes(self) -> int:
        if self.upload_max_bytes is not None:
            return self.upload_max_bytes
        form_class = self.upload_form or self.get_form_class()
        return max(field.limit for field in form_class.base_fields.values() if isinstance(field, UploadField))

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            message = body_too_large(request, max_bytes=self.get_upload_max_bytes())
            if message:
                return self.refuse_body(message)
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def refuse_body(self, message: str):
        messages.error(self.request, message)
        return redirect(self.request.get_full_path())


class CachedObjectMixin:
    """``get_object()`` runs its query once per request."""

    def get_object(self, queryset=None):
        if queryset is None and hasattr(self, "_object"):
            return self._object
        obj = super().get_object(queryset)
        if queryset is None:
            self._object = obj
        return obj


def safe_next(request, default: str) -> str:
    """The ``next`` address posted (or in the query string) when it stays on this site, else *default*."""
    wanted = request.POST.get("next") or request.GET.get("next")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default
