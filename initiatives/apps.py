from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from emulation.documents.jobs import register_renderer
        from emulation.views.dashboard import register_dashboard_panel

        from .documents import can_view_decision_pdf, render_decision_pdf
        from .selectors.dashboard import dashboard_panel

        register_renderer("initiative_decision", render=render_decision_pdf, can_view=can_view_decision_pdf)
        register_dashboard_panel(template="initiatives/includes/dashboard_panel.html", context=dashboard_panel)
