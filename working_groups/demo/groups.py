"""Demo working groups: the index page in the main menu, five groups of every visibility level, their members,
a pending request to join and an open invitation.

Idempotent: pages are looked up by slug, memberships by (group, person); the request and the invitation are
made only while none is pending or open. Membership changes the seed makes are recorded in the group's history
like any other change.
"""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.models import Locale

from cms.demo_pages import add_to_main_menu, default_home_page, ensure_child_page, paragraph_stream
from working_groups import app_settings
from working_groups.choices import JoiningPolicy, JoinRequestStatus, MembershipAction, Role, Visibility
from working_groups.demo.accounts import DEMO_CHAIR_EMAIL, DEMO_MEMBER_EMAIL, DEMO_REGISTERED_EMAIL
from working_groups.models import (
    Invitation,
    JoinRequest,
    Membership,
    Theme,
    WorkingGroupDocument,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)
from working_groups.models.membership import hash_invitation_token
from working_groups.services.membership import record_event

INDEX_SLUG = "working-groups"
INDEX_TITLE = "Working groups"
INDEX_INTRODUCTION = (
    "The parties do most of their work in small groups around one theme. Companies, government, civil "
    "society "
    "and trade unions sit at one table, share what they have tried and agree on what to do next."
)

THEMES = {
    "gender-equality": "Gender equality",
    "child-labour": "Child labour",
    "artisanal-mining": "Artisanal and small-scale mining",
    "circular-economy": "Circular economy",
    "due-diligence": "Due diligence",
    "public-procurement": "Public procurement",
}

#: The themes' names in Dutch (translations of the English themes, as the secretariat makes them with
#: wagtail-localize); Dutch readers see these.
THEMES_NL = {
    "gender-equality": "Gendergelijkheid",
    "child-labour": "Kinderarbeid",
    "artisanal-mining": "Ambachtelijke en kleinschalige mijnbouw",
    "circular-economy": "Circulaire economie",
    "due-diligence": "Gepaste zorgvuldigheid",
    "public-procurement": "Maatschappelijk verantwoord inkopen",
}

INVITED_EMAIL = "n.haddad@example.org"
INVITATION_MESSAGE = (
    "We are drafting the model contract clauses this spring and would value your experience with the "
    "regional purchasing pool."
)
JOIN_REQUEST_MOTIVATION = (
    "Fair Metals Watch has just finished field research on children working at gold pits in two districts. "
    "I would like to share the findings and help the group turn them into guidance for buyers."
)


@dataclass(frozen=True)
class DemoGroup:
    slug: str
    title: str
    visibility: str
    joining_policy: str
    themes: tuple[str, ...]
    introduction: str
    purpose: tuple[tuple[str, str], ...]
    members: tuple[tuple[str, str], ...] = field(default=())


DEMO_GROUPS = (
    DemoGroup(
        "gender-lens-mineral-supply-chains",
        "Gender lens in mineral supply chains",
        Visibility.OPEN,
        JoiningPolicy.OPEN,
        ("gender-equality", "due-diligence", "artisanal-mining"),
        "How risks in mining and trading fall differently on women and men, and what buyers can do about it.",
        (
            ("heading", "Why this group exists"),
            (
                "paragraph",
                "Women carry ore, wash and sort minerals and trade them at local markets, yet they rarely "
                "appear "
                "in risk assessments. Harassment, unequal pay and exclusion from mining licences stay "
                "invisible "
                "when due diligence only counts the men at the pit.",
            ),
            ("heading", "Mandate"),
            (
                "paragraph",
                "The group collects examples of gender-responsive due diligence from the parties, agrees on "
                "a short "
                "list of questions every company can add to its supplier assessment, and reports to the "
                "plenary "
                "twice a year.",
            ),
        ),
        (
            (DEMO_CHAIR_EMAIL, Role.CHAIR),
            ("g.wanjiru@example.org", Role.CHAIR),
            (DEMO_MEMBER_EMAIL, Role.MEMBER),
            ("a.okafor@example.org", Role.MEMBER),
            ("r.visser@example.org", Role.MEMBER),
            ("s.vandenberg@example.org", Role.OBSERVER),
        ),
    ),
    DemoGroup(
        "child-rights-artisanal-mining",
        "Child rights and artisanal mining",
        Visibility.CLOSED,
        JoiningPolicy.REQUEST,
        ("child-labour", "artisanal-mining"),
        "Buyers, unions and child-rights organisations working out how to end child labour without cutting "
        "off "
        "the mining communities.",
        (
            ("heading", "Purpose"),
            (
                "paragraph",
                "Walking away from a mine where children work rarely helps the children. This group looks "
                "for "
                "responses that do: school and income programmes, remediation funds and buying agreements "
                "that "
                "reward cooperatives for keeping children out of the pits.",
            ),
            ("heading", "Mandate"),
            (
                "paragraph",
                "Members share incidents and what was done about them in confidence, which is why the "
                "discussions "
                "are for members only. The group publishes a yearly summary of lessons learned.",
            ),
        ),
        (
            (DEMO_CHAIR_EMAIL, Role.CHAIR),
            ("k.asante@example.org", Role.MEMBER),
            ("j.bisimwa@example.org", Role.MEMBER),
            ("m.rossi@example.org", Role.MEMBER),
            ("h.smits@example.org", Role.OBSERVER),
        ),
    ),
    DemoGroup(
        "secondary-raw-materials-recycling",
        "Secondary raw materials and recycling",
        Visibility.OPEN,
        JoiningPolicy.REQUEST,
        ("circular-economy",),
        "Getting more metal back out of discarded products, and making recycled metal count in sourcing "
        "policies.",
        (
            ("heading", "Purpose"),
            (
                "paragraph",
                "Every tonne of copper or tin recovered from scrap is a tonne that does not have to be "
                "mined. "
                "Recyclers, manufacturers and researchers look together at collection rates, product design "
                "and "
                "the paperwork that recycled metal needs to be accepted by buyers.",
            ),
            ("heading", "Mandate"),
            (
                "paragraph",
                "The group advises the parties on a shared definition of recycled content and on how to "
                "check the "
                "claims suppliers make about it.",
            ),
        ),
        (
            ("s.vandenberg@example.org", Role.CHAIR),
            ("w.peeters@example.org", Role.MEMBER),
            ("l.dubois@example.org", Role.MEMBER),
            (DEMO_MEMBER_EMAIL, Role.MEMBER),
            ("a.okafor@example.org", Role.OBSERVER),
        ),
    ),
    DemoGroup(
        "due-diligence-tools-smes",
        "Due-diligence tools for SMEs",
        Visibility.CLOSED,
        JoiningPolicy.REQUEST,
        ("due-diligence",),
        "Simple, affordable ways for small firms to find out where their metals come from.",
        (
            ("heading", "Purpose"),
            (
                "paragraph",
                "A trader with twelve staff cannot run the programme a multinational runs. The group tests "
                "questionnaires, shared smelter lists and joint audits that small and medium-sized firms can "
                "afford, and writes down what works.",
            ),
            ("heading", "Mandate"),
            (
                "paragraph",
                "By the end of the year the group delivers a step-by-step guide and a supplier "
                "questionnaire, "
                "both tried out by at least five member firms.",
            ),
        ),
        (
            ("h.smits@example.org", Role.CHAIR),
            ("t.keller@example.org", Role.MEMBER),
            ("w.peeters@example.org", Role.MEMBER),
            ("a.okafor@example.org", Role.MEMBER),
        ),
    ),
    DemoGroup(
        "responsible-public-procurement",
        "Responsible public procurement",
        Visibility.PRIVATE,
        JoiningPolicy.INVITATION,
        ("public-procurement", "due-diligence"),
        "Public buyers and their suppliers preparing contract clauses on responsibly sourced electronics.",
        (
            ("heading", "Purpose"),
            (
                "paragraph",
                "Governments buy a large share of all laptops and phones. The group prepares model clauses "
                "that "
                "public buyers can put in tenders and contracts, and tries them out in a few real tenders.",
            ),
            ("heading", "Why the group is private"),
            (
                "paragraph",
                "Members discuss tenders that are still running. To keep the procedures fair, only invited "
                "members "
                "see the group and its work.",
            ),
        ),
        (
            (DEMO_CHAIR_EMAIL, Role.CHAIR),
            ("f.elamrani@example.org", Role.CHAIR),
            (DEMO_MEMBER_EMAIL, Role.MEMBER),
            ("r.visser@example.org", Role.MEMBER),
            ("t.keller@example.org", Role.OBSERVER),
        ),
    ),
)

#: The group the registered demo user has asked to join; the demo chair chairs it.
REQUESTED_GROUP_SLUG = "child-rights-artisanal-mining"
#: The group with an open invitation, to someone who has no account yet.
INVITATION_GROUP_SLUG = "responsible-public-procurement"
#: When the demo members joined, counted back from the first run.
JOINED_DAYS_AGO = 200


def _translate_themes(themes: dict, names: dict, language_code: str) -> None:
    """Each theme's translation, made once (a second run keeps what the secretariat may have changed)."""
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        return
    for slug, theme in themes.items():
        if slug in names and theme.get_translation_or_none(locale) is None:
            translation = theme.copy_for_translation(locale)
            translation.name = names[slug]
            translation.save()


def seed_groups(context, people: dict) -> None:
    home = default_home_page()
    index = ensure_child_page(
        home, WorkingGroupIndexPage, slug=INDEX_SLUG, title=INDEX_TITLE, introduction=INDEX_INTRODUCTION
    )
    add_to_main_menu(home, index, title=INDEX_TITLE, position=1)
    themes = {
        slug: Theme.objects.originals().update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in THEMES.items()
    }
    _translate_themes(themes, THEMES_NL, "nl")
    groups = {spec.slug: _group_page(index, spec, themes) for spec in DEMO_GROUPS}
    for spec in DEMO_GROUPS:
        _memberships(groups[spec.slug], spec, people)
    chair = people[DEMO_CHAIR_EMAIL]
    _join_request(groups[REQUESTED_GROUP_SLUG], people[DEMO_REGISTERED_EMAIL])
    accept_url = _invitation(groups[INVITATION_GROUP_SLUG], chair)
    context.stdout.write(
        f"  {Membership.objects.filter(group__in=groups.values()).count()} memberships in "
        f"{len(groups)} working groups at {index.url}"
    )
    if accept_url:
        context.stdout.write(f"  Open invitation for {INVITED_EMAIL}: {accept_url}")


def _group_page(index: WorkingGroupIndexPage, spec: DemoGroup, themes: dict) -> WorkingGroupPage:
    group = WorkingGroupPage.objects.child_of(index).filter(slug=spec.slug).first()
    if group is None:
        group = WorkingGroupPage(
            slug=spec.slug,
            title=spec.title,
            introduction=spec.introduction,
            purpose_and_mandate=paragraph_stream(spec.purpose, spec.slug),
            visibility=spec.visibility,
            joining_policy=spec.joining_policy,
        )
        group.themes = [themes[slug] for slug in spec.themes]
        group.documents = [WorkingGroupDocument(document=_terms_of_reference(spec), sort_order=0)]
        index.add_child(instance=group)
        group.save_revision().publish()
    return group


def _terms_of_reference(spec: DemoGroup) -> Document:
    """A short text document for the members' area, made from the group's own purpose and mandate."""
    lines = [f"Terms of reference: {spec.title}", "", spec.introduction, ""]
    for kind, text in spec.purpose:
        lines.extend([text.upper(), ""] if kind == "heading" else [text, ""])
    return Document.objects.create(
        title=f"Terms of reference: {spec.title}",
        file=ContentFile("\n".join(lines).encode(), name=f"terms-of-reference-{spec.slug}.txt"),
    )


def _memberships(group: WorkingGroupPage, spec: DemoGroup, people: dict) -> None:
    joined_at = timezone.now() - timedelta(days=JOINED_DAYS_AGO)
    for position, (email, role) in enumerate(spec.members):
        person = people[email]
        _membership, created = Membership.objects.get_or_create(
            group=group,
            user=person,
            defaults={"role": role, "joined_at": joined_at + timedelta(days=3 * position)},
        )
        if created:
            record_event(group, MembershipAction.JOINED, actor=person, subject=person, role=role)


def _join_request(group: WorkingGroupPage, requester) -> None:
    if Membership.objects.filter(group=group, user=requester).exists():
        return
    if JoinRequest.objects.filter(group=group, user=requester, status=JoinRequestStatus.PENDING).exists():
        return
    JoinRequest.objects.create(group=group, user=requester, motivation=JOIN_REQUEST_MOTIVATION)
    record_event(group, MembershipAction.REQUESTED, actor=requester, subject=requester)


def _invitation(group: WorkingGroupPage, inviter) -> str:
    """An open invitation to someone without an account; returns its link when this run made it."""
    if Invitation.objects.open().filter(group=group, email__iexact=INVITED_EMAIL).exists():
        return ""
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        group=group,
        email=INVITED_EMAIL,
        role=Role.MEMBER,
        message=INVITATION_MESSAGE,
        token_hash=hash_invitation_token(token),
        invited_by=inviter,
        expires_at=timezone.now() + timedelta(days=app_settings.invitation_days()),
    )
    record_event(
        group, MembershipAction.INVITED, actor=inviter, subject_email=INVITED_EMAIL, role=Role.MEMBER
    )
    return reverse("invitation_accept", kwargs={"token": token})
