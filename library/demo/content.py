"""The demo library's invented resources (English and Dutch). Each has the text its generated file carries."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoResource:
    key: str
    title: str
    kind: str
    language: str
    summary: str
    paragraphs: tuple[str, ...] = ()
    file_format: str = "pdf"  # pdf, docx, odt, scan, png or "" (a link or a recording only)
    themes: tuple[str, ...] = ()
    minerals: tuple[str, ...] = ()
    steps: tuple[int, ...] = ()
    regions: tuple[str, ...] = ("global",)
    stakeholders: tuple[str, ...] = ()
    publisher_party: str = ""
    publisher_name: str = ""
    published_on: str = "2025-01-15"
    group: str = ""
    version: str = ""
    supersedes: str = ""
    link_url: str = ""
    recording_url: str = ""
    extra_languages: tuple[str, ...] = field(default=())


COMPANY = "company"
NGO = "civil_society"
UNION = "trade_union"
GOV = "government"
ASSOC = "industry_association"

RESOURCES = (
    DemoResource(
        "gender-dd-guide-v1",
        "Gender-responsive due diligence: a practical guide",
        "guidance",
        "en",
        "How companies can see and address the different risks women and men face in mineral supply chains, "
        "step by step along the OECD framework.",
        (
            "Women carry ore, wash gravel and trade at the mine site, yet they rarely appear in a supplier "
            "survey. A gender-responsive approach starts by asking who does which work.",
            "Step one: put gender in your policy. Step two: split risk data by gender. Step three: involve "
            "women's organisations when you design remediation.",
            "Typical blind spots are sexual harassment at trading posts and the loss of income when a site is "
            "formalised and women's informal roles disappear.",
        ),
        themes=("gender-equality", "due-diligence"),
        minerals=("tin", "tantalum", "tungsten", "gold"),
        steps=(1, 2, 3),
        regions=("great_lakes", "global"),
        stakeholders=(COMPANY, ASSOC),
        publisher_name="Covenant secretariat",
        published_on="2023-05-10",
        version="1.0",
    ),
    DemoResource(
        "gender-dd-guide-v2",
        "Gender-responsive due diligence: a practical guide",
        "guidance",
        "en",
        "The second edition of the practical guide, with new checklists for grievance mechanisms and "
        "worked examples from artisanal gold and cobalt.",
        (
            "This edition adds checklists for grievance mechanisms that women can reach safely, and worked "
            "examples from artisanal gold in Uganda and cobalt in Lualaba.",
            "Women carry ore, wash gravel and trade at the mine site, yet they rarely appear in a supplier "
            "survey. A gender-responsive approach starts by asking who does which work.",
            "New in step five: report separately on how many complaints came from women, and what changed.",
        ),
        themes=("gender-equality", "due-diligence"),
        minerals=("gold", "cobalt", "tin", "tantalum", "tungsten"),
        steps=(1, 2, 3, 5),
        regions=("great_lakes", "africa", "global"),
        stakeholders=(COMPANY, ASSOC, NGO),
        publisher_name="Covenant secretariat",
        published_on="2025-02-03",
        version="2.0",
        supersedes="gender-dd-guide-v1",
    ),
    DemoResource(
        "oecd-summary",
        "The OECD Due Diligence Guidance in twelve pages",
        "guidance",
        "en",
        "A plain-language summary of the five steps and the annexes on conflict-affected and high-risk areas.",
        (
            "Step 1: establish strong management systems. Step 2: identify and assess risk in the supply "
            "chain. Step 3: design and implement a strategy to respond to identified risks.",
            "Step 4: carry out an independent third-party audit of the smelter's or refiner's due diligence. "
            "Step 5: report annually on supply chain due diligence.",
            "Annex II lists the serious abuses that require a company to stop sourcing at once.",
        ),
        themes=("due-diligence",),
        minerals=("tin", "tantalum", "tungsten", "gold"),
        steps=(1, 2, 3, 4, 5),
        stakeholders=(COMPANY, GOV, NGO, UNION, ASSOC),
        publisher_name="Covenant secretariat",
        published_on="2024-03-12",
    ),
    DemoResource(
        "oecd-samenvatting",
        "De OESO-richtlijnen voor gepaste zorgvuldigheid, kort samengevat",
        "guidance",
        "nl",
        "Een samenvatting in gewone taal van de vijf stappen, voor inkopers en kleine bedrijven.",
        (
            "Stap 1: zet een stevig managementsysteem op. Stap 2: breng de risico's in de keten in kaart. "
            "Stap 3: maak een plan om die risico's aan te pakken.",
            "Stap 4: laat de smelter of raffinaderij onafhankelijk controleren. Stap 5: doe elk jaar verslag.",
            "Kleine bedrijven kunnen samenwerken met hun branchevereniging om de kosten te delen.",
        ),
        file_format="odt",
        themes=("due-diligence",),
        minerals=("tin", "tantalum", "tungsten", "gold"),
        steps=(1, 2, 3, 4, 5),
        regions=("europe", "global"),
        stakeholders=(COMPANY, ASSOC),
        publisher_name="Covenant secretariat",
        published_on="2024-04-02",
    ),
    DemoResource(
        "ilo-child-labour",
        "Child labour in artisanal mining: what the ILO conventions ask of buyers",
        "guidance",
        "en",
        "The minimum age and worst forms conventions explained for companies, with the questions to ask a "
        "supplier.",
        (
            "Convention 138 sets the minimum age for work; Convention 182 lists the worst forms of child "
            "labour, which include mining underground and carrying heavy loads.",
            "A buyer who finds children at a mine site should not simply walk away: withdrawal can push "
            "families into worse work. Remediation means school, income for the household and follow-up.",
        ),
        themes=("child-labour", "artisanal-mining"),
        minerals=("cobalt", "mica", "gold"),
        steps=(2, 3),
        regions=("africa", "south_asia"),
        stakeholders=(COMPANY, UNION, NGO),
        publisher_name="Child Rights Mining Network",
        published_on="2024-09-20",
    ),
    DemoResource(
        "mica-kinderarbeid",
        "Mica uit India: kinderarbeid herkennen en aanpakken",
        "report",
        "nl",
        "Onderzoek naar de mica-ketens van Jharkhand en Bihar, met aanbevelingen voor cosmetica- en "
        "elektronicabedrijven.",
        (
            "In de mica-gordel van Jharkhand en Bihar werken nog steeds kinderen in verlaten mijnen.",
            "Bedrijven kunnen de keten tot aan de verwerkers in kaart brengen en samen met lokale organisaties "
            "zorgen voor onderwijs en een eerlijk inkomen voor de gezinnen.",
        ),
        themes=("child-labour",),
        minerals=("mica",),
        steps=(2, 3),
        regions=("south_asia",),
        stakeholders=(COMPANY, NGO),
        publisher_name="Stichting Eerlijke Mineralen",
        published_on="2024-11-05",
    ),
    DemoResource(
        "smelter-mapping-tool",
        "Smelter mapping workbook",
        "tool",
        "en",
        "A workbook to collect smelter lists from suppliers and compare them with the RMI conformant list.",
        (
            "Sheet one collects the declarations of your suppliers. Sheet two merges their smelter lists and "
            "flags smelters that are not conformant.",
            "Start with your ten largest suppliers by spend; they usually cover most of the tin, tungsten and "
            "tantalum you buy.",
        ),
        file_format="docx",
        themes=("due-diligence",),
        minerals=("tin", "tungsten", "tantalum", "gold"),
        steps=(2,),
        stakeholders=(COMPANY,),
        publisher_party="delta-circuit-components",
        published_on="2024-06-18",
    ),
    DemoResource(
        "grievance-template",
        "Grievance mechanism template for mine sites",
        "template",
        "en",
        "A template procedure for a grievance mechanism that workers and communities can use without fear.",
        (
            "Anyone may complain: workers, their families and the community around the mine. Complaints can be "
            "made orally, in writing or through a trusted person, and complainants may stay anonymous.",
            "The mechanism answers within fourteen days, explains what it will do, and never retaliates.",
        ),
        file_format="docx",
        themes=("artisanal-mining", "gender-equality"),
        minerals=("gold", "cobalt", "tin"),
        steps=(3, 5),
        regions=("africa", "latin_america"),
        stakeholders=(COMPANY, UNION, NGO),
        publisher_name="Covenant secretariat",
        published_on="2024-02-27",
    ),
    DemoResource(
        "klachtenprocedure",
        "Model-klachtenprocedure voor leveranciers",
        "template",
        "nl",
        "Een modeltekst die een bedrijf aan zijn leveranciers kan voorleggen, zodat werknemers in de keten "
        "klachten kunnen melden.",
        (
            "Iedere werknemer in de keten kan een klacht indienen, ook anoniem. De leverancier bevestigt de "
            "klacht binnen zeven dagen.",
            "Klachten over seksuele intimidatie gaan naar een vertrouwenspersoon die niet aan de leiding "
            "rapporteert.",
        ),
        file_format="odt",
        themes=("gender-equality", "due-diligence"),
        steps=(3,),
        regions=("europe", "global"),
        stakeholders=(COMPANY,),
        publisher_party="federation-of-metal-traders",
        published_on="2024-07-01",
    ),
    DemoResource(
        "procurement-criteria",
        "Responsible procurement criteria for electronics",
        "tool",
        "en",
        "Award criteria and contract clauses that public buyers can use when they buy laptops, phones and "
        "servers.",
        (
            "Criterion 1: the tenderer maps the smelters in its supply chain for tin, tantalum, tungsten and "
            "gold. Criterion 2: the tenderer takes part in a remediation programme.",
            "Contract clause: the supplier reports each year on progress and accepts a joint review.",
        ),
        themes=("public-procurement", "due-diligence"),
        minerals=("tin", "tantalum", "tungsten", "gold", "cobalt"),
        steps=(1, 3),
        regions=("europe",),
        stakeholders=(GOV,),
        publisher_name="Covenant secretariat",
        published_on="2025-01-22",
    ),
    DemoResource(
        "inkoopcriteria-concept",
        "Concept: inkoopcriteria voor de regionale inkooppool",
        "template",
        "nl",
        "Conceptteksten voor de gezamenlijke aanbesteding van ICT-apparatuur, alleen voor de werkgroep.",
        (
            "Gunningscriterium: de inschrijver brengt de smelters in zijn keten in kaart en deelt die lijst "
            "met de aanbestedende dienst.",
            "Dit concept is vertrouwelijk tot de werkgroep het heeft vastgesteld.",
        ),
        file_format="docx",
        themes=("public-procurement",),
        minerals=("tin", "gold"),
        steps=(1, 3),
        regions=("europe",),
        stakeholders=(GOV,),
        publisher_name="Covenant secretariat",
        published_on="2025-03-14",
        group="responsible-public-procurement",
    ),
    DemoResource(
        "contract-clauses-draft",
        "Model contract clauses: working draft",
        "template",
        "en",
        "The working group's draft clauses on supply-chain transparency for public contracts, for comment.",
        (
            "Clause 4.2: the contractor discloses the smelters and refiners in its supply chain within six "
            "months of the award.",
            "This draft is confidential to the working group until it has been agreed.",
        ),
        themes=("public-procurement", "due-diligence"),
        minerals=("tin", "tantalum", "tungsten", "gold"),
        steps=(1, 3, 5),
        regions=("europe",),
        stakeholders=(GOV, COMPANY),
        publisher_name="Covenant secretariat",
        published_on="2025-04-08",
        group="responsible-public-procurement",
    ),
    DemoResource(
        "remediation-case-notes",
        "Remediation case notes from the cobalt pilot",
        "report",
        "en",
        "Field notes on how twelve children were supported back into school, for the working group only.",
        (
            "The pilot in Kolwezi followed twelve children for a school year. Each household received a small "
            "income grant while the children attended school.",
            "Names and places are left out of these notes to protect the families.",
        ),
        themes=("child-labour", "artisanal-mining"),
        minerals=("cobalt",),
        steps=(3, 5),
        regions=("great_lakes",),
        stakeholders=(COMPANY, NGO),
        publisher_name="Child Rights Mining Network",
        published_on="2025-05-19",
        group="child-rights-artisanal-mining",
    ),
    DemoResource(
        "recycled-metals-claims",
        "Claims about recycled metal: a checklist",
        "tool",
        "en",
        "What to check before you say a product contains recycled copper, tin or gold.",
        (
            "Ask for the chain of custody: who collected the scrap, who refined it, and how was recycled metal "
            "kept apart from mined metal?",
            "A mass-balance claim is not the same as a physical claim; say which one you make.",
        ),
        themes=("circular-economy",),
        minerals=("copper", "tin", "gold"),
        steps=(2, 5),
        regions=("europe", "global"),
        stakeholders=(COMPANY, ASSOC),
        publisher_party="helmond-metal-recovery",
        published_on="2024-10-11",
    ),
    DemoResource(
        "gerecycled-metaal",
        "Gerecycled metaal controleren: een handreiking",
        "guidance",
        "nl",
        "Hoe een inkoper nagaat of metaal echt gerecycled is, met voorbeelden uit de elektronica-recycling.",
        (
            "Vraag naar de keten: wie heeft het schroot ingezameld, wie heeft het geraffineerd en hoe is "
            "gerecycled metaal gescheiden gehouden van gewonnen metaal?",
            "Vergelijk certificaten kritisch: niet elk keurmerk controleert de hele keten.",
        ),
        themes=("circular-economy",),
        minerals=("copper", "gold", "tin"),
        steps=(2,),
        regions=("europe",),
        stakeholders=(COMPANY, GOV),
        publisher_party="helmond-metal-recovery",
        published_on="2025-03-03",
    ),
    DemoResource(
        "women-in-mineral-trade",
        "Women in mineral trade: barriers to licences",
        "report",
        "en",
        "A study of why women traders in eastern Congo and Rwanda struggle to get trading licences.",
        (
            "Of the ninety traders we interviewed, women needed on average three more visits to the mining "
            "office to obtain a licence, and paid more in informal fees.",
            "Buyers can help by accepting cooperatives of women traders as suppliers and by paying on time.",
        ),
        themes=("gender-equality", "artisanal-mining"),
        minerals=("tin", "tantalum", "gold"),
        steps=(2,),
        regions=("great_lakes",),
        stakeholders=(NGO, COMPANY, GOV),
        publisher_name="Great Lakes Women in Mining",
        published_on="2024-08-30",
    ),
    DemoResource(
        "risk-assessment-scan",
        "Supplier risk assessment form (scanned, signed copy)",
        "template",
        "en",
        "The signed paper version of the supplier risk form, kept for reference; use the workbook to fill it "
        "in.",
        file_format="scan",
        themes=("due-diligence",),
        minerals=("tin", "tungsten"),
        steps=(2,),
        stakeholders=(COMPANY,),
        publisher_party="nordvik-mining-metals",
        published_on="2023-11-14",
    ),
    DemoResource(
        "five-steps-infographic",
        "The five steps on one page (infographic)",
        "tool",
        "en",
        "A one-page picture of the five steps of due diligence, for posters and presentations.",
        file_format="png",
        themes=("due-diligence",),
        minerals=("tin", "tantalum", "tungsten", "gold"),
        steps=(1, 2, 3, 4, 5),
        stakeholders=(COMPANY, ASSOC, GOV),
        publisher_name="Covenant secretariat",
        published_on="2024-05-06",
    ),
    DemoResource(
        "training-smelter-audits",
        "Training: reading a smelter audit report",
        "training",
        "en",
        "A self-paced training with exercises: what an RMAP audit covers and what it does not.",
        (
            "Module 1: the scope of an audit. Module 2: reading the findings. Module 3: what to ask when a "
            "smelter is 'active' but not yet conformant.",
            "Exercise: compare two audit summaries and list the questions you would send to the smelter.",
        ),
        themes=("due-diligence",),
        minerals=("tin", "tantalum", "tungsten", "gold"),
        steps=(4,),
        stakeholders=(COMPANY, ASSOC),
        publisher_name="Responsible Minerals Academy",
        published_on="2024-12-02",
    ),
    DemoResource(
        "training-inkopers",
        "Training voor inkopers: vragen stellen over herkomst",
        "training",
        "nl",
        "Een training van een dagdeel voor inkopers bij gemeenten en provincies, met oefenvragen.",
        (
            "Oefening 1: welke vragen stel je een leverancier van laptops over tin en goud?",
            "Oefening 2: wat doe je als de leverancier de smelters niet kan noemen?",
        ),
        file_format="docx",
        themes=("public-procurement",),
        minerals=("tin", "gold"),
        steps=(1, 2),
        regions=("europe",),
        stakeholders=(GOV,),
        publisher_name="Covenant secretariat",
        published_on="2025-02-20",
    ),
    DemoResource(
        "cobalt-risk-briefing",
        "Cobalt and copper from the Copperbelt: risk briefing",
        "report",
        "en",
        "Human-rights and environmental risks in industrial and artisanal cobalt and copper mining.",
        (
            "Industrial and artisanal mining sit side by side in the Copperbelt; ore from artisanal pits can "
            "enter industrial supply chains through traders.",
            "Key risks: child labour, unsafe tunnels, forced evictions and water pollution.",
        ),
        themes=("due-diligence", "artisanal-mining"),
        minerals=("cobalt", "copper"),
        steps=(2,),
        regions=("africa", "great_lakes"),
        stakeholders=(COMPANY, NGO, UNION),
        publisher_name="Copperbelt Research Institute",
        published_on="2025-01-09",
    ),
    DemoResource(
        "union-checklist",
        "Checklist for worker representatives",
        "tool",
        "en",
        "What union representatives can ask management about the company's mineral due diligence.",
        (
            "Ask whether the company has a supply-chain policy, who is responsible for it, and how workers in "
            "the supply chain can raise complaints.",
            "Ask to see the yearly due-diligence report and how the works council is involved.",
        ),
        themes=("due-diligence",),
        minerals=("tin", "gold", "cobalt"),
        steps=(1, 5),
        regions=("europe", "global"),
        stakeholders=(UNION,),
        publisher_name="Metalworkers' Union Federation",
        published_on="2024-04-25",
    ),
    DemoResource(
        "lithium-nickel-outlook",
        "Lithium and nickel for batteries: an outlook on supply-chain risks",
        "report",
        "en",
        "Where lithium and nickel come from, and which human-rights risks buyers of batteries should expect.",
        (
            "Lithium brines in South America use large amounts of water in dry regions where indigenous "
            "communities live.",
            "Nickel laterite mining in Southeast Asia has been linked to deforestation and coastal pollution.",
        ),
        themes=("due-diligence", "circular-economy"),
        minerals=("lithium", "nickel"),
        steps=(2,),
        regions=("latin_america", "southeast_asia"),
        stakeholders=(COMPANY, GOV),
        publisher_name="Battery Transparency Initiative",
        published_on="2025-04-28",
    ),
    DemoResource(
        "gold-refiners-faq",
        "Gold refiners: frequently asked questions",
        "guidance",
        "en",
        "Answers to what jewellers and electronics makers ask most about sourcing responsible gold.",
        (
            "Is recycled gold always low-risk? No: scrap gold can hide newly mined gold from conflict areas.",
            "What is a good-delivery refiner? One accredited by the market; accreditation includes a due "
            "diligence review.",
        ),
        themes=("due-diligence",),
        minerals=("gold",),
        steps=(2, 4),
        stakeholders=(COMPANY, ASSOC),
        publisher_name="Covenant secretariat",
        published_on="2024-01-30",
        link_url="https://example.org/gold-faq",
        file_format="",
    ),
    DemoResource(
        "tin-traceability-recording",
        "Recorded talk: tin traceability from pit to smelter",
        "recording",
        "en",
        "A thirty-minute talk on bagging and tagging tin ore, and where traceability systems fail.",
        themes=("due-diligence", "artisanal-mining"),
        minerals=("tin",),
        steps=(2, 4),
        regions=("great_lakes",),
        stakeholders=(COMPANY, NGO),
        publisher_name="Covenant secretariat",
        published_on="2024-10-01",
        recording_url="https://vimeo.com/823456781",
        file_format="",
    ),
)
