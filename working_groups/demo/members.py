"""More demo members, and the optional gender answers of demo people, so the participation insights have
something to count: about 70% of the demo members answered the gender question and agreed to have it counted.

The mix is meant to look like a real covenant: more men than women from industry, more women in the civil-
society networks, two non-binary people, two who prefer not to say, one who describes themselves in their own
words, and some who never answered. Totals by gender pass the small-number threshold; most breakdowns by group
or stakeholder type do not, so the insights show both shown and suppressed cells.

Idempotent: people are looked up by e-mail, memberships by (group, person); answers go through the profile
service, which records consent only when it is not already in place. People without an answer are left as
they are.
"""

import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from allauth.account.models import EmailAddress

from working_groups.choices import Gender, MembershipAction, Role
from working_groups.demo.accounts import (
    DEMO_ADMIN_EMAIL,
    DEMO_CHAIR_EMAIL,
    DEMO_MEMBER_EMAIL,
    DEMO_REGISTERED_EMAIL,
    DEMO_SECRETARIAT_EMAIL,
)
from working_groups.models import MemberProfile, Membership, Organisation, WorkingGroupPage
from working_groups.services.membership import record_event
from working_groups.services.profile import profile_get_or_create, profile_update
from working_groups.services.profile_gender import profile_gender_save

GENDER_LENS = "gender-lens-mineral-supply-chains"
CHILD_RIGHTS = "child-rights-artisanal-mining"
RECYCLING = "secondary-raw-materials-recycling"
SME_TOOLS = "due-diligence-tools-smes"
PROCUREMENT = "responsible-public-procurement"

W, M, NB, PNS = Gender.WOMAN, Gender.MAN, Gender.NON_BINARY, Gender.PREFER_NOT_TO_SAY
NO_ANSWER = ""

#: The answers of the demo people made elsewhere (accounts and party representatives), by e-mail.
DEMO_GENDERS = {
    DEMO_SECRETARIAT_EMAIL: W,
    DEMO_ADMIN_EMAIL: NO_ANSWER,
    DEMO_CHAIR_EMAIL: W,
    DEMO_MEMBER_EMAIL: M,
    DEMO_REGISTERED_EMAIL: NO_ANSWER,
    "a.okafor@example.org": W,
    "w.peeters@example.org": M,
    "h.smits@example.org": NO_ANSWER,
    "l.dubois@example.org": W,
    "r.visser@example.org": NO_ANSWER,
    "f.elamrani@example.org": W,
    "k.asante@example.org": M,
    "g.wanjiru@example.org": W,
    "j.bisimwa@example.org": M,
    "s.vandenberg@example.org": Gender.SELF_DESCRIBED,
    "t.keller@example.org": NO_ANSWER,
    "m.rossi@example.org": NO_ANSWER,
}
SELF_DESCRIPTIONS = {"s.vandenberg@example.org": "Genderqueer"}


@dataclass(frozen=True)
class DemoMember:
    """A person who sits in working groups but never signs in to the demo (no password)."""

    first_name: str
    last_name: str
    job_title: str
    party_slug: str
    gender: str
    groups: tuple[str, ...]

    @property
    def email(self) -> str:
        ascii_name = unicodedata.normalize("NFKD", self.last_name).encode("ascii", "ignore").decode()
        return f"{self.first_name[0]}.{ascii_name.replace(' ', '')}@example.org".lower()


DEMO_MEMBERS = (
    DemoMember(
        "Erik", "Lindqvist", "Procurement manager", "nordvik-mining-metals", M, (RECYCLING, SME_TOOLS)
    ),
    DemoMember("Johan", "Berg", "Mine site manager", "nordvik-mining-metals", M, (GENDER_LENS,)),
    DemoMember(
        "Karin", "Olsson", "Human-rights specialist", "nordvik-mining-metals", W, (GENDER_LENS, CHILD_RIGHTS)
    ),
    DemoMember(
        "Sofia", "Andersson", "Sustainability analyst", "nordvik-mining-metals", NO_ANSWER, (RECYCLING,)
    ),
    DemoMember("Mark", "de Boer", "Quality engineer", "delta-circuit-components", M, (SME_TOOLS,)),
    DemoMember("Dennis", "Kuipers", "Purchasing lead", "delta-circuit-components", M, (RECYCLING,)),
    DemoMember("Martin", "Schulz", "Sourcing analyst", "delta-circuit-components", NO_ANSWER, (GENDER_LENS,)),
    DemoMember(
        "Thomas", "Verhoeven", "Operations director", "helmond-metal-recovery", NO_ANSWER, (RECYCLING,)
    ),
    DemoMember("Stefan", "Meijer", "Compliance officer", "federation-of-metal-traders", M, (SME_TOOLS,)),
    DemoMember(
        "Anouk", "Willems", "Member services", "federation-of-metal-traders", W, (SME_TOOLS, GENDER_LENS)
    ),
    DemoMember("Pierre", "Lambert", "Technical director", "european-electronics-recyclers", M, (RECYCLING,)),
    DemoMember("Luca", "Bianchi", "Policy officer", "european-electronics-recyclers", PNS, (RECYCLING,)),
    DemoMember(
        "Eva", "Jacobs", "Trade policy adviser", "ministry-of-foreign-trade", W, (GENDER_LENS, PROCUREMENT)
    ),
    DemoMember("Daan", "Mulder", "Policy officer", "ministry-of-foreign-trade", NO_ANSWER, (CHILD_RIGHTS,)),
    DemoMember("Yusuf", "Demir", "Category manager ICT", "municipality-of-westerhaven", M, (PROCUREMENT,)),
    DemoMember(
        "Noor", "Hendrikx", "Procurement officer", "municipality-of-westerhaven", NO_ANSWER, (PROCUREMENT,)
    ),
    DemoMember("Amani", "Njoroge", "Field coordinator", "women-in-mining-east-africa", W, (GENDER_LENS,)),
    DemoMember(
        "Rehema", "Mushi", "Trader and trainer", "women-in-mining-east-africa", NO_ANSWER, (GENDER_LENS,)
    ),
    DemoMember("Kofi", "Owusu", "Community liaison", "children-first-in-mining", M, (CHILD_RIGHTS,)),
    DemoMember("Abena", "Darko", "Education officer", "children-first-in-mining", NO_ANSWER, (CHILD_RIGHTS,)),
    DemoMember("Lisa", "Vermeulen", "Campaigner", "fair-metals-watch", W, (GENDER_LENS, CHILD_RIGHTS)),
    DemoMember("Alex", "Moreau", "Researcher", "fair-metals-watch", NB, (GENDER_LENS,)),
    DemoMember("Henk", "Bos", "Union organiser", "metal-and-technology-workers-union", M, (RECYCLING,)),
    DemoMember(
        "Kim", "de Wit", "Health and safety officer", "metal-and-technology-workers-union", NB, (SME_TOOLS,)
    ),
    DemoMember(
        "Chantal",
        "Mapendo",
        "Cooperative delegate",
        "federation-of-artisanal-miners",
        W,
        (CHILD_RIGHTS, GENDER_LENS),
    ),
    DemoMember(
        "Patrick", "Amani", "Cooperative treasurer", "federation-of-artisanal-miners", M, (CHILD_RIGHTS,)
    ),
    DemoMember("Julia", "Hoffmann", "PhD researcher", "centre-for-supply-chain-research", W, (SME_TOOLS,)),
    DemoMember("Felix", "Wagner", "Professor", "centre-for-supply-chain-research", NO_ANSWER, (SME_TOOLS,)),
    DemoMember("Robin", "Jansen", "Data analyst", "institute-for-resource-studies", PNS, (RECYCLING,)),
    DemoMember("Beatriz", "Alves", "Field auditor", "responsible-gold-foundation", W, (CHILD_RIGHTS,)),
)

JOINED_DAYS_AGO = 150


def seed_members() -> None:
    """Create the extra members with their parties and groups, then give every demo person their answer."""
    parties = {party.slug: party for party in Organisation.objects.all()}
    groups = {group.slug: group for group in WorkingGroupPage.objects.all()}
    for position, spec in enumerate(DEMO_MEMBERS):
        party = parties.get(spec.party_slug)
        if party is None:
            continue
        user = _member_account(spec, party)
        for slug in spec.groups:
            if slug in groups:
                _join(
                    groups[slug], user, joined_at=timezone.now() - timedelta(days=JOINED_DAYS_AGO - position)
                )
    answers = {**DEMO_GENDERS, **{spec.email: spec.gender for spec in DEMO_MEMBERS}}
    seed_genders(answers)


def _member_account(spec: DemoMember, party: Organisation):
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=spec.email).first()
    if user is None:
        user = user_model(username=spec.email, email=spec.email, first_name=spec.first_name)
        user.last_name = spec.last_name
        user.set_unusable_password()
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=spec.email, defaults={"verified": True, "primary": True}
    )
    profile = profile_update(
        profile=profile_get_or_create(user),
        display_name=f"{spec.first_name} {spec.last_name}",
        job_title=spec.job_title,
        organisation_name=party.name,
    )
    if profile.organisation_id != party.pk:
        MemberProfile.objects.filter(pk=profile.pk).update(organisation=party)
    return user


def _join(group: WorkingGroupPage, user, *, joined_at) -> None:
    _membership, created = Membership.objects.get_or_create(
        group=group, user=user, defaults={"role": Role.MEMBER, "joined_at": joined_at}
    )
    if created:
        record_event(group, MembershipAction.JOINED, actor=user, subject=user, role=Role.MEMBER)


def seed_genders(answers: dict[str, str]) -> None:
    """Give the demo people (by e-mail) their consented answer; people without an answer are left alone."""
    profiles = MemberProfile.objects.filter(
        user__email__in=[email for email, gender in answers.items() if gender]
    )
    for profile in profiles.select_related("user"):
        email = profile.user.email.lower()
        profile_gender_save(
            profile=profile,
            gender=answers[email],
            self_description=SELF_DESCRIPTIONS.get(email, ""),
            consent=True,
        )
