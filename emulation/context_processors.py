from django.utils.functional import cached_property

from emulation.models import Notification


class NotificationBell:
    """The unread count for the navigation bar's bell: one query, run only if a template shows it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:

        return Notification.objects.filter(recipient=self.user, read_at__isnull=True).count()

    @property
    def label(self) -> str:
        return "99+" if self.unread > 99 else str(self.unread)


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_bell": NotificationBell(user)}
