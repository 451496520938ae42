import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from working_groups.choices import ConsentAction, Gender


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class MemberProfile(models.Model):
    """What a person tells the covenant about themselves; one per user account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(_("display name"), max_length=120)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    organisation_name = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("The covenant party you work for."),
    )
    organisation = models.ForeignKey(
        "working_groups.Organisation",
        verbose_name=_("covenant party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_profiles",
        help_text=_("The covenant party you represent, if it is listed."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    gender = models.CharField(
        _("gender"),
        max_length=20,
        choices=Gender.choices,
        blank=True,
        help_text=_("Optional and self-described; only ever counted in anonymous totals."),
    )
    gender_self_description = models.CharField(_("in your own words"), max_length=100, blank=True)
    gender_consent_at = models.DateTimeField(_("consent to count gender given at"), null=True, blank=True)
    desk_email = models.BooleanField(
        _("daily e-mail of what waits"),
        default=False,
        help_text=_(
            "Secretariat: once a day, the counts of “Waiting for you” (join requests, reviews, flags, "
            "invitations, events, overdue reports) by e-mail; nothing is sent on a day when nothing waits."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self) -> str:
        return self.display_name


class GenderConsentRecord(models.Model):
    """One row each time a member gives or withdraws consent to have their gender counted.

    It records the act and the wording they agreed to, never the answer itself.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gender_consents"
    )
    action = models.CharField(_("action"), max_length=12, choices=ConsentAction.choices)
    notice_version = models.CharField(_("version of the notice"), max_length=20)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("gender consent record")
        verbose_name_plural = _("gender consent records")

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.at:%Y-%m-%d}"
