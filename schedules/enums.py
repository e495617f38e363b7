from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class LogAction(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    TIMELINE_IMPORTED = "timeline_imported", _("Timeline imported")
    ISSUED = "issued", _("Issued")
    ANNOUNCED = "announced", _("Announced to the units")
    AMENDED = "amended", _("Amended")


OVERDUE_OFFSET = -1
