"""Covenant parties: the organisations that signed or support the covenant."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from working_groups.countries import COUNTRIES


class StakeholderType(models.TextChoices):
    COMPANY = "company", _("Company")
    INDUSTRY_ASSOCIATION = "industry_association", _("Industry association")
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation / NGO")
    TRADE_UNION = "trade_union", _("Trade union")
    KNOWLEDGE_INSTITUTION = "knowledge_institution", _("Knowledge institution")
    OTHER = "other", _("Other")


class PartyStatus(models.TextChoices):
    SIGNATORY = "signatory", _("Signatory")
    SUPPORTING = "supporting", _("Supporting party")


class OrganisationQuerySet(models.QuerySet):
    def in_group(self, group_id: int) -> "OrganisationQuerySet":
        """Parties with at least one person in the given working group."""
        return self.filter(member_profiles__user__working_group_memberships__group_id=group_id).distinct()


class Organisation(index.Indexed, models.Model):
    """A covenant party. People link to it through their member profile."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=False)
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=32, choices=StakeholderType.choices, db_index=True
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, db_index=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(
        _("short description"), max_length=600, blank=True, help_text=_("Two or three sentences.")
    )
    party_status = models.CharField(
        _("status"), max_length=16, choices=PartyStatus.choices, default=PartyStatus.SIGNATORY
    )
    signatory_since = models.DateField(
        _("signatory since"), null=True, blank=True, help_text=_("Required for signatories.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("stakeholder_type"), FieldPanel("country")]),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("party_status"), FieldPanel("signatory_since")], heading=_("Covenant status")
        ),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("stakeholder_type"),
        index.FilterField("country"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(party_status="signatory", signatory_since__isnull=True),
                name="organisation_signatory_has_date",
                violation_error_message=_("A signatory needs the date it signed the covenant."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("party_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if not self.slug and self.name:
            self.slug = slugify(self.name)[:200]
        if self.party_status == PartyStatus.SIGNATORY and not self.signatory_since:
            raise ValidationError(
                {"signatory_since": _("A signatory needs the date it signed the covenant.")}
            )
        if self.party_status == PartyStatus.SUPPORTING:
            self.signatory_since = None
