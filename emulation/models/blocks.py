from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation.enums import BlockRole, SchoolLevel
from emulation.models.organisation import Period, Unit


class EmulationBlock(models.Model):
    """A khối thi đua: similar units grouped by the office that manages them, for one period."""

    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="blocks")
    managing_unit = models.ForeignKey(
        Unit, verbose_name=_("managing unit"), on_delete=models.PROTECT, related_name="managed_blocks"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices, blank=True)
    members = models.ManyToManyField(
        Unit, verbose_name=_("member units"), through="BlockMembership", related_name="blocks"
    )

    class Meta:
        verbose_name = _("emulation block")
        verbose_name_plural = _("emulation blocks")
        ordering = ["period", "managing_unit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "managing_unit", "number"], name="unique_block_number"),
        ]

    def __str__(self):
        return self.name


class BlockMembership(models.Model):
    block = models.ForeignKey(EmulationBlock, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="block_memberships")
    role = models.CharField(_("role in the block"), max_length=10, choices=BlockRole.choices, default=BlockRole.MEMBER)

    class Meta:
        verbose_name = _("block member")
        verbose_name_plural = _("block members")
        constraints = [models.UniqueConstraint(fields=["block", "unit"], name="unique_block_member")]

    def __str__(self):
        return f"{self.block} – {self.unit}"
