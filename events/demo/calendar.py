"""The demo calendar: the events index in the main menu, webinars, a workshop, group meetings and the forum.

Every event is described relative to the day of the first run (`days` from today, local start and end times
in the event's own zone). Pages are looked up by slug below their parent and made only when missing, so a
second run, on any day, changes nothing.
"""

import datetime
import json
import uuid
import zoneinfo
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Page

from cms.demo_pages import add_to_main_menu, default_home_page, ensure_child_page, paragraph_stream
from events.choices import AttendanceMode, EventAudience, EventKind, EventStatus, SpeakerRole
from events.demo.media import slides
from events.models import EventDocument, EventIndexPage, EventPage, EventSpeaker, Registration
from events.services.registrations import RegistrationError, registration_create
from working_groups.choices import Visibility
from working_groups.demo.accounts import DEMO_CHAIR_EMAIL, DEMO_MEMBER_EMAIL, DEMO_REGISTERED_EMAIL
from working_groups.demo.groups import DEMO_GROUPS
from working_groups.models import Theme, WorkingGroupPage

INDEX_SLUG = "events"
INDEX_TITLE = "Events"
INDEX_INTRODUCTION = (
    "Webinars, working-group meetings and the yearly forum of the covenant. Everyone is welcome at the "
    "public events; members find their groups' meetings here too."
)
BRUSSELS = "Europe/Brussels"
VIDEO_HOST = "https://meet.example.org/j/"

#: The webinar the issue names: the next 26 March, 14:00 Brussels time, online with a passcode.
GENDER_WEBINAR_SLUG = "gender-due-diligence-in-practice"
FULL_WEBINAR_SLUG = "traceability-tools-for-small-traders"
CANCELLED_WEBINAR_SLUG = "tender-clauses-first-results"
FORUM_SLUG = "covenant-forum"


@dataclass(frozen=True)
class DemoEvent:
    slug: str
    title: str
    kind: str
    introduction: str
    days: int
    start: str
    end: str
    time_zone: str = BRUSSELS
    attendance: str = AttendanceMode.ONLINE
    venue: str = ""
    room: str = ""
    language: str = "en"
    themes: tuple[str, ...] = ()
    audience: str = EventAudience.PUBLIC
    status: str = EventStatus.SCHEDULED
    status_notice: str = ""
    capacity: int | None = None
    registration_open: bool = False
    description: tuple[tuple[str, str], ...] = ()
    agenda: tuple[tuple[str, str, str], ...] = ()
    speakers: tuple[tuple[str, str], ...] = ()
    recording_url: str = ""
    slides: tuple[str, ...] = ()
    summary: tuple[tuple[str, str], ...] = ()
    registrants: tuple[str, ...] = ()
    end_days: int | None = None
    sessions: tuple["DemoEvent", ...] = field(default=())


def next_26_march(today: datetime.date) -> datetime.date:
    """The next 26 March from `today` (today itself when it is 26 March)."""
    this_year = datetime.date(today.year, 3, 26)
    return this_year if this_year >= today else datetime.date(today.year + 1, 3, 26)


WEBINARS = (
    DemoEvent(
        "mapping-smelters-in-your-tin-supply-chain",
        "Mapping smelters in your tin supply chain",
        EventKind.WEBINAR,
        "Three companies show how they found the smelters behind their tin, and what they did about the "
        "ones that would not answer.",
        days=-290,
        start="15:00",
        end="16:30",
        themes=("due-diligence",),
        description=(
            (
                "paragraph",
                "Most companies buy components, not metal. Finding the smelter behind the solder in a "
                "circuit board takes patience, shared lists and suppliers who see why it matters.",
            ),
        ),
        agenda=(
            ("15:00", "Welcome and why smelters matter", ""),
            ("15:10", "From forty suppliers to every smelter", "Delta Circuit Components"),
            ("15:40", "What the ministry expects", ""),
            ("16:00", "Questions from the audience", ""),
        ),
        speakers=(
            ("diallo", SpeakerRole.SPEAKER),
            ("degraaf", SpeakerRole.SPEAKER),
            ("devries", SpeakerRole.MODERATOR),
        ),
        recording_url="https://www.youtube.com/watch?v=Rt7x3mVq2Lk",
        slides=("Smelter mapping step by step", "Start with your top ten suppliers", "Share smelter lists"),
        summary=(
            (
                "paragraph",
                "Some 120 people joined. Delta showed its yearly smelter survey; the ministry explained "
                "that it expects a risk-based approach, not a complete list on day one. Participants asked "
                "for a shared template: the SME tools group takes this up.",
            ),
        ),
    ),
    DemoEvent(
        "women-traders-and-mineral-markets",
        "Women traders and mineral markets",
        EventKind.WEBINAR,
        "Women buy and sell much of East Africa's artisanal gold and tin. What do they need from buyers?",
        days=-220,
        start="11:00",
        end="12:30",
        time_zone="Africa/Nairobi",
        themes=("gender-equality", "artisanal-mining"),
        description=(
            (
                "paragraph",
                "Held at a time that suits participants in East Africa: 11:00 in Nairobi. The network's "
                "members told their own stories of trading at local markets.",
            ),
        ),
        speakers=(
            ("mwangi", SpeakerRole.SPEAKER),
            ("fontaine", SpeakerRole.SPEAKER),
            ("mukendi", SpeakerRole.SPEAKER),
            ("devries", SpeakerRole.MODERATOR),
        ),
        recording_url="https://vimeo.com/812345678",
        slides=("Women in mineral trade", "Who trades what", "Barriers to licences", "What buyers can do"),
        summary=(
            (
                "paragraph",
                "Speakers agreed that buyers can help most by paying on time, accepting cooperative "
                "membership as proof of origin and asking suppliers about harassment at markets.",
            ),
        ),
    ),
    DemoEvent(
        "remediation-when-children-are-found",
        "Remediation when children are found at the mine",
        EventKind.WEBINAR,
        "What a buyer should do, step by step, when a supplier's mine turns out to employ children.",
        days=-130,
        start="14:00",
        end="15:30",
        themes=("child-labour", "due-diligence"),
        speakers=(
            # An all-men panel: the admin's panel balance warns about it (the one demo event that does).
            ("boateng", SpeakerRole.SPEAKER),
            ("mukendi", SpeakerRole.SPEAKER),
            ("herrera", SpeakerRole.MODERATOR),
        ),
        recording_url="https://youtu.be/Kp2vNw8dQ4s",
        slides=("Remediation in five steps", "Do not walk away", "Fund school and income", "Follow up"),
        summary=(
            (
                "paragraph",
                "Walking away from the mine rarely helps the children. The programme in Ghana showed how a "
                "remediation fund, paid by several buyers together, keeps children in school.",
            ),
        ),
    ),
    DemoEvent(
        "gerecycled-metaal-wat-inkopers-kunnen-controleren",
        "Gerecycled metaal: wat inkopers kunnen controleren",
        EventKind.WEBINAR,
        "Leveranciers beloven steeds vaker gerecycled metaal. Hoe controleert een inkoper die claim?",
        days=-60,
        start="10:00",
        end="11:00",
        language="nl",
        themes=("circular-economy",),
        speakers=(("hendriks", SpeakerRole.SPEAKER), ("devries", SpeakerRole.MODERATOR)),
        recording_url="https://media.example.org/webinars/gerecycled-metaal.mp4",
        slides=("Gerecycled metaal controleren", "Vraag naar de keten", "Certificaten vergelijken"),
        summary=(
            (
                "paragraph",
                "Inkopers kunnen een claim over gerecycled metaal alleen controleren als de hele keten "
                "papieren bijhoudt. De werkgroep recycling werkt aan een gedeelde definitie.",
            ),
        ),
    ),
    DemoEvent(
        FULL_WEBINAR_SLUG,
        "Traceability tools for small traders",
        EventKind.WEBINAR,
        "A hands-on look at three affordable tools that help a small trader show where its metal comes from.",
        days=18,
        start="14:00",
        end="15:00",
        themes=("due-diligence",),
        capacity=3,
        registration_open=True,
        speakers=(
            ("fontaine", SpeakerRole.SPEAKER),
            ("mukendi", SpeakerRole.SPEAKER),
            ("devries", SpeakerRole.MODERATOR),
        ),
        description=(
            (
                "paragraph",
                "Places are limited so that everyone can try the tools during the session. When the "
                "webinar is full you join the waiting list and move up automatically when a place frees up.",
            ),
        ),
        registrants=(
            DEMO_CHAIR_EMAIL,
            "a.okafor@example.org",
            "h.smits@example.org",
            "w.peeters@example.org",
            "t.keller@example.org",
        ),
    ),
    DemoEvent(
        CANCELLED_WEBINAR_SLUG,
        "Tender clauses: the first results",
        EventKind.WEBINAR,
        "Public buyers report on the first tenders with clauses on responsibly sourced electronics.",
        days=32,
        start="15:00",
        end="16:00",
        themes=("public-procurement",),
        status=EventStatus.CANCELLED,
        status_notice=(
            "Two of the tenders are still running, so the buyers cannot report on them yet. We will "
            "announce a new webinar once the contracts have been awarded."
        ),
        speakers=(("hendriks", SpeakerRole.SPEAKER),),
    ),
    DemoEvent(
        "artisanal-gold-without-mercury",
        "Artisanal gold without mercury",
        EventKind.WEBINAR,
        "How cooperatives replace mercury, and how buyers can reward them for it.",
        days=45,
        start="13:00",
        end="14:30",
        themes=("artisanal-mining",),
        status=EventStatus.POSTPONED,
        status_notice=(
            "Our speaker from South Kivu cannot travel to the studio on this date. The webinar moves to a "
            "later date; registered people keep their place and hear the new date by e-mail."
        ),
        registration_open=True,
        speakers=(("mukendi", SpeakerRole.SPEAKER), ("holm", SpeakerRole.SPEAKER)),
    ),
    DemoEvent(
        "werksessie-klachtenmechanismen",
        "Werksessie: klachtenmechanismen die werken",
        EventKind.WORKSHOP,
        "Een middag oefenen met klachtenmechanismen voor mijnbouwgemeenschappen, met voorbeelden uit de "
        "praktijk.",
        days=60,
        start="13:30",
        end="17:00",
        attendance=AttendanceMode.IN_PERSON,
        venue="Covenant office, Lange Voorhout 12, Den Haag",
        language="nl",
        themes=("due-diligence",),
        capacity=30,
        registration_open=True,
        speakers=(("herrera", SpeakerRole.SPEAKER), ("devries", SpeakerRole.MODERATOR)),
        registrants=(DEMO_MEMBER_EMAIL, "r.visser@example.org"),
    ),
    # Announced in the zones of their audiences, on both sides of the equator: the calendar feeds carry a
    # VTIMEZONE for each (Sydney keeps summer time in February; Kolkata has none).
    DemoEvent(
        "asia-pacific-smelters-and-the-covenant",
        "Asia-Pacific smelters and the covenant",
        EventKind.WEBINAR,
        "Smelters in Australia, Indonesia and Malaysia explain their audits, at an hour for the region.",
        days=75,
        start="09:00",
        end="10:30",
        time_zone="Australia/Sydney",
        themes=("due-diligence",),
        registration_open=True,
    ),
    DemoEvent(
        "tin-traders-in-india-due-diligence-at-the-source",
        "Tin traders in India: due diligence at the source",
        EventKind.WEBINAR,
        "Traders in Kolkata and Mumbai on what they ask of their suppliers, and what buyers ask of them.",
        days=90,
        start="15:00",
        end="16:30",
        time_zone="Asia/Kolkata",
        themes=("due-diligence",),
        registration_open=True,
    ),
)

GENDER_WEBINAR = DemoEvent(
    GENDER_WEBINAR_SLUG,
    "Gender due diligence in practice",
    EventKind.WEBINAR,
    "How companies add a gender lens to their supply-chain due diligence, with examples from mining and "
    "trading in East Africa.",
    days=0,  # replaced by the next 26 March
    start="14:00",
    end="15:30",
    themes=("gender-equality", "due-diligence"),
    capacity=250,
    registration_open=True,
    description=(
        (
            "paragraph",
            "Risks in mining and trading fall differently on women and men. Speakers from a company, a "
            "research centre and a women miners' network show what gender-responsive due diligence looks "
            "like in practice, and which questions every buyer can add to its supplier assessment.",
        ),
    ),
    agenda=(
        ("14:00", "Welcome", "The covenant secretariat"),
        ("14:05", "Why gender matters in due diligence", "Research findings from four countries"),
        ("14:30", "Women miners speak", "The network's experience with buyers"),
        ("14:55", "What a company can do tomorrow", ""),
        ("15:10", "Questions and answers", ""),
    ),
    speakers=(
        ("fontaine", SpeakerRole.SPEAKER),
        ("mwangi", SpeakerRole.SPEAKER),
        ("diallo", SpeakerRole.SPEAKER),
        ("herrera", SpeakerRole.SPEAKER),
        ("devries", SpeakerRole.MODERATOR),
    ),
    registrants=(DEMO_MEMBER_EMAIL, "g.wanjiru@example.org", "r.visser@example.org", "l.dubois@example.org"),
)

FORUM = DemoEvent(
    FORUM_SLUG,
    "Covenant Forum",
    EventKind.CONFERENCE,
    "Two days in Amsterdam with all parties: what the covenant achieved this year and what we commit to "
    "next.",
    days=110,
    end_days=111,
    start="09:30",
    end="17:00",
    attendance=AttendanceMode.HYBRID,
    venue="Conference centre De Werf, Werfkade 3, Amsterdam",
    themes=("due-diligence", "circular-economy", "gender-equality"),
    capacity=180,
    registration_open=True,
    description=(
        (
            "paragraph",
            "The yearly forum brings companies, government, civil society and trade unions together. The "
            "plenary sessions are streamed for registered participants; the breakout sessions are in person.",
        ),
    ),
    speakers=(("devries", SpeakerRole.MODERATOR),),
    registrants=(DEMO_CHAIR_EMAIL, DEMO_MEMBER_EMAIL, DEMO_REGISTERED_EMAIL, "k.asante@example.org"),
    sessions=(
        DemoEvent(
            "opening-plenary",
            "Opening plenary: a year of the covenant",
            EventKind.SESSION,
            "The secretariat and the parties look back on the year, with the first results of the "
            "commitments.",
            days=110,
            start="09:30",
            end="10:30",
            room="Main hall",
            speakers=(
                ("degraaf", SpeakerRole.SPEAKER),
                ("holm", SpeakerRole.SPEAKER),
                ("devries", SpeakerRole.MODERATOR),
            ),
        ),
        DemoEvent(
            "living-incomes-in-mining-communities",
            "Living incomes in mining communities",
            EventKind.SESSION,
            "What a fair price for artisanal tin looks like, and who pays it.",
            days=110,
            start="11:00",
            end="12:30",
            room="Room Tin",
            speakers=(
                ("mukendi", SpeakerRole.SPEAKER),
                ("mwangi", SpeakerRole.SPEAKER),
                ("herrera", SpeakerRole.MODERATOR),
            ),
        ),
        DemoEvent(
            "recycling-targets-after-2030",
            "Recycling targets after 2030",
            EventKind.SESSION,
            "Recyclers and manufacturers on the targets the covenant should set for recycled content.",
            days=110,
            start="11:00",
            end="12:30",
            room="Room Copper",
            speakers=(("hendriks", SpeakerRole.SPEAKER),),
        ),
        DemoEvent(
            "sme-due-diligence-clinic",
            "Due-diligence clinic for small firms",
            EventKind.SESSION,
            "Bring your supplier list: experts help you find the first risks to look at.",
            days=110,
            start="14:00",
            end="15:30",
            room="Room Tin",
            speakers=(
                ("diallo", SpeakerRole.SPEAKER),
                ("fontaine", SpeakerRole.SPEAKER),
                ("degraaf", SpeakerRole.SPEAKER),
            ),
        ),
        DemoEvent(
            "gender-and-grievance",
            "Gender and grievance: lessons from East Africa",
            EventKind.SESSION,
            "Why women rarely use grievance mechanisms, and how to design ones they trust.",
            days=111,
            start="09:30",
            end="11:00",
            room="Room Copper",
            speakers=(
                ("mwangi", SpeakerRole.SPEAKER),
                ("boateng", SpeakerRole.SPEAKER),
                ("holm", SpeakerRole.MODERATOR),
            ),
        ),
        DemoEvent(
            "closing-plenary",
            "Closing plenary: our commitments for next year",
            EventKind.SESSION,
            "The working groups present what they commit to for the coming year.",
            days=111,
            start="15:30",
            end="17:00",
            room="Main hall",
            speakers=(("devries", SpeakerRole.MODERATOR),),
        ),
    ),
)


def group_meetings(slug: str, title: str, visibility: str, themes: tuple[str, ...]) -> tuple[DemoEvent, ...]:
    """A past and an upcoming meeting of one group; members only unless the group is open."""
    audience = EventAudience.PUBLIC if visibility == Visibility.OPEN else EventAudience.MEMBERS
    offset = len(slug) % 7
    return (
        DemoEvent(
            f"{slug}-meeting-spring",
            f"{title}: group meeting",
            EventKind.MEETING,
            "The group's regular meeting: progress on the commitments and the plan for the coming months.",
            days=-40 - offset,
            start="10:00",
            end="11:30",
            themes=themes,
            audience=audience,
            summary=(
                (
                    "paragraph",
                    "The group agreed its work plan and asked two members to draft the next step before "
                    "the following meeting.",
                ),
            ),
        ),
        DemoEvent(
            f"{slug}-meeting-next",
            f"{title}: next group meeting",
            EventKind.MEETING,
            "The group's next regular meeting. Members receive the papers a week before.",
            days=12 + offset * 3,
            start="10:00",
            end="11:30",
            themes=themes,
            audience=audience,
            registration_open=True,
            agenda=(
                ("10:00", "Welcome and minutes of the last meeting", ""),
                ("10:15", "Progress on the commitments", ""),
                ("11:00", "Any other business", ""),
            ),
            registrants=(DEMO_MEMBER_EMAIL, DEMO_CHAIR_EMAIL),
        ),
    )


def seed_calendar(context, speakers: dict) -> None:
    home = default_home_page()
    index = ensure_child_page(
        home, EventIndexPage, slug=INDEX_SLUG, title=INDEX_TITLE, introduction=INDEX_INTRODUCTION
    )
    add_to_main_menu(home, index, title=INDEX_TITLE, position=2)
    themes = {theme.slug: theme for theme in Theme.objects.originals()}
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(BRUSSELS))
    made = []
    for spec in WEBINARS:
        made.append(_event(index, spec, today, themes, speakers))
    gender_day = next_26_march(today)
    made.append(_event(index, GENDER_WEBINAR, gender_day, themes, speakers, base_is_day=True))
    forum = _event(index, FORUM, today, themes, speakers)
    for session in FORUM.sessions:
        _event(forum, session, today, themes, speakers)
    groups = {
        group.slug: group for group in WorkingGroupPage.objects.filter(slug__in=[g.slug for g in DEMO_GROUPS])
    }
    for group_spec in DEMO_GROUPS:
        group = groups.get(group_spec.slug)
        if group is None:
            continue
        for spec in group_meetings(group.slug, group.title, group.visibility, group_spec.themes):
            _event(group, spec, today, themes, speakers)
    _registrations([*WEBINARS, GENDER_WEBINAR, FORUM], index, groups)
    count = EventPage.objects.descendant_of(home).count()
    context.stdout.write(f"  {count} events at {index.url}")


def _agenda(items: tuple[tuple[str, str, str], ...], namespace: str) -> str:
    return json.dumps(
        [
            {
                "type": "item",
                "value": {"time": time, "title": title, "detail": detail},
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{namespace}/agenda/{time}/{title}")),
            }
            for time, title, detail in items
        ]
    )


def _at(day: datetime.date, clock: str, zone: str) -> datetime.datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))


def _event(parent: Page, spec: DemoEvent, today, themes, speakers, *, base_is_day: bool = False) -> EventPage:
    event = EventPage.objects.child_of(parent).filter(slug=spec.slug).first()
    if event is not None:
        return event
    day = today if base_is_day else today + datetime.timedelta(days=spec.days)
    end_day = today + datetime.timedelta(days=spec.end_days) if spec.end_days is not None else day
    parent_event = parent.specific if isinstance(parent.specific, EventPage) else None
    group = parent.specific if isinstance(parent.specific, WorkingGroupPage) else None
    online = spec.attendance in (AttendanceMode.ONLINE, AttendanceMode.HYBRID)
    event = EventPage(
        slug=spec.slug,
        title=spec.title,
        kind=spec.kind,
        introduction=spec.introduction,
        start=_at(day, spec.start, spec.time_zone),
        end=_at(end_day, spec.end, spec.time_zone),
        time_zone=spec.time_zone,
        attendance=parent_event.attendance if parent_event else spec.attendance,
        venue=parent_event.venue if parent_event else spec.venue,
        room=spec.room,
        join_url=f"{VIDEO_HOST}{uuid.uuid5(uuid.NAMESPACE_URL, spec.slug).int % 10**10}"
        if online and not parent_event
        else "",
        join_passcode=f"rt-{uuid.uuid5(uuid.NAMESPACE_DNS, spec.slug).hex[:6]}"
        if online and not parent_event
        else "",
        language=spec.language,
        description=paragraph_stream(spec.description, spec.slug),
        agenda=_agenda(spec.agenda, spec.slug),
        group=group or (parent_event.group if parent_event else None),
        audience=parent_event.audience if parent_event else spec.audience,
        status=spec.status,
        status_notice=spec.status_notice,
        capacity=spec.capacity,
        registration_open=spec.registration_open,
        recording_url=spec.recording_url,
        summary=paragraph_stream(spec.summary, f"{spec.slug}/summary"),
    )
    event.conference_in_form = parent_event  # a session without its own link takes its conference's
    event.themes = [themes[slug] for slug in spec.themes if slug in themes]
    event.speakers = [
        EventSpeaker(speaker=speakers[key], role=role, sort_order=position)
        for position, (key, role) in enumerate(spec.speakers)
        if key in speakers
    ]
    if spec.slides:
        document = slides(f"Slides: {spec.title}", list(spec.slides[1:]), f"slides-{spec.slug}.pdf")
        event.documents = [EventDocument(document=document, title=spec.slides[0], sort_order=0)]
    event.full_clean(exclude=["path", "depth", "url_path", "slug"])
    parent.add_child(instance=event)
    event.save_revision().publish()
    return event


def _registrations(specs, index: EventIndexPage, groups: dict) -> None:
    """Register the demo people through the registration service (capacity and waiting list included);
    someone already registered, or refused (a past event, a closed group), is left as they are."""
    people = {user.email.lower(): user for user in get_user_model().objects.filter(is_active=True)}
    targets = [(EventPage.objects.child_of(index).filter(slug=spec.slug).first(), spec) for spec in specs]
    for group in groups.values():
        for spec in group_meetings(group.slug, group.title, group.visibility, ()):
            targets.append((EventPage.objects.child_of(group).filter(slug=spec.slug).first(), spec))
    for event, spec in targets:
        if event is None or not spec.registrants:
            continue
        already = set(Registration.objects.filter(event=event).values_list("user__email", flat=True))
        for email in spec.registrants:
            person = people.get(email.lower())
            if person is None or email in already:
                continue
            try:
                registration_create(user=person, event=event)
            except RegistrationError:
                continue
