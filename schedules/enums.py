from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class DoneWhen(models.TextChoices):
    """What counts as done for a milestone: an action tracked from the other apps, or a manual confirmation."""

    REGISTRATION = "registration", _("Emulation registration submitted")
    INITIATIVE_REGISTRATION = "initiative_registration", _("Initiative registration submitted")
    INITIATIVE_APPLICATION = "initiative_application", _("Initiative application submitted")
    AWARD_DOSSIER = "award_dossier", _("Award dossier submitted")
    REPORT = "report", _("Report submitted")
    MANUAL = "manual", _("Confirmed by the unit")


class LogAction(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    TIMELINE_IMPORTED = "timeline_imported", _("Timeline imported")
    ISSUED = "issued", _("Issued")
    AMENDED = "amended", _("Amended")


OVERDUE_OFFSET = -1
