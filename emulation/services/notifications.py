"""What the users are told: the bell's notifications, and the e-mails that go with the notices that matter.

Both are sent once the change has committed (``transaction.on_commit``), by the service that made it.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from emulation.models import Notification

logger = logging.getLogger(__name__)


def notify(*, recipients, title: str, body: str = "", url: str = "") -> list:
    """In-app notifications for *recipients* (users), written in one query."""

    return Notification.objects.bulk_create(
        [Notification(recipient=user, title=title[:300], body=body, url=url) for user in recipients]
    )


def site_url(path: str) -> str:
    """*path* as an address that works outside the site, in an e-mail."""
    return settings.SITE_URL.rstrip("/") + path


def send_notice(*, recipients, template: str, context: dict) -> int:
    """E-mail *recipients* (users) the notice ``<template>.txt``, titled by ``<template>_subject.txt``.

    The texts are rendered once, in the site's language; every address gets its own message, once
    (two accounts sharing an address get one), over one connection. A mail server that refuses is
    logged, not raised: the change has committed and the bell already holds the notice.
    Returns the number of messages sent.
    """
    addresses = sorted({user.email for user in recipients if user.email})
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in addresses]
    try:
        return get_connection().send_messages(messages) or 0
    except (smtplib.SMTPException, OSError):
        logger.exception("the notice %s could not be e-mailed to %s address(es)", template, len(addresses))
        return 0


def mark_notifications_read(*, user, ids=None) -> int:

    unread = user.notifications.filter(read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
