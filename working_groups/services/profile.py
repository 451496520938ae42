"""Writes to member profiles, and the member's language and time zone preferences in the session."""

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.db import IntegrityError, transaction

from working_groups.models import MemberProfile

#: Session keys read by ``working_groups.middleware.MemberPreferencesMiddleware`` on every request.
SESSION_LANGUAGE_KEY = "roundtable_language"
SESSION_TIME_ZONE_KEY = "roundtable_time_zone"

PROFILE_EDITABLE_FIELDS = (
    "display_name",
    "job_title",
    "organisation_name",
    "preferred_language",
    "time_zone",
    "desk_email",
)


def profile_default_display_name(user: AbstractBaseUser) -> str:
    """A sensible name for someone who never gave one: full name, else the part of the e-mail before the @."""
    full_name = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    if full_name:
        return full_name
    email = getattr(user, "email", "") or ""
    if email:
        return email.split("@", 1)[0]
    return user.get_username()


def profile_create(
    *,
    user: AbstractBaseUser,
    display_name: str = "",
    job_title: str = "",
    organisation_name: str = "",
    preferred_language: str | None = None,
    time_zone: str | None = None,
) -> MemberProfile:
    """Create the profile of a user who has none; validates the values like the profile form does."""
    languages = {code for code, _name in settings.LANGUAGES}
    profile = MemberProfile(
        user=user,
        display_name=display_name.strip() or profile_default_display_name(user),
        job_title=job_title.strip(),
        organisation_name=organisation_name.strip(),
        preferred_language=preferred_language if preferred_language in languages else settings.LANGUAGE_CODE,
        time_zone=time_zone or settings.TIME_ZONE,
    )
    profile.full_clean(exclude=["user"])
    profile.save()
    return profile


def profile_get_or_create(user: AbstractBaseUser) -> MemberProfile:
    """The user's profile, created on the spot for accounts made without one (e.g. ``createsuperuser``)."""
    try:
        return MemberProfile.objects.get(user=user)
    except MemberProfile.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            return profile_create(user=user)
    except IntegrityError:
        # Another request created it between our read and our write.
        return MemberProfile.objects.get(user=user)


def profile_update(*, profile: MemberProfile, **values: Any) -> MemberProfile:
    """Change the editable fields given in ``values``; anything else is refused, so a form cannot widen it."""
    unknown = set(values) - set(PROFILE_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable on a profile: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(profile, name, value.strip() if isinstance(value, str) and name != "time_zone" else value)
    profile.full_clean(exclude=["user", "organisation"])
    profile.save(update_fields=[*values, "updated_at"])
    return profile


def member_preferences_remember(session: SessionBase, profile: MemberProfile) -> None:
    """Keep the language and time zone in the session, where the middleware applies them without a query."""
    session[SESSION_LANGUAGE_KEY] = profile.preferred_language
    session[SESSION_TIME_ZONE_KEY] = profile.time_zone
