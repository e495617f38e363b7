from django.conf import settings
from django.utils import translation

from .services.accounts import LANGUAGE_SESSION_KEY, interface_language


class InterfaceLanguageMiddleware:
    """The site speaks Vietnamese unless the user chose English: the browser's Accept-Language is never read.

    Most office computers run an English Windows and Chrome; following their Accept-Language would
    give the site in English to people who never asked for it. The choice is kept in the session
    (filled from the account at login) and, for the login page, in the language cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        chosen = session.get(LANGUAGE_SESSION_KEY) if session is not None else None
        language = interface_language(chosen or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware:
    """A strict CSP: every script and style comes from this site's static files."""

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response
