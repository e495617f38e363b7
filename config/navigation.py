"""The site menu: the root URLconf's sections, each shown to those who may use it (config sits above every app)."""

from typing import NamedTuple

from django.urls import reverse
from django.utils.translation import pgettext_lazy


class Entry(NamedTuple):
    url_name: str
    label: str
    icon: str
    permission: str
    # Left out for those who hold this permission: they have the section under another entry.
    unless: str | None = None


ENTRIES = [
    Entry(
        "emulation:dashboard",
        pgettext_lazy("navigation", "Dashboard"),
        icon="speedometer2",
        permission="emulation.use_site",
    ),
    Entry(
        "emulation:unit-list",
        pgettext_lazy("navigation", "Units"),
        icon="diagram-3",
        permission="emulation.view_unit_list",
    ),
    Entry(
        "emulation:person-list",
        pgettext_lazy("navigation", "Staff"),
        icon="people",
        permission="emulation.view_staff_list",
    ),
    Entry(
        "emulation:registration-mine",
        pgettext_lazy("navigation", "Registration"),
        icon="clipboard-check",
        permission="emulation.register_own_school",
        unless="emulation.view_registration_list",
    ),
    Entry(
        "emulation:registration-list",
        pgettext_lazy("navigation", "Registrations"),
        icon="clipboard-check",
        permission="emulation.view_registration_list",
    ),
    Entry(
        "emulation:deadline-calendar",
        pgettext_lazy("navigation", "Calendar"),
        icon="calendar3",
        permission="emulation.use_site",
    ),
    Entry(
        "schedules:plan-list",
        pgettext_lazy("navigation", "Plans"),
        icon="calendar-check",
        permission="schedules.view_plan_list",
    ),
    Entry(
        "schedules:completion-matrix",
        pgettext_lazy("navigation", "Completion"),
        icon="grid-3x3-gap",
        permission="schedules.view_completion",
    ),
    Entry(
        "emulation:council-list",
        pgettext_lazy("navigation", "Councils"),
        icon="people-fill",
        permission="emulation.use_site",
    ),
    Entry(
        "initiatives:initiative-school",
        pgettext_lazy("navigation", "Initiatives"),
        icon="lightbulb",
        permission="initiatives.file_initiatives",
        unless="initiatives.view_initiative_list",
    ),
    Entry(
        "initiatives:initiative-list",
        pgettext_lazy("navigation", "Initiatives"),
        icon="lightbulb",
        permission="initiatives.view_initiative_list",
    ),
    Entry(
        "initiatives:evaluation-councils",
        pgettext_lazy("navigation", "Evaluation"),
        icon="clipboard-data",
        permission="initiatives.use_evaluation_menu",
    ),
]


def navigation(request):
    """The menu entries this user may use, in order."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for entry in ENTRIES:
        if user.has_perm(entry.permission) and not (entry.unless and user.has_perm(entry.unless)):
            url = reverse(entry.url_name)
            active = request.path == url if entry.url_name == "emulation:dashboard" else request.path.startswith(url)
            items.append({"url": url, "label": entry.label, "icon": entry.icon, "active": active})
    if user.is_staff:
        items.append(
            {
                "url": reverse("admin:index"),
                "label": pgettext_lazy("navigation", "Administration"),
                "icon": "gear",
                "active": False,
            }
        )
    return {"nav_items": items}
