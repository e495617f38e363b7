"""Requests as a browser sends them, CSRF checked, and bodies that fail the test if a byte of them is read."""

import io

from django.conf import settings
from django.test import Client

CSRF_SECRET = "uploadlimitcsrfsecret00000000000"  # 32 letters and digits: the form of a CSRF cookie


class UnreadableBody(io.RawIOBase):
    """A request body that must not be read: an upload refused from its declared size alone."""

    def readable(self) -> bool:
        return True

    def read(self, *args, **kwargs):
        raise AssertionError("the request body was read")

    readinto = readline = read


def csrf_client(user) -> Client:
    """A client that enforces CSRF, logged in as *user*, holding the CSRF cookie a page would have set."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    return client


def post_declaring(client: Client, url: str, *, size: int):
    """POST to *url* a multipart body declared *size* bytes long that fails the test if it is read."""
    environ = {
        "CONTENT_TYPE": "multipart/form-data; boundary=never-read",
        "CONTENT_LENGTH": str(size),
        "wsgi.input": UnreadableBody(),
    }
    return client.generic("POST", url, **environ)


def csrf_header() -> dict:
    """The header a page's form (or script) sends the CSRF token in."""
    return {"X-CSRFToken": CSRF_SECRET}
