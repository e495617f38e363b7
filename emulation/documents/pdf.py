from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# The base URL of the HTML given to WeasyPrint: ``{% static %}`` URLs ("/static/…")
# resolve under it and are mapped back to the static files by the fetcher below.
PDF_BASE_URL = "file:///"


def _static_dirs() -> list[Path]:
    return [Path(d).resolve() for d in (*settings.STATICFILES_DIRS, settings.STATIC_ROOT)]


def _collected(name: str) -> str | None:
    """A file as collectstatic wrote it: in production the static URLs carry a content hash, unknown to the finders."""
    root = Path(settings.STATIC_ROOT).resolve()
    path = (root / name).resolve()
    return str(path) if path.is_file() and path.is_relative_to(root) else None


def static_url_fetcher():
    """A WeasyPrint fetcher that reads static files only: no network, no other file."""
    from weasyprint.urls import URLFetcher

    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme != "file":
                raise ValueError(f"Documents load static files only, not {url}")
            path = unquote(parts.path)
            if ".." in path.split("/"):
                raise ValueError(f"Not a static file: {url}")
            if path.startswith(static_prefix):
                name = path.removeprefix(static_prefix)
                found = finders.find(name) or _collected(name)
                if found:
                    return super().fetch(Path(found).resolve().as_uri(), headers)
            resolved = Path(path).resolve()
            if resolved.is_file() and any(resolved.is_relative_to(d) for d in _static_dirs()):
                return super().fetch(resolved.as_uri(), headers)
            raise ValueError(f"Not a static file: {url}")

    return StaticFilesFetcher()


def html_to_pdf(*, html: str) -> bytes:
    """Render an HTML page (from a ``documents/`` template) to PDF bytes."""
    from weasyprint import HTML

    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=static_url_fetcher()).write_pdf()


def render_pdf(*, template_name: str, context: dict) -> bytes:
    """Render a ``documents/`` template to PDF. Long documents belong in a task (see DocumentJob)."""
    return html_to_pdf(html=render_to_string(template_name, context))
