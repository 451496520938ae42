"""Reads about registrations: the registration panel of an event page, whether someone is registered, the
waiting list, organisers' attendee lists and a person's own events.

A session of a conference has no registration of its own: everything here answers for its conference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from events import access as event_access
from events.choices import EventAudience, EventKind, RegistrationStatus
from events.models import EventPage, Registration
from events.registration_forms import RegistrationForm

#: The attribute a view sets on the request to show a bound (invalid) registration form on the event page.
BOUND_FORM_ATTRIBUTE = "_event_registration_form"


def registration_for(user, event: EventPage) -> Registration | None:
    """The user's registration (in any state) for the event's registration target, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user_id=user.pk).first()


def registration_questions(page: EventPage) -> list:
    """The questions of the event people register for (registration_target: its answers are keyed by those
    labels, whatever the language of the page), each labelled in the page's own language
    (`display_label`, `display_help_text`) when its translation asks the same number of questions."""
    shown = event_access.registration_page(page)
    target = event_access.registration_target(page)
    questions = list(target.registration_questions.all())
    for question in questions:
        question.display_label, question.display_help_text = question.label, question.help_text
    if shown.pk != target.pk:
        translated = list(shown.registration_questions.all())
        if len(translated) == len(questions):
            for question, translation in zip(questions, translated, strict=True):
                question.display_label = translation.label
                question.display_help_text = translation.help_text
    return questions


def is_registered(user, event: EventPage) -> bool:
    """A confirmed registration for the event or, for a session, for its conference."""
    if user is None or not user.is_authenticated:
        return False
    target = event_access.registration_target(event)
    return Registration.objects.filter(event=target, user_id=user.pk).confirmed().exists()


def registered_event_ids(user) -> set[int]:
    """The ids of the events the user holds a confirmed place at, with the sessions of those conferences.

    Two queries whatever the number of events (for personal feeds: which events may carry join details).
    """
    if user is None or not user.is_authenticated:
        return set()
    rows = list(
        Registration.objects.filter(user_id=user.pk, status=RegistrationStatus.CONFIRMED).values_list(
            "event_id", "event__kind", "event__path", "event__depth"
        )
    )
    ids = {event_id for event_id, _kind, _path, _depth in rows}
    conferences = [(path, depth) for _event_id, kind, path, depth in rows if kind == EventKind.CONFERENCE]
    if conferences:
        sessions = Q(pk__in=[])
        for path, depth in conferences:
            sessions |= Q(path__startswith=path, depth=depth + 1)
        ids |= set(EventPage.objects.filter(sessions, kind=EventKind.SESSION).values_list("pk", flat=True))
    return ids


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None when the registration is not on the waiting list."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(event_id=registration.event_id)
        .waitlisted()
        .filter(
            Q(waitlisted_at__lt=registration.waitlisted_at)
            | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


def confirmed_count(event: EventPage) -> int:
    return Registration.objects.filter(event=event).confirmed().count()


def registration_context(page: EventPage, request) -> dict:
    """What the registration panel of an event page shows to this visitor (who may see the page).

    Nothing for the preview of a page that was never saved: it has no registrations and no addresses yet.
    """
    if page.pk is None:
        return {}
    user = request.user
    shown = event_access.registration_page(page)  # in the visitor's language
    target = event_access.registration_target(page)  # whose registrations count
    registration = registration_for(user, target)
    active = registration if registration and registration.status != RegistrationStatus.CANCELLED else None
    organiser = event_access.can_organise(user, target)
    capacity = target.capacity
    count = confirmed_count(target) if capacity is not None or organiser else None
    places_left = max(capacity - count, 0) if capacity is not None else None
    if user.is_authenticated:
        _allowed, closed_reason = event_access.may_register(user, target)
    else:
        closed_reason = event_access.registration_closed_reason(target)
        if not closed_reason and target.audience == EventAudience.INVITATION:
            closed_reason = event_access.invitation_only_message()
    can_cancel = bool(active) and event_access.may_cancel(target)[0]
    confirmed = active is not None and active.status == RegistrationStatus.CONFIRMED
    join = event_access.join_details(page, shown) if confirmed and not target.is_cancelled else None
    show_join = bool(join)
    form = getattr(request, BOUND_FORM_ATTRIBUTE, None)
    if form is None and user.is_authenticated and not active and not closed_reason:
        form = RegistrationForm(questions=registration_questions(page))
    panel = {
        "event": shown,
        "page": page,
        "for_conference": shown.pk != page.pk,
        "registration": active,
        "waitlist_position": waitlist_position(active) if active else None,
        "capacity": capacity,
        "places_left": places_left,
        "is_full": places_left == 0,
        "confirmed_count": count if organiser else None,
        "deadline": target.registration_deadline.astimezone(target.zone)
        if target.registration_deadline
        else None,
        "closed_reason": closed_reason,
        "user_is_authenticated": user.is_authenticated,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': page.url})}",
        "register_url": reverse("events:register", args=[shown.pk]),
        "cancel_url": reverse("events:cancel", args=[shown.pk]),
        "can_cancel": can_cancel,
        "show_join_details": show_join,
        "join_url": join.url if join else "",
        "join_passcode": join.passcode if join else "",
        "can_organise": organiser,
        "attendees_url": reverse("events:attendees", args=[target.pk]) if organiser else "",
        "form": form,
    }
    return {"registration_panel": panel}


@dataclass
class AttendeeLists:
    confirmed: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)
    cancelled: list[Registration] = field(default_factory=list)

    @property
    def all(self) -> list[Registration]:
        return [*self.confirmed, *self.waitlisted, *self.cancelled]


def attendee_registrations(event: EventPage):
    """Every registration of the event with the person and their party, in one query."""
    return (
        Registration.objects.filter(event=event)
        .select_related("user__profile__organisation")
        .order_by("created_at", "pk")
    )


def attendee_lists(event: EventPage) -> AttendeeLists:
    """The event's registrations split by state; the waiting list in order, each with `.position`."""
    lists = AttendeeLists()
    waiting = []
    for registration in attendee_registrations(event):
        if registration.status == RegistrationStatus.CONFIRMED:
            lists.confirmed.append(registration)
        elif registration.status == RegistrationStatus.WAITLISTED:
            waiting.append(registration)
        else:
            lists.cancelled.append(registration)
    waiting.sort(
        key=lambda registration: (registration.waitlisted_at or registration.created_at, registration.pk)
    )
    for position, registration in enumerate(waiting, start=1):
        registration.position = position
    lists.waitlisted = waiting
    return lists


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: such text is quoted with a '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def person_name(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile and profile.display_name) or user.get_full_name() or user.email


def person_organisation(user) -> str:
    profile = getattr(user, "profile", None)
    if profile is None:
        return ""
    return profile.organisation.name if profile.organisation_id else profile.organisation_name


def with_reader_pages(registrations, user, language_code: str | None = None) -> list[Registration]:
    """The registrations as a list, each with `page`: its event in the reader's language (the active one
    unless named) when the event has a translation there the user may see, else the event itself.
    Registrations always hold the original event (events.access.registration_target). One query at most."""
    registrations = list(registrations)
    code = (language_code or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    translations = {}
    if code != settings.LANGUAGE_CODE and registrations:
        keys = {registration.event.translation_key for registration in registrations}
        translations = {
            page.translation_key: page
            for page in EventPage.objects.visible_to(user)
            .filter(translation_key__in=keys, locale__language_code=code)
            .defer_streamfields()
        }
    for registration in registrations:
        registration.page = translations.get(registration.event.translation_key, registration.event)
    return registrations


def my_registrations(user, now: datetime | None = None) -> dict:
    """The user's registrations of events they may see: upcoming (confirmed or waiting, soonest first; each
    with its `page` in the reader's language) and past (confirmed, most recent first: a queryset to page
    through, then give to with_reader_pages)."""
    now = now or timezone.now()
    registrations = (
        Registration.objects.filter(user_id=user.pk, event__in=EventPage.objects.visible_to(user))
        .select_related("event")
        .defer("event__description", "event__agenda", "event__summary")
    )
    upcoming = with_reader_pages(
        registrations.active().filter(event__end__gte=now).order_by("event__start", "pk"), user
    )
    past = registrations.confirmed().filter(event__end__lt=now).order_by("-event__start", "-pk")
    for registration in upcoming:
        registration.can_cancel = registration.event.start > now
    return {"upcoming": upcoming, "past": past}
