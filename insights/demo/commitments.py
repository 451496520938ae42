"""The covenant's further signatories: the dozens of companies (and a few NGOs and industry associations) that
signed the covenant and report on a commitment, without sending people to the working groups.

The fifteen parties of working_groups.demo are too few to fill a cell of five parties in the commitment
figures. This seed adds twenty-three invented parties — metal traders, electronics makers, recyclers,
jewellers, automotive suppliers, four NGOs and two associations — each with a published commitment (some
shared by two or three of them), so that this year's cell of companies with commitments in progress, the
company and civil-society totals and the companies' progress updates are shown, while planned, achieved
and delayed commitments and the smaller stakeholder types stay below five and hidden.

The newest update of a commitment is always dated in the current year, whatever the day of the seed run.
Idempotent: parties are brought back to these values by slug (working_groups.demo.parties), a commitment is
looked up by its title and left alone when it exists.
"""

import dataclasses
import datetime

from commitments.demo.commitment_data import DemoCommitment, DemoIndicator, DemoUpdate
from commitments.demo.commitments import MONTH, THEMES, commitment_from_spec
from commitments.models import Commitment
from working_groups.demo.parties import DemoParty, seed_parties
from working_groups.models import StakeholderType, Theme

COMPANY, NGO = StakeholderType.COMPANY, StakeholderType.CIVIL_SOCIETY
ASSOCIATION = StakeholderType.INDUSTRY_ASSOCIATION
SIGNED, JOINED_LATER = datetime.date(2021, 3, 15), datetime.date(2023, 10, 2)


def _party(slug, name, kind, country, description, signed=SIGNED) -> DemoParty:
    return DemoParty(slug, name, kind, country, description, f"https://{slug}.example.org", signed)


FURTHER_PARTIES = (
    _party("van-dijk-metaalhandel", "Van Dijk Metaalhandel", COMPANY, "NL",
           "Trades tin, copper and nickel from its warehouse in the port of Rotterdam for European "
           "manufacturers of solder, alloys and cables."),
    _party("maasvlakte-metals-trading", "Maasvlakte Metals Trading", COMPANY, "NL",
           "An importer of tin ingots and tantalum powder from Asian and African smelters."),
    _party("elbe-tin-tungsten", "Elbe Tin & Tungsten Trading", COMPANY, "DE",
           "Supplies tungsten carbide and tin to tool makers and the electronics industry in Germany and the "
           "Benelux.", JOINED_LATER),
    _party("brabant-power-electronics", "Brabant Power Electronics", COMPANY, "NL",
           "Designs and builds inverters and chargers for solar parks and electric buses."),
    _party("kempen-sensor-systems", "Kempen Sensor Systems", COMPANY, "NL",
           "Makes sensors and control boards for greenhouses and the food industry.", JOINED_LATER),
    _party("westland-medical-instruments", "Westland Medical Instruments", COMPANY, "NL",
           "Produces patient monitors and infusion pumps with gold-plated contacts and tantalum capacitors."),
    _party("oresund-battery-systems", "Øresund Battery Systems", COMPANY, "DK",
           "Assembles battery packs for ferries, forklifts and home storage from cells bought in Asia."),
    _party("twente-cable-works", "Twente Cable Works", COMPANY, "NL",
           "A cable and wire-harness maker with assembly plants in Morocco and Romania."),
    _party("zeeland-circular-metals", "Zeeland Circular Metals", COMPANY, "NL",
           "Shreds and sorts discarded electronics and sells the copper, aluminium and circuit-board "
           "fractions to European smelters."),
    _party("scheldt-e-waste-recycling", "Scheldt E-Waste Recycling", COMPANY, "BE",
           "Recovers precious metals from phones, laptops and servers collected by Belgian municipalities.",
           JOINED_LATER),
    _party("ardennes-precious-metals", "Ardennes Precious Metals Refinery", COMPANY, "BE",
           "Refines gold and silver from jewellery scrap and electronic waste into bars and grain."),
    _party("amstel-goldsmiths", "Amstel Goldsmiths", COMPANY, "NL",
           "A workshop of twelve goldsmiths in Amsterdam making wedding rings and commissioned jewellery."),
    _party("juwelier-noorderlicht", "Juwelier Noorderlicht", COMPANY, "NL",
           "A chain of thirty jewellery shops in the north of the Netherlands with its own gold collection."),
    _party("maison-lefort-joaillerie", "Maison Lefort Joaillerie", COMPANY, "FR",
           "A Paris jewellery house that buys gold and coloured gemstones for its collections.",
           JOINED_LATER),
    _party("veluwe-automotive-components", "Veluwe Automotive Components", COMPANY, "NL",
           "Supplies die-cast housings and wiring to car and truck makers."),
    _party("isar-drive-systems", "Isar Drive Systems", COMPANY, "DE",
           "Builds electric motors with rare-earth magnets and tungsten parts for the car industry."),
    _party("po-valley-brake-components", "Po Valley Brake Components", COMPANY, "IT",
           "Makes brake pads and discs with copper, tin and antimony for European car makers.", JOINED_LATER),
    _party("just-mining-coalition", "Just Mining Coalition", NGO, "NL",
           "A coalition of Dutch development and human-rights organisations that follows the covenant's "
           "grievance cases with partners in mining countries."),
    _party("living-wage-alliance-europe", "Living Wage Alliance Europe", NGO, "BE",
           "Calculates living-wage benchmarks and helps companies close the gap in their supply chains."),
    _party("bangka-tin-communities", "Bangka Tin Communities Network", NGO, "ID",
           "A network of fishing and farming villages affected by tin mining on the islands of Bangka and "
           "Belitung.", JOINED_LATER),
    _party("gender-and-extractives-platform", "Gender and Extractives Platform", NGO, "NL",
           "Brings women's-rights organisations and researchers together on the gender impacts of mining."),
    _party("goldsmiths-jewellers-association", "Netherlands Association of Goldsmiths and Jewellers",
           ASSOCIATION, "NL", "Represents some 1,200 jewellers, goldsmiths and watchmakers."),
    _party("dutch-automotive-suppliers", "Dutch Automotive Suppliers' Federation", ASSOCIATION, "NL",
           "Speaks for about two hundred suppliers to the car and truck industry.", JOINED_LATER),
)  # fmt: skip


def _plan(title, description, parties, themes, steps, sdgs, started, months, indicator, *updates, **more):
    return DemoCommitment(
        title, description, parties, themes, steps, sdgs, started, months,
        indicators=(DemoIndicator(*indicator),), updates=tuple(DemoUpdate(*update) for update in updates),
        **more,
    )  # fmt: skip


FURTHER_COMMITMENTS = (
    _plan("Trace the cobalt in our battery packs to the mine",
          "Øresund asks its cell makers for the refiners and mines behind the cobalt they use, and replaces "
          "cells whose cobalt cannot be traced past the refinery.",
          ("oresund-battery-systems",), ("due-diligence", "human-rights"), (2, 3), ("8.7", "12.2"), 14, 30,
          ("Cobalt traced to the mine of origin", "%", "20", "90"),
          (9, "All four cell makers named their refiners; two of them also named mines.", ("45",)),
          (2, "A refiner in the supply chain agreed to a third-party audit of its mine sites.", ("62",))),
    _plan("Buy tin only from smelters that passed an RMI audit",
          "Three traders agree to buy tin only from smelters conformant with the Responsible Minerals "
          "Initiative assessment, and to share the smelter list with their customers.",
          ("van-dijk-metaalhandel", "maasvlakte-metals-trading", "elbe-tin-tungsten"),
          ("conflict-minerals", "due-diligence"), (2, 3, 4), ("16.5", "12.2"), 18, 30,
          ("Tin bought from conformant smelters", "%", "61", "100"),
          (12, "Shared smelter list published; two smelters without an audit dropped.", ("74",)),
          (3, "Remaining volumes from one Indonesian smelter moved to audited smelters.", ("91",)),
          group="due-diligence-tools-smes"),
    _plan("Due diligence on tungsten and rare earths in our e-motors",
          "Isar maps where the tungsten and magnet metals in its motors are mined and processed, and "
          "includes high-risk areas in its supplier audits.",
          ("isar-drive-systems",), ("conflict-minerals", "due-diligence"), (1, 2), ("12.2",), 10, 24,
          ("Tungsten suppliers mapped to the smelter", "%", "0", "100"),
          (4, "Policy adopted; first supplier survey sent.", ("35",)),
          (1, "All tungsten smelters identified; one outside the RMI list is being assessed.", ("80",))),
    _plan("Only responsibly sourced or recycled gold in our jewellery",
          "The goldsmiths and their association buy gold only from refiners with a credible audit, or "
          "recycled gold with a documented origin, and explain the choice to their customers.",
          ("amstel-goldsmiths", "juwelier-noorderlicht", "goldsmiths-jewellers-association"),
          ("conflict-minerals", "artisanal-mining"), (2, 3, 5), ("12.2", "16.10"), 16, 36,
          ("Gold bought with a documented origin", "%", "40", "100"),
          (10, "A model supplier clause for members agreed.", ("55",)),
          (4, "The chain's own collection now uses recycled gold only.", ("72",))),
    _plan("Buy certified artisanal gold from mining cooperatives",
          "Maison Lefort will buy part of its gold from artisanal cooperatives certified for labour and "
          "environmental criteria, paying the premium to the community.",
          ("maison-lefort-joaillerie",), ("artisanal-mining", "human-rights"), (3,), ("1.4", "8.7"), 2, 30,
          ("Gold from certified artisanal cooperatives", "%", "0", "15"), status="planned"),
    _plan("A grievance mechanism for workers in our supply chain",
          "Workers at our suppliers' factories and the smelters behind them can raise complaints through a "
          "shared line in their own language; we report how many came in and how they were resolved.",
          ("brabant-power-electronics", "kempen-sensor-systems"), ("human-rights", "decent-work"), (6,),
          ("8.8", "16.10"), 12, 24,
          ("Supplier sites where workers can reach the mechanism", "sites", "0", "40"),
          (7, "Line opened at the first assembly suppliers in Malaysia.", ("12",)),
          (2, "Extended to the PCB suppliers; first complaints on overtime resolved.", ("27",))),
    _plan("Pay a living wage in our assembly plants",
          "Twente Cable Works closes the gap between wages and the regional living wage in its plants in "
          "Morocco and Romania, using the Alliance's benchmarks.",
          ("twente-cable-works", "living-wage-alliance-europe"), ("decent-work",), (3, 4), ("8.5",), 9, 36,
          ("Workers paid at least a living wage", "%", "58", "100"),
          (5, "Benchmarks agreed for both regions; wages raised in Tangier.", ("71",))),
    _plan("Gender-responsive due diligence in our supplier assessments",
          "Westland adds questions on harassment, equal pay and women's access to grievance mechanisms to "
          "its supplier assessment, with the Platform's guidance.",
          ("westland-medical-instruments", "gender-and-extractives-platform"),
          ("gender-equality", "due-diligence"), (2, 3), ("5.1", "5.5"), 11, 24,
          ("Supplier assessments with gender questions", "%", "0", "100"),
          (6, "Questions piloted with ten suppliers.", ("25",)),
          (1, "Questions part of every assessment since September.", ("60",)),
          group="gender-lens-mineral-supply-chains"),
    _plan("Recover precious metals from 10,000 tonnes of e-waste a year",
          "The two recyclers raise the share of gold, silver and palladium they recover from the electronics "
          "they collect, instead of exporting the circuit boards.",
          ("zeeland-circular-metals", "scheldt-e-waste-recycling"), ("circular-economy",), (3,),
          ("12.5",), 20, 24, ("E-waste processed for precious metals", "tonnes", "4000", "10000"),
          (14, "New separation line commissioned in Vlissingen.", ("6200",)),
          (2, "Target reached: 10,400 tonnes in the last twelve months.", ("10400",), "achieved"),
          status="achieved", group="secondary-raw-materials-recycling"),
    _plan("Publish where the recycled gold in our bars comes from",
          "Ardennes publishes, per year, which share of its gold is recycled and from which kinds of scrap, "
          "so that buyers can check recycled-content claims.",
          ("ardennes-precious-metals",), ("circular-economy", "conflict-minerals"), (4, 5), ("12.6",), 8, 24,
          ("Gold intake with a documented scrap origin", "%", "30", "100"),
          (3, "First report published; jewellery scrap now documented per supplier.", ("64",))),
    _plan("Responsible-sourcing clauses in our supplier contracts",
          "The automotive suppliers put due-diligence clauses for tin, tungsten, tantalum and gold (3TG) and "
          "cobalt in every new contract, backed by their federation's model text.",
          ("veluwe-automotive-components", "po-valley-brake-components", "dutch-automotive-suppliers"),
          ("due-diligence",), (1, 3), ("12.6",), 15, 24,
          ("Supplier contracts with the clause", "%", "10", "100"),
          (11, "Model clause published by the federation.", ("25",)),
          (4, "Delayed: tier-2 suppliers ask for a transition period.", ("38",), "delayed"),
          status="delayed"),
    _plan("Support tin-mining communities to restore their land",
          "Maasvlakte funds the Network's programme that replants former tin pits and helps fishing villages "
          "monitor the water near offshore dredgers.",
          ("bangka-tin-communities", "maasvlakte-metals-trading"), ("environment-climate", "human-rights"),
          (3, 6), ("6.3", "1.4"), 13, 36, ("Former mining pits replanted", "hectares", "0", "120"),
          (8, "Nurseries set up in two villages.", ("9",)),
          (3, "Water monitoring started with fishers' groups.", ("31",))),
    _plan("Follow the covenant's grievance cases with partners in mining areas",
          "The Coalition checks with local partners whether the complaints raised through the parties' "
          "grievance mechanisms were resolved, and reports on it twice a year.",
          ("just-mining-coalition",), ("human-rights",), (4, 6), ("16.10",), 20, 36,
          ("Grievance cases followed up locally", "cases", "0", "60"),
          (13, "Partners in Congo, Peru and Indonesia trained.", ("14",)),
          (4, "Second report: most cases closed, three disputed.", ("33",))),
)  # fmt: skip


def _this_year(spec: DemoCommitment, today: datetime.date) -> DemoCommitment:
    """The spec with its newest update no older than the first day of this year."""
    if not spec.updates:
        return spec
    months_this_year = (today - today.replace(month=1, day=1)).days // MONTH.days
    newest = min(spec.updates, key=lambda update: update.months_ago)
    updates = tuple(
        dataclasses.replace(update, months_ago=min(update.months_ago, months_this_year))
        if update is newest
        else update
        for update in spec.updates
    )
    return dataclasses.replace(spec, updates=updates)


def seed_further_signatories(today: datetime.date) -> tuple[int, int]:
    """Create or refresh the further parties and create their missing commitments; returns (parties, new)."""
    parties = seed_parties(FURTHER_PARTIES)
    themes = {
        slug: Theme.objects.originals().get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in THEMES.items()
    }
    themes |= {theme.slug: theme for theme in Theme.objects.originals().exclude(slug__in=themes)}
    existing = set(
        Commitment.objects.filter(title__in=[spec.title for spec in FURTHER_COMMITMENTS]).values_list(
            "title", flat=True
        )
    )
    missing = [spec for spec in FURTHER_COMMITMENTS if spec.title not in existing]
    for spec in missing:
        commitment_from_spec(_this_year(spec, today), themes, today)
    return len(parties), len(missing)
