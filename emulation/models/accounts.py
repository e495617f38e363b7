from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountPreference(models.Model):
    """What a user chose for themselves, remembered across browsers and computers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference", verbose_name=_("user")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("account preference")
        verbose_name_plural = _("account preferences")

    def __str__(self):
        return f"{self.user}: {self.language}"
