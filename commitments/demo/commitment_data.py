"""The demo's commitments: what the invented parties promise, how they measure it and what they reported.

Months are counted back from the day of the first seed run, so the register always looks current: some
commitments are on track, one is overdue, one is withdrawn with its history, one waits for review.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    unit: str
    baseline: str
    target: str
    direction: str = "increase"


@dataclass(frozen=True)
class DemoUpdate:
    months_ago: int
    narrative: str
    values: tuple = ()
    new_status: str = ""
    workflow: str = "published"


@dataclass(frozen=True)
class DemoCommitment:
    title: str
    description: str
    parties: tuple[str, ...]
    themes: tuple[str, ...]
    steps: tuple[int, ...]
    sdgs: tuple[str, ...]
    started_months_ago: int
    months: int
    status: str = "in_progress"
    indicators: tuple[DemoIndicator, ...] = ()
    updates: tuple[DemoUpdate, ...] = ()
    group: str = ""
    visibility: str = "public"
    kind: str = "ordinary"
    workflow: str = "published"
    review_comment: str = ""


NORDVIK, DELTA, HELMOND = "nordvik-mining-metals", "delta-circuit-components", "helmond-metal-recovery"
TRADERS, RECYCLERS = "federation-of-metal-traders", "european-electronics-recyclers"
MINISTRY, WESTERHAVEN = "ministry-of-foreign-trade", "municipality-of-westerhaven"
WATCH, CHILDREN, WOMEN = "fair-metals-watch", "children-first-in-mining", "women-in-mining-east-africa"
UNION, ARTISANAL = "metal-and-technology-workers-union", "federation-of-artisanal-miners"
INSTITUTE, CENTRE, GOLD = (
    "institute-for-resource-studies",
    "centre-for-supply-chain-research",
    "responsible-gold-foundation",
)

GENDER_ACTION_PLAN_TITLE = "Publish a gender action plan for our mines and suppliers"

DEMO_COMMITMENTS = (
    DemoCommitment(
        GENDER_ACTION_PLAN_TITLE,
        "Nordvik publishes a gender action plan with targets for women in operational roles, a "
        "zero-tolerance "
        "policy on harassment at its own sites, and questions on gender risks in its supplier assessment. "
        "The "
        "plan and its indicators are public, as the women's-rights-in-mining guidance asks.",
        (NORDVIK, WOMEN),
        ("gender-equality", "human-rights"),
        (1, 2, 5),
        ("5.1", "5.5", "8.5"),
        14,
        36,
        kind="gender_action_plan",
        indicators=(
            DemoIndicator("Women in operational roles", "%", "11", "25"),
            DemoIndicator("Suppliers assessed on gender risks", "suppliers", "0", "40"),
        ),
        updates=(
            DemoUpdate(
                11,
                "The plan was adopted by the board and published in English, Swedish and Swahili.",
                ("12", "4"),
            ),
            DemoUpdate(
                6,
                "Apprenticeships for women drivers started at both mines; 14 suppliers answered the new "
                "questions.",
                ("15", "14"),
            ),
            DemoUpdate(
                1,
                "Harassment reporting line opened to contractors; 22 suppliers assessed so far.",
                ("17", "22"),
            ),
        ),
    ),
    DemoCommitment(
        "Map smelters in our tin supply chain against the RMI assessment",
        "Delta Circuit Components identifies every smelter in its tin, tantalum, tungsten and gold supply "
        "chain and "
        "checks its status in the Responsible Minerals Initiative assessment, asking suppliers to move away "
        "from "
        "smelters that refuse an audit.",
        (DELTA,),
        ("conflict-minerals", "due-diligence"),
        (2, 3),
        ("12.2", "16.5"),
        20,
        30,
        indicators=(
            DemoIndicator("Smelters identified", "smelters", "0", "120"),
            DemoIndicator("Identified smelters conformant with the RMI assessment", "%", "54", "95"),
        ),
        updates=(
            DemoUpdate(
                17,
                "Questionnaire sent to all 48 direct suppliers; 30 answered with smelter lists.",
                ("61", "58"),
            ),
            DemoUpdate(11, "Follow-up calls with the 18 suppliers who did not answer.", ("88", "66")),
            DemoUpdate(5, "Two suppliers replaced a smelter that refused an audit.", ("104", "79")),
        ),
    ),
    DemoCommitment(
        "Cut direct CO2 emissions 30% by 2027",
        "Nordvik electrifies its underground loaders, replaces the oil boiler at the concentrator with a "
        "heat pump "
        "and buys renewable electricity for both mines.",
        (NORDVIK,),
        ("environment-climate",),
        (3, 4),
        ("13.2", "9.4"),
        24,
        40,
        indicators=(DemoIndicator("Direct (scope 1) emissions", "t CO2", "48000", "33600", "decrease"),),
        updates=(
            DemoUpdate(18, "Baseline verified by an external auditor.", ("47800",)),
            DemoUpdate(12, "Heat pump running at the concentrator since March.", ("44100",)),
            DemoUpdate(4, "First twelve electric loaders delivered; diesel use down a fifth.", ("40200",)),
        ),
    ),
    DemoCommitment(
        "Introduce social criteria in ICT tenders",
        "Westerhaven puts supply-chain transparency and labour-rights criteria in every tender for laptops, "
        "phones and servers, with contract clauses that let it ask for the smelter list.",
        (WESTERHAVEN, MINISTRY),
        ("public-procurement", "human-rights"),
        (1, 3),
        ("12.7",),
        16,
        24,
        indicators=(DemoIndicator("ICT tenders with social criteria", "%", "0", "100"),),
        updates=(
            DemoUpdate(12, "Model clauses agreed with the regional purchasing pool.", ("20",)),
            DemoUpdate(3, "Laptop and printer tenders awarded with the new criteria.", ("60",)),
        ),
    ),
    DemoCommitment(
        "Pay a living wage at our recycling plant",
        "Helmond Metal Recovery closes the gap between its lowest wages and the living wage for the region, "
        "including for agency workers on the sorting line.",
        (HELMOND, UNION),
        ("decent-work",),
        (3,),
        ("8.5",),
        10,
        24,
        indicators=(DemoIndicator("Workers paid at least a living wage", "%", "72", "100"),),
        updates=(DemoUpdate(5, "Agency contracts renegotiated; wages raised on the sorting line.", ("86",)),),
    ),
    DemoCommitment(
        "Open a grievance mechanism for mine workers and communities",
        "Workers, their unions and people living near the mines can raise complaints in their own language, "
        "anonymously if they wish, and follow what happens with them.",
        (NORDVIK, UNION),
        ("human-rights", "decent-work"),
        (6,),
        ("8.8", "16.10"),
        18,
        24,
        indicators=(
            DemoIndicator("Complaints answered within 30 days", "%", "0", "90"),
            DemoIndicator("Languages offered", "languages", "1", "5"),
        ),
        updates=(
            DemoUpdate(14, "Hotline and web form in Swedish and English opened.", ("40", "2")),
            DemoUpdate(
                8, "Sami and Finnish added; first complaints on shift patterns resolved.", ("65", "4")
            ),
            DemoUpdate(2, "Swahili added for the East African supplier sites.", ("81", "5")),
        ),
    ),
    DemoCommitment(
        "Remediation fund for children found working at supplier sites",
        "Parties pool money so that a child found working at a supplier's site goes back to school with an "
        "income for the family, instead of the buyer simply walking away.",
        (NORDVIK, CHILDREN, GOLD),
        ("child-labour", "human-rights"),
        (6,),
        ("8.7", "4.4"),
        12,
        36,
        group="child-rights-artisanal-mining",
        visibility="group",
        indicators=(DemoIndicator("Children supported back to school", "children", "0", "300"),),
        updates=(
            DemoUpdate(4, "First 46 children enrolled; cases discussed in confidence in the group.", ("46",)),
        ),
    ),
    DemoCommitment(
        "Recycled content in our circuit boards",
        "Delta raises the share of recycled tin and copper in its boards, buying from recyclers that can "
        "show "
        "where the scrap came from.",
        (DELTA, HELMOND),
        ("circular-economy",),
        (3,),
        ("12.5", "12.2"),
        15,
        36,
        group="secondary-raw-materials-recycling",
        indicators=(DemoIndicator("Recycled tin in solder", "%", "18", "50"),),
        updates=(
            DemoUpdate(10, "Helmond qualified as a supplier of recycled solder.", ("24",)),
            DemoUpdate(4, "Second product line switched to recycled solder.", ("31",)),
        ),
    ),
    DemoCommitment(
        "Due-diligence training for member traders",
        "The Federation of Metal Traders trains its members, most of them small firms, to map their supply "
        "chains "
        "and to use the shared supplier questionnaire.",
        (TRADERS,),
        ("due-diligence",),
        (1, 2),
        ("12.6",),
        22,
        30,
        group="due-diligence-tools-smes",
        indicators=(DemoIndicator("Member firms trained", "firms", "0", "60"),),
        updates=(
            DemoUpdate(17, "Four regional workshops held.", ("18",)),
            DemoUpdate(9, "Online course launched.", ("35",)),
        ),
    ),
    DemoCommitment(
        "Publish the list of our smelters and refiners every year",
        "Responsible Gold Foundation publishes the names and countries of all refiners in its certification "
        "scheme, and which of them passed an audit.",
        (GOLD,),
        ("conflict-minerals", "due-diligence"),
        (5,),
        ("16.10", "12.6"),
        30,
        24,
        status="achieved",
        indicators=(DemoIndicator("Refiners listed publicly", "%", "0", "100"),),
        updates=(
            DemoUpdate(24, "First list published with 31 refiners.", ("70",)),
            DemoUpdate(8, "List complete and published with audit results.", ("100",), "achieved"),
        ),
    ),
    DemoCommitment(
        "Safer artisanal gold processing without mercury",
        "Artisanal miners' cooperatives switch from mercury amalgamation to gravity concentration, with "
        "training "
        "and shared equipment.",
        (ARTISANAL, GOLD),
        ("environment-climate", "human-rights"),
        (3, 6),
        ("3.9", "6.3", "1.4"),
        26,
        36,
        indicators=(DemoIndicator("Cooperatives working without mercury", "cooperatives", "2", "20"),),
        updates=(
            DemoUpdate(20, "Equipment bought for the first five cooperatives.", ("5",)),
            DemoUpdate(9, "Trainers from the first cooperatives now train others.", ("11",)),
        ),
    ),
    DemoCommitment(
        "Collect more discarded phones and laptops",
        "Recyclers and municipalities set up collection points in schools and shops and report what they "
        "collect.",
        (RECYCLERS, WESTERHAVEN),
        ("circular-economy", "environment-climate"),
        (3,),
        ("12.5",),
        20,
        30,
        indicators=(DemoIndicator("Devices collected per year", "devices", "12000", "40000"),),
        updates=(
            DemoUpdate(15, "Collection points in 40 schools.", ("17500",)),
            DemoUpdate(9, "Shops joined; no report since.", ("23800",)),
        ),
    ),
    DemoCommitment(
        "Independent study of wages in cobalt mining",
        "The Institute for Resource Studies publishes an independent study of wages and working hours at "
        "industrial and artisanal cobalt mines.",
        (INSTITUTE, UNION),
        ("decent-work", "human-rights"),
        (2, 5),
        ("8.5", "8.8"),
        8,
        18,
        status="planned",
        indicators=(DemoIndicator("Mine sites surveyed", "sites", "0", "24"),),
    ),
    DemoCommitment(
        "Women's cooperatives get access to mining licences",
        "Women in Mining East Africa supports women's cooperatives through the licence procedure and the "
        "Ministry funds the legal support.",
        (WOMEN, MINISTRY),
        ("gender-equality",),
        (3, 6),
        ("5.5", "1.4"),
        18,
        36,
        group="gender-lens-mineral-supply-chains",
        indicators=(DemoIndicator("Licences granted to women's cooperatives", "licences", "3", "30"),),
        updates=(
            DemoUpdate(12, "Legal clinic opened in two districts.", ("6",)),
            DemoUpdate(4, "Licence fees waived for cooperatives by the district council.", ("13",)),
        ),
    ),
    DemoCommitment(
        "Child labour monitoring in the gold supply chain",
        "Children First in Mining runs community monitoring at 40 artisanal gold sites that supply the "
        "Foundation's refiners.",
        (CHILDREN, GOLD),
        ("child-labour",),
        (2, 4),
        ("8.7",),
        28,
        36,
        status="delayed",
        indicators=(DemoIndicator("Sites with community monitoring", "sites", "0", "40"),),
        updates=(
            DemoUpdate(22, "Monitors trained at the first sites.", ("8",)),
            DemoUpdate(7, "Rainy season and insecurity slowed the roll-out.", ("15",), "delayed"),
        ),
    ),
    DemoCommitment(
        "Tracking tool for small traders",
        "The Centre for Supply Chain Research and the traders build a free tool that turns supplier answers "
        "into "
        "a smelter list.",
        (CENTRE, TRADERS),
        ("due-diligence", "conflict-minerals"),
        (2, 4),
        ("12.6",),
        9,
        15,
        workflow="submitted",
        status="planned",
        indicators=(DemoIndicator("Firms using the tool", "firms", "0", "40"),),
    ),
    DemoCommitment(
        "Joint audits of tin smelters in Indonesia",
        "Buyers share the cost of audits at tin smelters instead of each sending its own auditors.",
        (DELTA, TRADERS, NORDVIK),
        ("conflict-minerals", "environment-climate"),
        (2, 3, 4),
        ("12.2", "8.8"),
        30,
        24,
        status="withdrawn",
        indicators=(DemoIndicator("Smelters audited jointly", "smelters", "0", "12"),),
        updates=(
            DemoUpdate(24, "Audit protocol agreed among the three parties.", ("0",)),
            DemoUpdate(15, "First two smelters audited.", ("2",)),
            DemoUpdate(
                6,
                "Withdrawn: the smelters joined an industry-wide audit programme that covers the same "
                "ground. The "
                "two audits remain available to members.",
                ("2",),
                "withdrawn",
            ),
        ),
    ),
    DemoCommitment(
        "Health and safety committees at every site",
        "Helmond sets up health and safety committees with elected worker representatives.",
        (HELMOND, UNION),
        ("decent-work",),
        (1, 3),
        ("8.8",),
        14,
        18,
        status="achieved",
        indicators=(DemoIndicator("Sites with an elected committee", "sites", "0", "3"),),
        updates=(
            DemoUpdate(10, "Elections held at the main plant.", ("1",)),
            DemoUpdate(2, "All three sites have a committee.", ("3",), "achieved"),
        ),
    ),
    DemoCommitment(
        "Human rights due diligence in export credit",
        "The Ministry asks for a human-rights risk assessment for every export credit to a mining project.",
        (MINISTRY,),
        ("human-rights", "due-diligence"),
        (1, 2),
        ("16.5",),
        20,
        24,
        indicators=(DemoIndicator("Credit applications with a risk assessment", "%", "10", "100"),),
        updates=(
            DemoUpdate(14, "Guidance for applicants published.", ("45",)),
            DemoUpdate(5, "Assessment made compulsory.", ("90",)),
        ),
    ),
    DemoCommitment(
        "Responsible sourcing clause in union pension fund mandates",
        "The union asks the pension fund it co-manages to require due diligence from mining companies in its "
        "portfolio.",
        (UNION,),
        ("human-rights", "decent-work"),
        (1,),
        ("8.8", "17.17"),
        6,
        18,
        status="planned",
        indicators=(DemoIndicator("Mining holdings under the new clause", "%", "0", "100"),),
        workflow="returned",
        review_comment=(
            "Please say which pension fund and what the clause requires, so readers can follow it."
        ),
    ),
    DemoCommitment(
        "Cut water use at the concentrator by a quarter",
        "Nordvik recirculates process water and reports its water withdrawals every quarter.",
        (NORDVIK,),
        ("environment-climate",),
        (3, 4),
        ("6.3",),
        16,
        30,
        indicators=(DemoIndicator("Fresh water withdrawn", "m³ per tonne ore", "1.2", "0.9", "decrease"),),
        updates=(
            DemoUpdate(10, "Thickener installed.", ("1.1",)),
            DemoUpdate(3, "Second recirculation loop running.", ("1.02",)),
        ),
    ),
    DemoCommitment(
        "Open data on recycled content claims",
        "Recyclers publish how they check the recycled-content claims of their suppliers.",
        (RECYCLERS, INSTITUTE),
        ("circular-economy",),
        (4, 5),
        ("12.6",),
        11,
        24,
        indicators=(DemoIndicator("Members publishing their method", "members", "0", "25"),),
        updates=(DemoUpdate(5, "Template agreed; first members published.", ("7",)),),
    ),
    DemoCommitment(
        "Stop buying from refiners without a credible audit",
        "Watchdog commitment: Fair Metals Watch reviews the parties' refiner lists yearly and publishes "
        "which "
        "refiners lack a credible audit.",
        (WATCH,),
        ("conflict-minerals", "human-rights"),
        (4, 5),
        ("16.5", "16.10"),
        24,
        36,
        indicators=(DemoIndicator("Parties' refiner lists reviewed", "lists", "0", "10"),),
        updates=(
            DemoUpdate(18, "First review published.", ("4",)),
            DemoUpdate(6, "Second review covers seven parties.", ("7",)),
        ),
    ),
    DemoCommitment(
        "Women's safety at artisanal mining sites",
        "Cooperatives set up safe sanitation and lighting and a complaints committee with women members.",
        (ARTISANAL, WOMEN),
        ("gender-equality", "human-rights"),
        (3, 6),
        ("5.2",),
        13,
        24,
        indicators=(DemoIndicator("Sites with a women's complaints committee", "sites", "0", "30"),),
        updates=(DemoUpdate(7, "Committees at the first sites.", ("9",)),),
    ),
    DemoCommitment(
        "Apprenticeships in electronics repair",
        "The union and Helmond open apprenticeships that repair and refurbish devices rather than shred "
        "them.",
        (UNION, HELMOND),
        ("circular-economy", "decent-work"),
        (3,),
        ("4.4", "12.5"),
        3,
        24,
        status="planned",
        workflow="draft",
        indicators=(DemoIndicator("Apprentices", "people", "0", "20"),),
    ),
)

#: The commitment whose newest progress update waits for the secretariat.
UPDATE_FOR_REVIEW = (
    "Open a grievance mechanism for mine workers and communities",
    DemoUpdate(
        0,
        "Quarterly report: 37 complaints, most on shift patterns and housing.",
        ("84", "5"),
        workflow="submitted",
    ),
)
