"""The demo site's words: about pages, policy pages and news, written for this demo."""

from datetime import date

HOME = {
    "title": "Home",
    "hero_heading": "Responsible metal chains, worked out together",
    "hero_intro": (
        "Companies, industry associations, government, civil society and trade unions share one table: "
        "finding and tackling the risks to people and planet in the chains that bring metals to Europe."
    ),
    "hero_cta_text": "Read about the covenant",
    "aims_heading": "What the covenant aims for",
    "aims": [
        (
            "Due diligence that works",
            "Every party maps its metal chain, identifies the most severe risks and acts on them, following "
            "the OECD due diligence guidance step by step.",
        ),
        (
            "Better conditions where metals are mined",
            "Joint projects with producers and communities tackle child labour, unsafe working conditions "
            "and pollution in mining regions.",
        ),
        (
            "A voice for workers and communities",
            "Trade unions and NGOs take part in every working group, so the people affected are heard "
            "before decisions are taken.",
        ),
        (
            "Learning in the open",
            "Parties share what works and what does not: in webinars, working groups and a yearly "
            "public progress report.",
        ),
    ],
}

ABOUT_PAGES = [
    {
        "slug": "about",
        "title": "About the covenant",
        "intro": (
            "An agreement between companies, sector organisations, government, NGOs and trade unions to "
            "make the metal value chain fairer and cleaner, step by step, over five years."
        ),
        "body": [
            ("heading", "Why a covenant"),
            (
                "paragraph",
                "<p>Metals are everywhere in the products we make and buy: in buildings, vehicles, machines "
                "and "
                "electronics. The way they are mined and processed can cause serious harm, from child labour "
                "in "
                "artisanal mines to conflict financing and the poisoning of rivers. No single company can "
                "change "
                "that on its own. Together, the parties can use their combined leverage.</p>",
            ),
            ("heading", "Who takes part"),
            (
                "paragraph",
                "<p>Producers and processors of metal products, their sector associations, the national "
                "government, civil-society organisations and trade unions. Every party signs the same "
                "commitments and reports on its progress to the secretariat once a year.</p>",
            ),
            (
                "quote",
                "We do not expect perfection on day one. We expect every party to know its risks and to be "
                "able to show what it does about them.",
                "Chair of the steering group",
            ),
            ("heading", "How we work"),
            (
                "paragraph",
                "<ul><li>Working groups on specific metals and themes, such as tin, cobalt and "
                "recycling.</li>"
                "<li>Webinars and meetings where parties learn from each other and from experts.</li>"
                "<li>Joint projects in producing countries, chosen with local partners.</li>"
                "<li>A complaints and disputes mechanism open to anyone harmed by a party's "
                "activities.</li></ul>",
            ),
        ],
    },
    {
        "slug": "oecd-due-diligence",
        "title": "OECD due diligence in mineral and metal supply chains",
        "intro": "The six steps of the OECD framework are the backbone of what every party commits to.",
        "body": [
            (
                "paragraph",
                "<p>The OECD Due Diligence Guidance for Responsible Supply Chains of Minerals from "
                "Conflict-Affected and High-Risk Areas, together with the general guidance for responsible "
                "business conduct, describes how a company finds out where its risks are and what to do "
                "about "
                "them. The covenant applies it to the whole metal chain, not only to the four conflict "
                "minerals.</p>",
            ),
            ("heading", "The six steps"),
            (
                "paragraph",
                "<ol><li>Embed responsible business conduct in policies and management systems.</li>"
                "<li>Identify and assess actual and potential adverse impacts in the chain.</li>"
                "<li>Cease, prevent or mitigate them.</li><li>Track implementation and results.</li>"
                "<li>Communicate how impacts are addressed.</li>"
                "<li>Provide for or cooperate in remediation when appropriate.</li></ol>",
            ),
            ("heading", "Prioritising by severity"),
            (
                "paragraph",
                "<p>Few companies can trace every gram of metal back to the mine. The guidance asks parties "
                "to "
                "start where harm is most severe and most likely: scale, scope and how hard it is to put "
                "right "
                "decide the order, not how easy a risk is to fix.</p>",
            ),
        ],
    },
    {
        "slug": "gender-lens",
        "title": "The gender lens",
        "intro": (
            "Women in mining communities face risks men do not, and they are easily left out of the "
            "solutions."
        ),
        "body": [
            (
                "paragraph",
                "<p>Women work as ore washers, traders and cooks at artisanal mine sites, often without any "
                "legal protection. They are more exposed to sexual violence, earn less for the same work and "
                "are rarely consulted when a mine opens, expands or closes.</p>",
            ),
            ("heading", "What we ask of parties"),
            (
                "paragraph",
                "<ul><li>Break down risk assessments by gender, and ask women directly.</li>"
                "<li>Make grievance channels safe and usable for women, including anonymous routes.</li>"
                "<li>Check that projects do not shift unpaid care work onto women.</li></ul>",
            ),
            (
                "quote",
                "If you only talk to the mine manager and the village chief, you have heard half of the "
                "story.",
                "Field researcher, Great Lakes region",
            ),
        ],
    },
]

POLICY_PAGES = [
    {
        "slug": "privacy",
        "title": "Privacy statement",
        "intro": "What personal data this site keeps, why, and what you can ask us to do with it.",
        "body": [
            ("heading", "What we keep"),
            (
                "paragraph",
                "<p>If you create an account we keep your name, e-mail address, organisation and the working "
                "groups and events you take part in. We keep the messages you post in discussions. We use "
                "one cookie to keep you signed in and one to protect forms; we use no tracking or "
                "advertising "
                "cookies and load nothing from other websites.</p>",
            ),
            ("heading", "Why"),
            (
                "paragraph",
                "<p>To run the covenant's working groups and events, which the parties have agreed to in the "
                "covenant text. We never sell data or share it outside the covenant.</p>",
            ),
            ("heading", "Your rights"),
            (
                "paragraph",
                "<p>You may ask to see, correct or delete your data, and you can delete your account "
                "yourself "
                "at any time. Contact the secretariat; we answer within four weeks.</p>",
            ),
        ],
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "intro": (
            "We want everyone to be able to use this site, whatever device or assistive technology they use."
        ),
        "body": [
            (
                "paragraph",
                "<p>This site aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. "
                "Pages are tested with automated checks and by hand with a keyboard and a screen reader.</p>",
            ),
            ("heading", "Known limitations"),
            (
                "paragraph",
                "<p>Some older documents in the library are scanned PDFs without a text layer. Ask us for an "
                "accessible version and we will send one within ten working days.</p>",
            ),
            ("heading", "Tell us"),
            (
                "paragraph",
                "<p>Found something that does not work for you? Write to the secretariat and describe the "
                "page "
                "and what went wrong.</p>",
            ),
        ],
    },
    {
        "slug": "contact",
        "title": "Contact",
        "intro": "The secretariat is the first point of contact for parties, applicants and the public.",
        "body": [
            (
                "paragraph",
                '<p>E-mail <a href="mailto:secretariaat@metalchains.example.org">'
                "secretariaat@metalchains.example.org</a> or call +31 70 555 0142 on working days between "
                "9:00 "
                "and 17:00.</p>",
            ),
            (
                "paragraph",
                "<p>Complaints about a party's conduct go to the independent complaints committee; the "
                "secretariat forwards them confidentially.</p>",
            ),
        ],
    },
]

NEWS_INDEX = {"slug": "news", "title": "News", "intro": "Progress, decisions and events from the covenant."}

NEWS = [
    {
        "slug": "tin-working-group-starts",
        "title": "Tin working group starts mapping smelters",
        "date": date(2025, 2, 18),
        "summary": "Eleven parties will trace which smelters supply the solder and tin plate they buy.",
        "tags": ["tin", "due diligence"],
        "related": ["oecd-due-diligence"],
        "paragraphs": [
            "Tin reaches European manufacturers mostly as solder and tinplate, several steps away from the "
            "mine. The new working group will first find out which smelters sit in each party's chain.",
            "The group uses the public lists of smelters that have passed an independent audit as a starting "
            "point, and will ask suppliers directly where those lists fall short.",
        ],
    },
    {
        "slug": "child-labour-project-drc",
        "title": "Joint project against child labour in artisanal cobalt mining",
        "date": date(2025, 4, 3),
        "summary": (
            "Four parties fund schooling and income support in mining villages, run by a local partner."
        ),
        "tags": ["child labour", "cobalt", "projects"],
        "related": ["about"],
        "image": "strata",
        "paragraphs": [
            "Children as young as seven sort and wash ore at artisanal sites. Banning them from the sites "
            "without an alternative only pushes the work out of sight.",
            "The project pays school fees and meals, and helps parents earn a living wage through a savings "
            "cooperative. Progress is checked by an independent monitor twice a year.",
        ],
    },
    {
        "slug": "first-progress-report",
        "title": "First progress report: most parties have mapped their main risks",
        "date": date(2025, 6, 26),
        "summary": "Thirty-one of thirty-eight parties finished their first risk assessment within a year.",
        "tags": ["progress report", "due diligence"],
        "related": ["oecd-due-diligence", "about"],
        "paragraphs": [
            "The report groups the risks parties found. Working conditions in mining came out on top, "
            "followed by environmental damage around smelters and corruption in licensing.",
            "Seven parties need more time; the secretariat supports them with one-to-one sessions.",
        ],
    },
    {
        "slug": "gender-webinar-recap",
        "title": "Webinar recap: seeing mining through a gender lens",
        "date": date(2025, 9, 11),
        "summary": (
            "Researchers and a union organiser explained how risk assessments miss women's experience."
        ),
        "tags": ["gender", "webinars"],
        "related": ["gender-lens"],
        "image": "dialogue",
        "paragraphs": [
            "Over a hundred participants joined. The speakers showed how interviews held only with "
            "registered miners leave out the women who wash and trade ore.",
            "The slides and a checklist for gender-responsive risk assessment are available to parties.",
        ],
    },
    {
        "slug": "recycled-metals-guidance",
        "title": "Recycled does not mean risk-free",
        "date": date(2025, 11, 20),
        "summary": "A new note helps parties apply due diligence to scrap and secondary metals.",
        "tags": ["recycling", "due diligence"],
        "related": ["oecd-due-diligence"],
        "image": "circuit",
        "paragraphs": [
            "Scrap can hide newly mined material, and informal e-waste recycling exposes workers to lead and "
            "mercury. The note explains which questions to ask scrap traders and refiners.",
        ],
    },
    {
        "slug": "government-procurement-pilot",
        "title": "Government buyers pilot responsible metal criteria",
        "date": date(2026, 1, 29),
        "summary": (
            "Three public tenders for cabling and street furniture will ask bidders for chain information."
        ),
        "tags": ["procurement"],
        "related": ["about"],
        "paragraphs": [
            "Public procurement is one of the strongest levers the government has. The pilot tests criteria "
            "that ask for a smelter list and a due-diligence plan rather than a certificate alone.",
        ],
    },
    {
        "slug": "ilo-standards-session",
        "title": "Trade unions lead a session on ILO core labour standards",
        "date": date(2026, 3, 17),
        "summary": (
            "Freedom of association and safe work at smelters were the focus of a well-attended meeting."
        ),
        "tags": ["labour rights", "webinars"],
        "related": ["about"],
        "paragraphs": [
            "Union representatives from two producing countries described how workers who organise are "
            "dismissed, and what buyers can do: ask, keep asking, and stay engaged rather than leave.",
        ],
    },
    {
        "slug": "new-parties-join",
        "title": "Five new parties sign the covenant",
        "date": date(2026, 6, 4),
        "summary": "A copper processor, two machine builders, an NGO and a regional union join the table.",
        "tags": ["covenant parties"],
        "related": ["about", "oecd-due-diligence"],
        "image": "smelter",
        "paragraphs": [
            "With the new signatories the covenant counts forty-three parties. Each will complete a first "
            "risk assessment within twelve months.",
        ],
    },
    {
        "slug": "second-progress-report",
        "title": "Second progress report: from mapping to action",
        "date": date(2026, 9, 24),
        "summary": "Parties reported 112 concrete measures; a third involve suppliers directly.",
        "tags": ["progress report"],
        "related": ["gender-lens", "oecd-due-diligence"],
        "paragraphs": [
            "The focus moved from knowing the risks to acting on them. The report also names what did not "
            "work: supplier questionnaires without follow-up produced little change.",
        ],
    },
]

SITE_SETTINGS = {
    "organisation_name": "Covenant on Responsible Metal Chains — Secretariat",
    "email": "secretariaat@metalchains.example.org",
    "phone": "+31 70 555 0142",
    "address": (
        "Secretariat, Covenant on Responsible Metal Chains\nLange Voorhout 12\n2514 ED Den Haag\nNetherlands"
    ),
    "social": [
        ("LinkedIn", "https://www.linkedin.com/company/example-metal-chains"),
        ("Mastodon", "https://mastodon.example.org/@metalchains"),
    ],
}
