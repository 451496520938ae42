from django.apps import apps
from django.contrib.auth import get_user_model

import factory
from allauth.account.models import EmailAddress

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up user whose e-mail address is verified, with a member profile."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, verified=extracted is not False, primary=True
            )

    @factory.post_generation
    def profile(user, create, extracted, **kwargs):
        """A member profile where working_groups is installed (a host site of cms alone has none)."""
        if create and extracted is not False and apps.is_installed("working_groups"):
            from working_groups.models import MemberProfile

            MemberProfile.objects.create(
                user=user,
                display_name=f"{user.first_name} {user.last_name}".strip() or user.email,
                **kwargs,
            )
