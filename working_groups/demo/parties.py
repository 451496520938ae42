"""Demo covenant parties: fifteen organisations of every stakeholder type, and the people who represent them.

The parties are invented; their descriptions are written for this demo. Organisations are looked up by slug
and brought back to these values on every run, so a second run changes nothing.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from allauth.account.models import EmailAddress

from working_groups.demo.accounts import DEMO_CHAIR_EMAIL, DEMO_MEMBER_EMAIL, DEMO_REGISTERED_EMAIL
from working_groups.models import MemberProfile, Organisation, PartyStatus, StakeholderType
from working_groups.services.profile import profile_get_or_create, profile_update


@dataclass(frozen=True)
class DemoParty:
    slug: str
    name: str
    stakeholder_type: str
    country: str
    description: str
    website: str = ""
    signatory_since: datetime.date | None = None

    @property
    def party_status(self) -> str:
        return PartyStatus.SIGNATORY if self.signatory_since else PartyStatus.SUPPORTING


DEMO_PARTIES = (
    DemoParty(
        "nordvik-mining-metals",
        "Nordvik Mining & Metals",
        StakeholderType.COMPANY,
        "SE",
        "Mines copper and zinc in northern Sweden and buys tin and tantalum concentrate from smelters in "
        "three continents. Publishes a yearly due-diligence report on its mineral suppliers.",
        "https://nordvik.example.org",
        datetime.date(2021, 3, 15),
    ),
    DemoParty(
        "delta-circuit-components",
        "Delta Circuit Components",
        StakeholderType.COMPANY,
        "NL",
        "Makes printed circuit boards for medical and industrial equipment. Maps its tin, tungsten and gold "
        "supply chain down to the smelter and shares the list with its customers.",
        "https://deltacircuit.example.org",
        datetime.date(2021, 3, 15),
    ),
    DemoParty(
        "helmond-metal-recovery",
        "Helmond Metal Recovery",
        StakeholderType.COMPANY,
        "NL",
        "A family firm that recovers copper, silver and palladium from discarded electronics, and wants "
        "recycled metal to count in its customers' sourcing policies.",
        "https://hmr.example.org",
        datetime.date(2022, 9, 1),
    ),
    DemoParty(
        "federation-of-metal-traders",
        "Federation of Metal Traders",
        StakeholderType.INDUSTRY_ASSOCIATION,
        "NL",
        "Represents some ninety importers and wholesalers of base and precious metals, most of them small "
        "businesses, and trains its members in supply-chain due diligence.",
        "https://metaltraders.example.org",
        datetime.date(2021, 3, 15),
    ),
    DemoParty(
        "european-electronics-recyclers",
        "European Electronics Recyclers' Association",
        StakeholderType.INDUSTRY_ASSOCIATION,
        "BE",
        "Brings together recyclers of electrical and electronic waste from twelve countries and speaks for "
        "them "
        "on standards for recycled content.",
        "https://eera.example.org",
    ),
    DemoParty(
        "ministry-of-foreign-trade",
        "Ministry of Foreign Trade and Development",
        StakeholderType.GOVERNMENT,
        "NL",
        "Co-founded the covenant. Funds projects in producing countries and brings the experience of the "
        "parties into the debate on European due-diligence law.",
        "https://trade-ministry.example.org",
        datetime.date(2021, 3, 15),
    ),
    DemoParty(
        "municipality-of-westerhaven",
        "Municipality of Westerhaven",
        StakeholderType.GOVERNMENT,
        "NL",
        "Buys laptops, phones and servers for forty thousand staff and schools, and asks its suppliers "
        "where the metals in them come from.",
        "https://westerhaven.example.org",
        datetime.date(2023, 1, 20),
    ),
    DemoParty(
        "fair-metals-watch",
        "Fair Metals Watch",
        StakeholderType.CIVIL_SOCIETY,
        "NL",
        "Researches working conditions in mines and smelters and follows up on complaints from mining "
        "communities together with local partner organisations.",
        "https://fairmetalswatch.example.org",
        datetime.date(2021, 3, 15),
    ),
    DemoParty(
        "children-first-in-mining",
        "Children First in Mining",
        StakeholderType.CIVIL_SOCIETY,
        "GH",
        "Runs school and income programmes in gold-mining districts so that families need not send their "
        "children to work at the pits.",
        "https://childrenfirst.example.org",
        datetime.date(2022, 4, 11),
    ),
    DemoParty(
        "women-in-mining-east-africa",
        "Women in Mining Network East Africa",
        StakeholderType.CIVIL_SOCIETY,
        "KE",
        "A network of women miners, traders and processors in Kenya, Tanzania and Uganda that campaigns for "
        "safe work, fair prices and a voice in mining licences.",
        "https://wimea.example.org",
    ),
    DemoParty(
        "metal-and-technology-workers-union",
        "Metal and Technology Workers' Union",
        StakeholderType.TRADE_UNION,
        "NL",
        "Organises workers in the metal and electronics industries and supports sister unions in mining "
        "countries through its international solidarity fund.",
        "https://metalunion.example.org",
        datetime.date(2021, 3, 15),
    ),
    DemoParty(
        "federation-of-artisanal-miners",
        "Federation of Artisanal Miners' Cooperatives",
        StakeholderType.TRADE_UNION,
        "CD",
        "Represents cooperatives of artisanal tin and tantalum miners in South Kivu in talks with buyers, "
        "traders and the authorities.",
        "",
        datetime.date(2023, 6, 5),
    ),
    DemoParty(
        "institute-for-resource-studies",
        "Lowlands Institute for Resource Studies",
        StakeholderType.KNOWLEDGE_INSTITUTION,
        "NL",
        "An independent research institute that measures material flows and studies how recycling and "
        "product design can lower the demand for newly mined metals.",
        "https://resourcestudies.example.org",
        datetime.date(2022, 2, 1),
    ),
    DemoParty(
        "centre-for-supply-chain-research",
        "Centre for Supply Chain Research",
        StakeholderType.KNOWLEDGE_INSTITUTION,
        "DE",
        "A university centre that develops practical due-diligence methods for small and medium-sized firms "
        "and evaluates how well they work.",
        "https://supplychainresearch.example.org",
    ),
    DemoParty(
        "responsible-gold-foundation",
        "Responsible Gold Foundation",
        StakeholderType.OTHER,
        "CH",
        "Certifies artisanal gold from mines that meet its labour and environmental criteria and pays a "
        "premium "
        "to the mining communities.",
        "https://responsiblegold.example.org",
        datetime.date(2022, 11, 30),
    ),
)


@dataclass(frozen=True)
class DemoRepresentative:
    """A person of a party who sits in working groups; demo people without a password cannot sign in."""

    email: str
    first_name: str
    last_name: str
    job_title: str
    party_slug: str


DEMO_REPRESENTATIVES = (
    DemoRepresentative(
        "a.okafor@example.org", "Adaeze", "Okafor", "Supply-chain analyst", "delta-circuit-components"
    ),
    DemoRepresentative(
        "w.peeters@example.org", "Wim", "Peeters", "Managing director", "helmond-metal-recovery"
    ),
    DemoRepresentative(
        "h.smits@example.org", "Hanneke", "Smits", "Policy adviser", "federation-of-metal-traders"
    ),
    DemoRepresentative(
        "l.dubois@example.org", "Louise", "Dubois", "Head of standards", "european-electronics-recyclers"
    ),
    DemoRepresentative(
        "r.visser@example.org", "Ruben", "Visser", "Senior policy officer", "ministry-of-foreign-trade"
    ),
    DemoRepresentative(
        "f.elamrani@example.org", "Fatima", "El Amrani", "Procurement adviser", "municipality-of-westerhaven"
    ),
    DemoRepresentative(
        "k.asante@example.org", "Kwabena", "Asante", "Programme director", "children-first-in-mining"
    ),
    DemoRepresentative(
        "g.wanjiru@example.org", "Grace", "Wanjiru", "Network coordinator", "women-in-mining-east-africa"
    ),
    DemoRepresentative(
        "j.bisimwa@example.org", "Jean-Paul", "Bisimwa", "Secretary general", "federation-of-artisanal-miners"
    ),
    DemoRepresentative(
        "s.vandenberg@example.org", "Sanne", "van den Berg", "Researcher", "institute-for-resource-studies"
    ),
    DemoRepresentative(
        "t.keller@example.org", "Tobias", "Keller", "Research fellow", "centre-for-supply-chain-research"
    ),
    DemoRepresentative(
        "m.rossi@example.org", "Marco", "Rossi", "Certification manager", "responsible-gold-foundation"
    ),
)

#: Which party each demo account represents (the secretariat and the administrator represent none).
DEMO_ACCOUNT_PARTIES = {
    DEMO_CHAIR_EMAIL: "nordvik-mining-metals",
    DEMO_MEMBER_EMAIL: "metal-and-technology-workers-union",
    DEMO_REGISTERED_EMAIL: "fair-metals-watch",
}


def seed_parties(specs: Sequence[DemoParty] = DEMO_PARTIES) -> dict[str, Organisation]:
    """Create or refresh the demo parties (by default the fifteen above); returns them by slug."""
    parties = {}
    for spec in specs:
        organisation, _created = Organisation.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "stakeholder_type": spec.stakeholder_type,
                "country": spec.country,
                "website": spec.website,
                "description": spec.description,
                "party_status": spec.party_status,
                "signatory_since": spec.signatory_since,
            },
        )
        parties[spec.slug] = organisation
    return parties


def _link_profile(user, organisation: Organisation) -> None:
    profile = profile_get_or_create(user)
    if profile.organisation_id != organisation.pk:
        MemberProfile.objects.filter(pk=profile.pk).update(organisation=organisation)


def seed_representatives(parties: dict[str, Organisation]) -> dict[str, object]:
    """The demo accounts linked to their parties, plus one representative of every other party.

    Returns the users by e-mail address.
    """
    user_model = get_user_model()
    people = {}
    for email, slug in DEMO_ACCOUNT_PARTIES.items():
        user = user_model.objects.get(email__iexact=email)
        _link_profile(user, parties[slug])
        people[email] = user
    for person in DEMO_REPRESENTATIVES:
        user = user_model.objects.filter(email__iexact=person.email).first()
        if user is None:
            user = user_model(username=person.email, email=person.email)
            user.set_unusable_password()
        user.first_name = person.first_name
        user.last_name = person.last_name
        user.is_active = True
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
        profile_update(
            profile=profile_get_or_create(user),
            display_name=f"{person.first_name} {person.last_name}",
            job_title=person.job_title,
            organisation_name=parties[person.party_slug].name,
        )
        _link_profile(user, parties[person.party_slug])
        people[person.email] = user
    return people
