"""The demo conversations: who says what, in which group's forum, with replies, quotes, mentions and
reactions. People are the demo accounts and party representatives of working_groups.demo."""

from dataclasses import dataclass, field

CHAIR = "chair@example.org"  # Lotte Jansen, Nordvik Mining & Metals (company)
MEMBER = "member@example.org"  # Samuel Mensah, Metal and Technology Workers' Union
SECRETARIAT = "secretariat@example.org"  # Marieke de Vries
REGISTERED = "registered@example.org"  # Priya Raman, Fair Metals Watch (NGO)
OKAFOR = "a.okafor@example.org"  # Delta Circuit Components (company)
WANJIRU = "g.wanjiru@example.org"  # Women in Mining East Africa
VISSER = "r.visser@example.org"  # Ministry of Foreign Trade
ASANTE = "k.asante@example.org"  # Children First in Mining
BISIMWA = "j.bisimwa@example.org"  # Federation of Artisanal Miners
ROSSI = "m.rossi@example.org"  # Responsible Gold Foundation
PEETERS = "w.peeters@example.org"  # Helmond Metal Recovery
DUBOIS = "l.dubois@example.org"  # European Electronics Recyclers
VANDENBERG = "s.vandenberg@example.org"  # Institute for Resource Studies
SMITS = "h.smits@example.org"  # Federation of Metal Traders
KELLER = "t.keller@example.org"  # Centre for Supply Chain Research
ELAMRANI = "f.elamrani@example.org"  # Municipality of Westerhaven


@dataclass(frozen=True)
class DemoPost:
    author: str
    text: str
    #: Index (in the thread's list) of the post this one answers.
    reply_to: int | None = None
    #: Quote the post it answers above the text.
    quote: bool = False
    reactions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DemoThread:
    forum: str
    title: str
    posts: tuple[DemoPost, ...]
    tags: tuple[str, ...] = ()
    chatham_house: bool = False
    pinned: bool = False
    days_ago: int = 10
    extra: dict = field(default_factory=dict)


PUBLIC_FORUM = "consultation-responsible-recycling"

THREADS = (
    DemoThread(
        "gender-lens-mineral-supply-chains",
        "Gender action plans: what belongs in year one?",
        (
            DemoPost(
                CHAIR,
                "Several parties have asked what a **first-year gender action plan** should contain. My "
                "proposal "
                "for a minimum:\n\n1. Sex-disaggregated data in the supplier questionnaire\n2. One question "
                "on "
                "harassment in every site visit\n3. A named person who follows up\n\nWhat would you add or "
                "drop?",
                reactions=((MEMBER, "thumbs_up"), (WANJIRU, "agree"), (VISSER, "thumbs_up")),
            ),
            DemoPost(
                WANJIRU,
                "Add women's access to the grievance mechanism. In our network, women at washing sites "
                "rarely "
                "use a hotline that a man from the buyer's office answers.",
                reply_to=0,
                reactions=((CHAIR, "insightful"), (MEMBER, "heart")),
            ),
            DemoPost(
                MEMBER,
                "Agree with @[Grace Wanjiru]. And count the women sorters and carriers as **workers** in "
                "the data, "
                "not as household members. Otherwise they never appear in a living-wage assessment.",
                reply_to=1,
                quote=True,
                reactions=((WANJIRU, "agree"), (OKAFOR, "insightful")),
            ),
            DemoPost(
                OKAFOR,
                "From a buyer's side: item 1 is doable for us this year, item 3 too. Item 2 depends on the "
                "audit "
                "firm. @[Lotte Jansen], could the group draft the harassment question so we all use the same "
                "wording?",
                reply_to=0,
            ),
            DemoPost(
                CHAIR,
                "Yes, I will bring a draft to the next meeting. Thanks all, this is a good list.",
                reply_to=3,
                reactions=((OKAFOR, "thumbs_up"),),
            ),
        ),
        tags=("gender action plans", "due diligence"),
        pinned=True,
        days_ago=12,
    ),
    DemoThread(
        "gender-lens-mineral-supply-chains",
        "Living wage for women at cobalt washing sites",
        (
            DemoPost(
                VISSER,
                "The ministry is funding a living-wage benchmark for two mining provinces. Is there "
                "interest in "
                "using it to compare what women and men earn at the same sites?",
                reactions=((WANJIRU, "heart"), (MEMBER, "thumbs_up")),
            ),
            DemoPost(
                MEMBER,
                "Very much. The union can help with interviews: women talk more openly with women "
                "organisers.",
                reply_to=0,
            ),
            DemoPost(
                WANJIRU,
                "Please include piece rates. Most women are paid per sack washed, so a monthly figure hides "
                "the "
                "hours it takes.",
                reply_to=0,
                reactions=((VISSER, "insightful"),),
            ),
        ),
        tags=("living wage", "cobalt"),
        days_ago=5,
    ),
    DemoThread(
        "child-rights-artisanal-mining",
        "Child labour in artisanal cobalt mining: remediation before exit",
        (
            DemoPost(
                ASANTE,
                "When a buyer finds children at a site, the reflex is to stop buying. Our experience is that "
                "children then move to worse sites. We propose **remediation before exit**: school fees, a "
                "family income plan and a follow-up visit after three months.",
                reactions=((CHAIR, "agree"), (BISIMWA, "thumbs_up"), (ROSSI, "insightful")),
            ),
            DemoPost(
                BISIMWA,
                "The cooperatives support this, but the money must reach the families, not the site "
                "managers. "
                "We can name trusted community monitors.",
                reply_to=0,
            ),
            DemoPost(
                CHAIR,
                "Nordvik can co-fund a pilot with two cooperatives. @[Kwabena Asante], could you share the "
                "budget you used last year?",
                reply_to=0,
                reactions=((ASANTE, "heart"),),
            ),
            DemoPost(
                ROSSI,
                "Our certification standard already requires remediation plans. We would recognise the pilot "
                "in our audits if the follow-up visits are documented.",
                reply_to=2,
                quote=True,
            ),
        ),
        tags=("child labour", "cobalt", "remediation"),
        days_ago=9,
    ),
    DemoThread(
        "child-rights-artisanal-mining",
        "Incident at a cobalt site: what we did and what we would do differently",
        (
            DemoPost(
                CHAIR,
                "Under the Chatham House Rule, so we can speak freely: last quarter our auditor found two "
                "children sorting ore at a supplier's site. We suspended orders for a week, which in "
                "hindsight "
                "was the wrong first step.",
                reactions=((ASANTE, "heart"), (ROSSI, "insightful")),
            ),
            DemoPost(
                ASANTE,
                "Thank you for sharing this. The week without orders probably cost those families more than "
                "the "
                "children earned. What happened to the children afterwards?",
                reply_to=0,
                quote=True,
            ),
            DemoPost(
                CHAIR,
                "A local organisation enrolled them in school, paid from our remediation budget. The site "
                "now "
                "has a community monitor.",
                reply_to=1,
                reactions=((ASANTE, "thumbs_up"), (BISIMWA, "agree")),
            ),
            DemoPost(
                BISIMWA,
                "Community monitors work when they are paid by the buyers jointly, not by the site. "
                "Otherwise "
                "they report what the site manager wants.",
                reply_to=2,
                reactions=((CHAIR, "insightful"),),
            ),
        ),
        tags=("child labour", "incidents"),
        chatham_house=True,
        days_ago=4,
    ),
    DemoThread(
        "secondary-raw-materials-recycling",
        "Smelter audits for recycled tin: which standard counts?",
        (
            DemoPost(
                PEETERS,
                "Our buyers ask for a smelter audit certificate for recycled tin, but the standard audits "
                "are "
                "written for mined ore. Which audit do the parties accept for **recycled** input?",
                reactions=((DUBOIS, "agree"), (MEMBER, "thumbs_up")),
            ),
            DemoPost(
                DUBOIS,
                "The association keeps a list of recyclers audited against the recycled-input module. Happy "
                "to "
                "share it here: it covers 14 plants in Europe.",
                reply_to=0,
                reactions=((PEETERS, "heart"),),
            ),
            DemoPost(
                VANDENBERG,
                "One caution: scrap from other continents can hide mined material. The audit should check "
                "the "
                "paperwork on where the scrap was collected, not only the plant.",
                reply_to=1,
                quote=True,
                reactions=((PEETERS, "insightful"), (DUBOIS, "agree")),
            ),
            DemoPost(
                MEMBER,
                "And the working conditions at the collection points. @[Louise Dubois], does the module look "
                "at those at all?",
                reply_to=2,
            ),
        ),
        tags=("smelter audits", "recycling", "tin"),
        days_ago=7,
    ),
    DemoThread(
        "due-diligence-tools-smes",
        "Grievance mechanisms a small firm can afford",
        (
            DemoPost(
                SMITS,
                "Many of our members have fewer than 50 staff. A grievance mechanism of their own is out of "
                "reach. Could a **shared mechanism** for the federation work?",
                reactions=((KELLER, "thumbs_up"), (PEETERS, "agree")),
            ),
            DemoPost(
                KELLER,
                "Our research found shared mechanisms work if complaints can be made in local languages and "
                "by "
                "voice message. Written forms alone reach almost nobody.",
                reply_to=0,
                reactions=((SMITS, "insightful"), (OKAFOR, "insightful")),
            ),
            DemoPost(
                PEETERS,
                "We would join and pay our share. What would it cost a firm of our size per year?",
                reply_to=0,
            ),
            DemoPost(
                OKAFOR,
                "Delta Circuit uses the mechanism of our smelter's industry body. @[Hanneke Smits], I can "
                "introduce you to the people who run it.",
                reply_to=0,
                reactions=((SMITS, "heart"),),
            ),
        ),
        tags=("grievance mechanisms", "SMEs"),
        days_ago=6,
    ),
    DemoThread(
        "responsible-public-procurement",
        "Model clause on smelter audits in laptop tenders",
        (
            DemoPost(
                ELAMRANI,
                "Westerhaven's laptop tender opens next month. Draft clause: *the supplier shall source tin, "
                "tantalum, tungsten and gold only from smelters that passed an independent audit.* Too "
                "strict?",
                reactions=((VISSER, "thumbs_up"),),
            ),
            DemoPost(
                CHAIR,
                "Not too strict for the big brands, but ask for the smelter list as an annex, not a yes/no "
                "box. "
                "Then you can check it.",
                reply_to=0,
                quote=True,
                reactions=((ELAMRANI, "insightful"), (VISSER, "agree")),
            ),
            DemoPost(
                VISSER,
                "The ministry can supply the reference list of audited smelters. @[Fatima El Amrani], shall "
                "we "
                "add it to the tender documents?",
                reply_to=1,
            ),
            DemoPost(
                MEMBER,
                "Please also add a clause on working conditions in assembly. Audited smelters do not say "
                "anything about the factory floor.",
                reply_to=0,
            ),
        ),
        tags=("public procurement", "smelter audits"),
        days_ago=3,
    ),
    DemoThread(
        PUBLIC_FORUM,
        "Chapter 2: what counts as recycled content?",
        (
            DemoPost(
                SECRETARIAT,
                "The draft guidance defines recycled content as metal recovered from **post-consumer** and "
                "**pre-consumer** scrap. Should pre-consumer scrap (offcuts from factories) count? Tell us "
                "what you think before the end of the month.",
                reactions=((PEETERS, "thumbs_up"), (REGISTERED, "thumbs_up")),
            ),
            DemoPost(
                PEETERS,
                "Pre-consumer scrap should count, but reported separately. Otherwise a factory's own offcuts "
                "make a product look more circular than it is.",
                reply_to=0,
                reactions=((SECRETARIAT, "insightful"), (VANDENBERG, "agree")),
            ),
            DemoPost(
                REGISTERED,
                "Fair Metals Watch agrees with a separate figure. We would also like the guidance to say how "
                "claims are checked: who verifies the percentage?",
                reply_to=1,
                quote=True,
            ),
            DemoPost(
                SECRETARIAT,
                "Good point, @[Priya Raman]. Chapter 4 covers verification; we will link it from chapter 2.",
                reply_to=2,
                reactions=((REGISTERED, "heart"),),
            ),
        ),
        tags=("consultation", "recycling"),
        pinned=True,
        days_ago=8,
    ),
    DemoThread(
        PUBLIC_FORUM,
        "Collection of e-waste in producing countries",
        (
            DemoPost(
                VANDENBERG,
                "The draft says little about e-waste that is collected in the countries where the minerals "
                "were "
                "mined. Informal collectors there face the same risks as artisanal miners.",
                reactions=((MEMBER, "agree"),),
            ),
            DemoPost(
                MEMBER,
                "Yes. Burning cables to recover copper is among the most dangerous work we know of. The "
                "guidance should point buyers to formal collection schemes.",
                reply_to=0,
                reactions=((VANDENBERG, "thumbs_up"), (SECRETARIAT, "insightful")),
            ),
        ),
        tags=("consultation", "e-waste"),
        days_ago=2,
    ),
)
