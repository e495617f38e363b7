from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic.detail import SingleObjectMixin


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
