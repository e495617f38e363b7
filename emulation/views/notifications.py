"""In-app notifications: the list, opening one, marking all read."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, View

from emulation.services.notifications import mark_notifications_read

from ..models import Notification


class NotificationList(ListView):
    """The user's own notifications, newest first; any logged-in user has this page.

    Queries: 8 a page, however many rows it shows (session and user included).
    """

    template_name = "emulation/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user).order_by("-created_at", "-pk")


class NotificationOpen(View):
    """Mark one of the user's notifications read and follow its link (same-site paths only)."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        notification = get_object_or_404(Notification, pk=kwargs["pk"], recipient=request.user)
        if notification.read_at is None:
            mark_notifications_read(user=request.user, ids=[notification.pk])
        url = notification.url
        if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
            return redirect(url)
        return redirect("emulation:notification-list")


class NotificationReadAll(View):
    """POST only: mark every unread notification of the user read."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        count = mark_notifications_read(user=request.user)
        messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
        return redirect("emulation:notification-list")
