from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation.enums import DocumentType
from emulation.models.organisation import Unit


class NumberCounter(models.Model):
    """The last number issued by a unit in a year for a document type: the row that issuing locks."""

    unit = models.ForeignKey(Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    doc_type = models.CharField(_("document type"), max_length=5, choices=DocumentType.choices)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "doc_type"], name="one_counter_per_unit_year_type"),
        ]

    def __str__(self):
        return f"{self.unit} {self.year} {self.doc_type}: {self.last_number}"


class IssuedNumber(models.Model):
    """One line of the register of issued documents (sổ đăng ký văn bản đi)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="issued_numbers"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    doc_type = models.CharField(_("document type"), max_length=5, choices=DocumentType.choices)
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("number and symbol"), max_length=60)
    issued_on = models.DateField(_("date issued"))
    title = models.CharField(_("summary"), max_length=500)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("issued document number")
        verbose_name_plural = _("issued document numbers")
        ordering = ["unit", "-year", "doc_type", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "doc_type", "number"], name="unique_issued_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="issued_number_positive"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.symbol
