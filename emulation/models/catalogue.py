from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation.enums import Authority, AwardKind, AwardLevel, AwardScope


class Award(models.Model):
    """The catalogue: emulation titles (danh hiệu thi đua) and forms of commendation (hình thức khen thưởng).

    Loaded from Luật TĐKT 2022 by a data migration; administrators edit it, in particular who confers
    each award, since the organisation changed in 2025 and differs between provinces.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("abbreviation"), max_length=60, blank=True, help_text=_("e.g. LĐTT, CSTĐCS"))
    kind = models.CharField(_("kind"), max_length=10, choices=AwardKind.choices)
    scope = models.CharField(_("for"), max_length=12, choices=AwardScope.choices)
    level = models.CharField(_("level"), max_length=20, choices=AwardLevel.choices)
    conferred_by = models.CharField(_("conferred by"), max_length=30, choices=Authority.choices)
    requires = models.ForeignKey(
        "self",
        verbose_name=_("requires the same year"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("e.g. CSTĐCS requires LĐTT in the same year."),
    )
    needs_initiative = models.BooleanField(
        _("asks for an initiative"),
        default=False,
        help_text=_("The registration line names the initiative the person intends to write."),
    )
    is_local = models.BooleanField(_("sector or local award"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("title or form of commendation")
        verbose_name_plural = _("titles and forms of commendation")
        ordering = ["order", "name"]

    def __str__(self):
        return self.short_name or self.name

    @property
    def is_individual(self) -> bool:
        return self.scope in (AwardScope.INDIVIDUAL, AwardScope.BOTH)

    @property
    def is_collective(self) -> bool:
        return self.scope in (AwardScope.COLLECTIVE, AwardScope.BOTH)
