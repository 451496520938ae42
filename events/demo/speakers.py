"""Demo speakers and moderators: fictional people from every kind of covenant party, and the secretariat's
coordinator who moderates.

Speakers without an account carry the gender the secretariat recorded with their agreement (for the panel
balance); the coordinator has an account, so her own profile answer counts (working_groups.demo.members)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from events.demo.media import portrait
from events.models import Speaker
from working_groups.choices import Gender
from working_groups.demo.accounts import DEMO_SECRETARIAT_EMAIL
from working_groups.models import Organisation


@dataclass(frozen=True)
class DemoSpeaker:
    key: str
    name: str
    role: str
    party_slug: str
    bio: str
    organisation_name: str = ""
    account_email: str = ""
    gender: str = ""


DEMO_SPEAKERS = (
    DemoSpeaker(
        "diallo",
        "Amina Diallo",
        "Head of responsible sourcing",
        "delta-circuit-components",
        "Amina built Delta's smelter mapping from a spreadsheet of forty suppliers into a yearly programme "
        "that covers every tin, tungsten and gold smelter in its products. Before that she audited "
        "factories in West Africa.",
        gender=Gender.WOMAN,
    ),
    DemoSpeaker(
        "degraaf",
        "Pieter de Graaf",
        "Senior policy officer, due diligence",
        "ministry-of-foreign-trade",
        "Pieter follows the European rules on due diligence for the ministry and helped negotiate the "
        "covenant. He is a regular voice for practical guidance over new paperwork.",
        gender=Gender.MAN,
    ),
    DemoSpeaker(
        "mwangi",
        "Esther Mwangi",
        "Founder",
        "women-in-mining-east-africa",
        "Esther started as a mineral trader in Migori and founded the network in 2014. She trains women "
        "miners in negotiating with buyers and has advised two governments on gender in mining law.",
        gender=Gender.WOMAN,
    ),
    DemoSpeaker(
        "herrera",
        "Tomás Herrera",
        "International officer",
        "metal-and-technology-workers-union",
        "Tomás links the union with sister unions in Peru, Bolivia and the Democratic Republic of the Congo "
        "and follows up complaints from workers at smelters that supply covenant companies.",
        gender=Gender.MAN,
    ),
    DemoSpeaker(
        "fontaine",
        "Claire Fontaine",
        "Researcher, gender and extractives",
        "centre-for-supply-chain-research",
        "Claire studies how due-diligence tools can capture risks that fall on women. Her field work took "
        "her to artisanal gold and tin sites in four countries.",
        gender=Gender.WOMAN,
    ),
    DemoSpeaker(
        "mukendi",
        "Joseph Mukendi",
        "President",
        "federation-of-artisanal-miners",
        "Joseph speaks for some thirty cooperatives in South Kivu. He negotiated the first direct buying "
        "agreement between a cooperative and a European manufacturer.",
        gender=Gender.MAN,
    ),
    DemoSpeaker(
        "holm",
        "Ingrid Holm",
        "Director of sustainability",
        "nordvik-mining-metals",
        "Ingrid leads Nordvik's human-rights programme and chairs an industry initiative on responsible "
        "smelting.",
        gender=Gender.WOMAN,
    ),
    DemoSpeaker(
        "hendriks",
        "Bas Hendriks",
        "Procurement lead, ICT",
        "municipality-of-westerhaven",
        "Bas buys the laptops, phones and servers of Westerhaven and wrote the city's first tender with "
        "clauses on responsibly sourced minerals.",
        gender=Gender.MAN,
    ),
    DemoSpeaker(
        "boateng",
        "Yaw Boateng",
        "Programme manager",
        "children-first-in-mining",
        "Yaw runs the school and income programme in two gold-mining districts in Ghana and works with "
        "buyers on remediation when children are found at a mine.",
        gender=Gender.MAN,
    ),
    DemoSpeaker(
        "devries",
        "Marieke de Vries",
        "Covenant coordinator",
        "",
        "Marieke coordinates the covenant's secretariat and moderates its webinars and the yearly forum.",
        organisation_name="Covenant secretariat",
        account_email=DEMO_SECRETARIAT_EMAIL,
    ),
)


def seed_speakers() -> dict[str, Speaker]:
    """The demo speakers by key; a speaker that exists (by name) is left as it is, except that a missing
    gender of a speaker without an account is filled in."""
    parties = {party.slug: party for party in Organisation.objects.all()}
    speakers = {}
    for number, spec in enumerate(DEMO_SPEAKERS):
        speaker = Speaker.objects.filter(name=spec.name).first()
        if speaker is None:
            speaker = Speaker.objects.create(
                name=spec.name,
                role=spec.role,
                organisation=parties.get(spec.party_slug),
                organisation_name=spec.organisation_name,
                bio=spec.bio,
                photo=portrait(spec.name, number),
                user=get_user_model().objects.filter(email__iexact=spec.account_email).first()
                if spec.account_email
                else None,
                gender=spec.gender,
            )
        elif spec.gender and not speaker.gender and speaker.user_id is None:
            Speaker.objects.filter(pk=speaker.pk).update(gender=spec.gender)
            speaker.gender = spec.gender
        speakers[spec.key] = speaker
    return speakers
