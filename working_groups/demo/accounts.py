"""Demo accounts: one person for each role, with verified e-mail addresses and believable profiles.

The working-groups seed imports the e-mail constants to make the chair a chair and the member a member.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from allauth.account.models import EmailAddress

from working_groups.services.profile import profile_get_or_create, profile_update

DEMO_SECRETARIAT_EMAIL = "secretariat@example.org"
DEMO_ADMIN_EMAIL = "admin@example.org"
DEMO_CHAIR_EMAIL = "chair@example.org"
DEMO_MEMBER_EMAIL = "member@example.org"
DEMO_REGISTERED_EMAIL = "registered@example.org"

SECRETARIAT_GROUP_NAME = "Secretariat"


@dataclass(frozen=True)
class DemoPerson:
    role: str
    email: str
    first_name: str
    last_name: str
    job_title: str
    organisation_name: str
    superuser: bool = False
    secretariat: bool = False


DEMO_PEOPLE = (
    DemoPerson(
        "Secretariat",
        DEMO_SECRETARIAT_EMAIL,
        "Marieke",
        "de Vries",
        "Covenant coordinator",
        "Covenant secretariat",
        secretariat=True,
    ),
    DemoPerson(
        "Platform administrator",
        DEMO_ADMIN_EMAIL,
        "Jeroen",
        "Bakker",
        "Digital platform manager",
        "Covenant secretariat",
        superuser=True,
    ),
    DemoPerson(
        "Working-group chair",
        DEMO_CHAIR_EMAIL,
        "Lotte",
        "Jansen",
        "Sustainability manager, responsible sourcing",
        "Nordvik Mining & Metals",
    ),
    DemoPerson(
        "Working-group member",
        DEMO_MEMBER_EMAIL,
        "Samuel",
        "Mensah",
        "Policy officer, international solidarity",
        "Metal and Technology Workers' Union",
    ),
    DemoPerson(
        "Registered user",
        DEMO_REGISTERED_EMAIL,
        "Priya",
        "Raman",
        "Researcher, artisanal and small-scale mining",
        "Fair Metals Watch",
    ),
)


def seed_account(person: DemoPerson, password: str, secretariat: Group):
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=person.email).first() or user_model(
        username=person.email, email=person.email
    )
    user.first_name = person.first_name
    user.last_name = person.last_name
    user.is_superuser = person.superuser
    user.is_staff = person.superuser
    user.is_active = True
    user.set_password(password)
    user.save()
    if person.secretariat:
        user.groups.add(secretariat)
    EmailAddress.objects.filter(user=user).exclude(email__iexact=person.email).delete()
    EmailAddress.objects.update_or_create(
        user=user, email=person.email, defaults={"verified": True, "primary": True}
    )
    profile_update(
        profile=profile_get_or_create(user),
        display_name=f"{person.first_name} {person.last_name}",
        job_title=person.job_title,
        organisation_name=person.organisation_name,
        preferred_language="en",
        time_zone="Europe/Amsterdam",
    )
    return user


def seed_accounts(context) -> None:
    """Create or refresh the demo accounts; a second run gives the same accounts, passwords and profiles."""
    secretariat, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP_NAME)
    for person in DEMO_PEOPLE:
        seed_account(person, context.password, secretariat)
        context.add_account(person.role, person.email)
