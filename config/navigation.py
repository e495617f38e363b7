"""The site menu: the root URLconf's sections, each shown to those who may use it (config sits above every app)."""

from django.urls import reverse
from django.utils.translation import pgettext_lazy


def navigation(request):
    """The menu entries this user may use, in order."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    entries = [
        ("emulation:dashboard", pgettext_lazy("navigation", "Dashboard"), "speedometer2", "emulation.use_site"),
        ("emulation:unit-list", pgettext_lazy("navigation", "Units"), "diagram-3", "emulation.view_unit_list"),
        ("emulation:person-list", pgettext_lazy("navigation", "Staff"), "people", "emulation.view_staff_list"),
        (
            "emulation:registration-mine",
            pgettext_lazy("navigation", "Registration"),
            "clipboard-check",
            "emulation.register_own_school",
        ),
        (
            "emulation:registration-list",
            pgettext_lazy("navigation", "Registrations"),
            "clipboard-check",
            "emulation.view_registration_list",
        ),
        ("emulation:deadline-calendar", pgettext_lazy("navigation", "Calendar"), "calendar3", "emulation.use_site"),
        ("schedules:plan-list", pgettext_lazy("navigation", "Plans"), "calendar-check", "schedules.view_plan_list"),
        (
            "schedules:completion-matrix",
            pgettext_lazy("navigation", "Completion"),
            "grid-3x3-gap",
            "schedules.view_completion",
        ),
        ("emulation:council-list", pgettext_lazy("navigation", "Councils"), "people-fill", "emulation.use_site"),
        (
            "initiatives:initiative-school",
            pgettext_lazy("navigation", "Initiatives"),
            "lightbulb",
            "initiatives.file_initiatives",
        ),
        (
            "initiatives:initiative-list",
            pgettext_lazy("navigation", "Initiatives"),
            "lightbulb",
            "initiatives.view_initiative_list",
        ),
        (
            "initiatives:evaluation-councils",
            pgettext_lazy("navigation", "Evaluation"),
            "clipboard-data",
            "initiatives.use_evaluation_menu",
        ),
    ]
    items = []
    for name, label, icon, permission in entries:
        if user.has_perm(permission):
            url = reverse(name)
            active = request.path == url if name == "emulation:dashboard" else request.path.startswith(url)
            items.append({"url": url, "label": label, "icon": icon, "active": active})
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
