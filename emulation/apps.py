from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "emulation"
    verbose_name = _("Emulation")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .text import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="emulation-vi-collation")
        from django.contrib.auth.signals import user_logged_in

        from .documents.registration_list import register_pdf_renderer
        from .services.accounts import remember_language_on_login

        user_logged_in.connect(remember_language_on_login, dispatch_uid="emulation-language-on-login")

        register_pdf_renderer()
