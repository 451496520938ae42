"""A member's optional, self-described gender and their consent to have it counted.

The rules:

- An answer is stored only together with consent to count it in anonymous statistics; an answer without
  consent is refused and nothing changes.
- Giving consent (or giving it again after the notice changed) records a ``GenderConsentRecord(GIVEN)`` with
  the version of the notice the member read, and sets ``gender_consent_at``.
- Withdrawing (the withdraw button, or saving "no answer") deletes the answer and its self-description,
  clears ``gender_consent_at`` and records ``WITHDRAWN``.
- The self-description is kept only with the answer "self-described".

The answer itself is never logged, shown or e-mailed: these functions return what happened, not what was said.
"""

import enum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from working_groups.choices import ConsentAction, Gender
from working_groups.models import GenderConsentRecord, MemberProfile

#: The version of the note on the profile page that members consent to. Change it when the note's meaning
#: changes: a member who saves their answer afterwards is recorded as consenting to the new version.
GENDER_NOTICE_VERSION = "2026-12"

SELF_DESCRIPTION_MAX_LENGTH = MemberProfile._meta.get_field("gender_self_description").max_length

GENDER_FIELDS = ("gender", "gender_self_description", "gender_consent_at", "updated_at")


class GenderChange(enum.StrEnum):
    """What saving the gender question did, for the message shown to the member."""

    UNCHANGED = "unchanged"
    GIVEN = "given"
    CHANGED = "changed"
    WITHDRAWN = "withdrawn"


def gender_answer_clean(*, gender: str, self_description: str, consent: bool) -> tuple[str, str]:
    """The answer as it will be stored: ``(gender, self_description)``.

    Raises ``ValidationError`` keyed by the profile form's field names (``gender``,
    ``gender_self_description``, ``gender_consent``) for an unknown answer, a self-description that is too
    long, or an answer without consent.
    """
    gender = (gender or "").strip()
    self_description = (self_description or "").strip()
    if gender and gender not in Gender.values:
        raise ValidationError({"gender": _("Choose one of the answers, or no answer.")})
    if gender and not consent:
        raise ValidationError(
            {
                "gender_consent": _(
                    "Your answer can only be saved if you agree that it is counted in anonymous statistics. "
                    "Tick the box, or choose “No answer”."
                )
            }
        )
    if gender != Gender.SELF_DESCRIBED:
        return gender, ""
    if len(self_description) > SELF_DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {
                "gender_self_description": _("Use at most %(limit)d characters.")
                % {"limit": SELF_DESCRIPTION_MAX_LENGTH}
            }
        )
    return gender, self_description


def _record(profile: MemberProfile, action: str) -> GenderConsentRecord:
    return GenderConsentRecord.objects.create(
        user_id=profile.user_id, action=action, notice_version=GENDER_NOTICE_VERSION
    )


def _consent_is_current(profile: MemberProfile) -> bool:
    """Consent is in place and was given to the notice members read today."""
    if profile.gender_consent_at is None:
        return False
    latest = (
        GenderConsentRecord.objects.filter(user_id=profile.user_id)
        .order_by("-at", "-pk")
        .values_list("action", "notice_version")
        .first()
    )
    return latest == (ConsentAction.GIVEN, GENDER_NOTICE_VERSION)


@transaction.atomic
def profile_gender_save(
    *, profile: MemberProfile, gender: str, self_description: str = "", consent: bool
) -> GenderChange:
    """Store, change or (with no answer) withdraw the member's answer, following the module's rules.

    Raises ``ValidationError`` (see ``gender_answer_clean``) and changes nothing when the input is refused.
    """
    gender, self_description = gender_answer_clean(
        gender=gender, self_description=self_description, consent=consent
    )
    if not gender:
        return GenderChange.WITHDRAWN if profile_gender_withdraw(profile=profile) else GenderChange.UNCHANGED
    had_answer = bool(profile.gender)
    same_answer = (profile.gender, profile.gender_self_description) == (gender, self_description)
    consent_current = _consent_is_current(profile)
    if same_answer and consent_current:
        return GenderChange.UNCHANGED
    profile.gender = gender
    profile.gender_self_description = self_description
    if not consent_current:
        _record(profile, ConsentAction.GIVEN)
        profile.gender_consent_at = timezone.now()
    profile.save(update_fields=GENDER_FIELDS)
    return GenderChange.CHANGED if had_answer and consent_current else GenderChange.GIVEN


@transaction.atomic
def profile_gender_withdraw(*, profile: MemberProfile) -> bool:
    """Delete the member's answer and record that consent was withdrawn.

    Returns False (and records nothing) when there was neither an answer nor consent to withdraw.
    """
    if not (profile.gender or profile.gender_self_description or profile.gender_consent_at):
        return False
    profile.gender = ""
    profile.gender_self_description = ""
    profile.gender_consent_at = None
    profile.save(update_fields=GENDER_FIELDS)
    _record(profile, ConsentAction.WITHDRAWN)
    return True
