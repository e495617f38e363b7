"""The dashboard: what each role has to do now."""

from collections.abc import Callable

from django.views.generic import TemplateView

from emulation.selectors.calendar import upcoming_deadlines
from emulation.selectors.organisation import people_visible_to, unit_ids_of, units_visible_to
from emulation.selectors.registrations import registrations_awaiting_review, school_registrations

from ..enums import SCHOOL_MANAGER_ROLES, Role
from ..models import Heartbeat
from ..rules import memberships_of

# Panels the apps above add (each registers its own in its AppConfig.ready, as document renderers are): a
# template, and a function of the user giving the panel's context, or None when the panel is not for them.
_PANELS: dict[str, Callable] = {}


def register_dashboard_panel(*, template: str, context: Callable) -> None:
    _PANELS[template] = context


def extra_panels(user) -> list[dict]:
    panels = []
    for template, context in _PANELS.items():
        values = context(user)
        if values is not None:
            panels.append({"template": template, "context": values})
    return panels


class Dashboard(TemplateView):
    """What the user has to do now: their schools' deadlines, and for the office what waits for review.

    Queries: 19 for a principal, however many deadlines (session and user included; two are the initiatives panel).
    """

    template_name = "emulation/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        roles = {role for role, _, _ in memberships_of(user)}
        units = units_visible_to(user)
        context = super().get_context_data(**kwargs)
        context.update(
            roles=[Role(role) for role in sorted(roles)],
            my_units=[m.unit for m in user.memberships.select_related("unit")],
            unit_count=units.count(),
            staff_count=people_visible_to(user).filter(is_active=True).count(),
            show_school=bool(roles & {Role.PRINCIPAL, Role.DEPUTY_PRINCIPAL}),
            show_office=bool(roles & {Role.DISTRICT_STAFF, Role.DISTRICT_HEAD, Role.ADMINISTRATOR}),
            show_council=bool(roles & {Role.COUNCIL_SECRETARY, Role.COUNCIL_MEMBER}),
            show_admin=user.is_superuser or Role.ADMINISTRATOR in roles,
            heartbeat=Heartbeat.objects.filter(name="beat").first(),
            extra_panels=extra_panels(user),
        )
        if context["show_school"]:
            context["my_deadlines"] = upcoming_deadlines(user=user)
            context["leading_unit_ids"] = unit_ids_of(user, SCHOOL_MANAGER_ROLES)
            context["my_registrations"] = school_registrations(user=user)
        if context["show_office"]:
            context["awaiting_review"] = registrations_awaiting_review(user=user)
        return context
