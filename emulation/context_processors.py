from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request):
    """The menu entries this user may use, in order."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    entries = [
        ("emulation:dashboard", _("Dashboard"), "speedometer2", "emulation.use_site"),
        ("emulation:unit-list", _("Units"), "diagram-3", "emulation.view_unit_list"),
        ("emulation:person-list", _("Staff"), "people", "emulation.view_staff_list"),
        ("schedules:plan-list", _("Plans"), "calendar-check", "schedules.view_plan_list"),
    ]
    items = []
    for name, label, icon, permission in entries:
        if user.has_perm(permission):
            url = reverse(name)
            active = request.path == url if name == "emulation:dashboard" else request.path.startswith(url)
            items.append({"url": url, "label": label, "icon": icon, "active": active})
    if user.is_staff:
        items.append({"url": reverse("admin:index"), "label": _("Administration"), "icon": "gear", "active": False})
    return {"nav_items": items}
