"""Writes to the secret keys of personal calendar feeds."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from events.models import CalendarFeedKey
from events.models.registrations import new_feed_key


def feed_key_get_or_create(user: AbstractBaseUser) -> CalendarFeedKey:
    """The user's feed key, made the first time they ask for their calendar's address."""
    key, _created = CalendarFeedKey.objects.get_or_create(user=user)
    return key


@transaction.atomic
def feed_key_reset(user: AbstractBaseUser) -> CalendarFeedKey:
    """A new secret for the user's feed: the old address stops working at once (it is overwritten)."""
    key, created = CalendarFeedKey.objects.select_for_update().get_or_create(user=user)
    if not created:
        key.key = new_feed_key()
        key.last_used_at = None
        key.save(update_fields=["key", "last_used_at"])
    return key
