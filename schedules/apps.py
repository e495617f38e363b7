from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = _("Plans and timelines")

    def ready(self):
        from emulation.documents.jobs import register_renderer

        from .documents import can_view_plan, render_plan_pdf

        register_renderer("plan", render=render_plan_pdf, can_view=can_view_plan)
