"""The parties' wider delegations: enough people in the working groups and at this year's events that the
insights have figures to show, as a covenant of this size would.

The named demo people (working_groups.demo) are too few to fill a cell of five in most breakdowns. This seed
adds, per party of working_groups.demo (the further signatories of insights.demo.commitments only sign and
report), a delegation of colleagues who never sign in to the demo (no password): members of one or two
working groups, registered through the registration service for this year's past events, most of them marked
as present. Their gender mix follows the stakeholder type (more men from industry, more women in civil
society); about three in four answered the gender question with consent, the others did not. They write no
posts, so the dialogue figures stay small and show how small cells are protected.

Idempotent: people are found by e-mail, memberships by (group, person), registrations by (event, person).
"""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from events.choices import EventAudience, RegistrationStatus
from events.models import EventPage, Registration
from working_groups.choices import Gender, MembershipAction, Role, Visibility
from working_groups.demo.parties import DEMO_PARTIES
from working_groups.models import MemberProfile, Membership, Organisation, StakeholderType, WorkingGroupPage
from working_groups.services.membership import record_event
from working_groups.services.profile import profile_get_or_create, profile_update
from working_groups.services.profile_gender import profile_gender_save

W, M, NB, PNS, NONE = Gender.WOMAN, Gender.MAN, Gender.NON_BINARY, Gender.PREFER_NOT_TO_SAY, ""

#: The answers of a party's delegation, in order, by stakeholder type (its size is the list's length).
DELEGATIONS = {
    StakeholderType.COMPANY: [M, M, W, M, NONE, W, M],
    StakeholderType.INDUSTRY_ASSOCIATION: [M, W, M, NONE, M, W],
    StakeholderType.GOVERNMENT: [W, M, W, NONE, M, W],
    StakeholderType.CIVIL_SOCIETY: [W, W, M, W, NB, NONE, W],
    StakeholderType.TRADE_UNION: [M, W, M, M, PNS, W],
    StakeholderType.KNOWLEDGE_INSTITUTION: [W, M, NONE, W, M, W],
}
FIRST_NAMES = {
    W: ["Anna", "Fatima", "Ingrid", "Mariam", "Sanne", "Grace", "Elif", "Claire", "Nadia", "Esther", "Lotte"],
    M: ["Jan", "Samuel", "Ahmed", "Pieter", "David", "Kwame", "Lars", "Marco", "Bram", "Ravi", "Tomás"],
    NB: ["Sam", "Charlie"],
    PNS: ["Robin", "Jesse"],
    NONE: ["Kim", "Noa", "Sasha", "Eli"],
}
LAST_NAMES = [
    "Bakker", "Mensah", "Nilsson", "Haddad", "Kowalski", "Ndlovu", "Vos", "Achterberg", "Yilmaz", "Moreno",
    "Kariuki", "Brandt", "Lefèvre", "Osei", "Dijkstra", "Costa", "Abubakar", "Hansen", "Rahman", "Vermeer",
]  # fmt: skip
ATTENDANCE_EVERY = 4  # one registrant in four did not turn up


def seed_participants() -> int:
    """Create the delegations and their memberships and registrations; returns how many people exist."""
    groups = list(WorkingGroupPage.objects.live().exclude(visibility=Visibility.PRIVATE).order_by("pk"))
    if not groups:
        return 0
    surnames = itertools.cycle(LAST_NAMES)
    people = []
    parties = (
        Organisation.objects.filter(slug__in=[spec.slug for spec in DEMO_PARTIES])
        .exclude(stakeholder_type=StakeholderType.OTHER)
        .order_by("pk")
    )
    for party_number, party in enumerate(parties):
        for seat, gender in enumerate(DELEGATIONS.get(party.stakeholder_type, [])):
            first = FIRST_NAMES[gender][(party_number + seat) % len(FIRST_NAMES[gender])]
            person = _person(party, seat, first, next(surnames), gender)
            for offset in range(1 + seat % 2):
                _join(groups[(party_number + seat + offset) % len(groups)], person)
            people.append(person)
    _register_for_past_events(people)
    return len(people)


def _person(party: Organisation, seat: int, first: str, last: str, gender: str):
    email = f"delegate-{seat + 1}@{party.slug}.example.org"
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        user = get_user_model()(username=email, email=email, first_name=first, last_name=last)
        user.set_unusable_password()
        user.save()
    profile = profile_get_or_create(user)
    if profile.organisation_id != party.pk:
        profile = profile_update(
            profile=profile, display_name=f"{first} {last}", organisation_name=party.name
        )
        MemberProfile.objects.filter(pk=profile.pk).update(organisation=party)
        profile.refresh_from_db()
    if gender and not profile.gender:
        profile_gender_save(profile=profile, gender=gender, self_description="", consent=True)
    return user


def _join(group: WorkingGroupPage, user) -> None:
    joined_at = timezone.now() - datetime.timedelta(days=200)
    _membership, created = Membership.objects.get_or_create(
        group=group, user=user, defaults={"role": Role.MEMBER, "joined_at": joined_at}
    )
    if created:
        record_event(group, MembershipAction.JOINED, actor=user, subject=user, role=Role.MEMBER)


def _register_for_past_events(people) -> None:
    """Each person took part in two of this year's past events they were allowed to attend (a members-only
    meeting only for its group's members). Registration for a past event is closed, so the record is written
    as it stands after the event: a confirmed place, and whether they came."""
    now = timezone.now()
    events = list(
        EventPage.objects.live()
        .filter(start__year=now.year, end__lt=now)
        .exclude(audience=EventAudience.INVITATION)
        .order_by("start")
    )
    if not events:
        return
    members_of = {
        group_id: {user_id for _group, user_id in rows}
        for group_id, rows in itertools.groupby(
            Membership.objects.order_by("group_id").values_list("group_id", "user_id"), key=lambda row: row[0]
        )
    }
    for number, person in enumerate(people):
        for event in (events[number % len(events)], events[(number * 7 + 3) % len(events)]):
            if event.audience == EventAudience.MEMBERS and person.pk not in members_of.get(
                event.group_id, set()
            ):
                continue
            Registration.objects.get_or_create(
                event=event,
                user=person,
                defaults={
                    "status": RegistrationStatus.CONFIRMED,
                    "confirmed_at": event.start - datetime.timedelta(days=14),
                    "attended": number % ATTENDANCE_EVERY != 0,
                },
            )
