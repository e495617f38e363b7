from django.utils import timezone

from emulation.models import Notification


def notify(*, recipients, title: str, body: str = "", url: str = "") -> list:
    """In-app notifications for *recipients* (users), written in one query."""

    return Notification.objects.bulk_create(
        [Notification(recipient=user, title=title[:300], body=body, url=url) for user in recipients]
    )


def mark_notifications_read(*, user, ids=None) -> int:

    unread = user.notifications.filter(read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
