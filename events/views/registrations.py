"""Registration actions (register, cancel), the organisers' attendee pages and a person's own events.

Every view first finds the event among those the visitor may see (404 otherwise), then hands the change
to events.services.registrations; a refusal is shown as a message and changes nothing.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cms.pagination import paginate, pagination_context
from events import access as event_access
from events import registrations as selectors
from events.choices import RegistrationStatus
from events.models import Registration
from events.registration_forms import AddAttendeeForm, AttendedForm, RegistrationForm
from events.services import registrations as services
from events.services.registrations import RateLimited, RegistrationError

PAST_EVENTS_PER_PAGE = 20


def _next_url(request, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _run(request, action) -> bool:
    """Run a service action; a refusal becomes an error message (a rate limit is left to the caller)."""
    try:
        action()
    except RateLimited:
        raise
    except RegistrationError as error:
        messages.error(request, error.message)
        return False
    return True


def _event_page_again(request, event, form, status: int) -> TemplateResponse:
    """The event page with the registration form as the person filled it in (answers kept)."""
    setattr(request, selectors.BOUND_FORM_ATTRIBUTE, form)
    return TemplateResponse(request, event.get_template(request), event.get_context(request), status=status)


@require_POST
def register(request, event_id: int):
    event = event_access.visible_event_or_404(request, event_id)
    back = _next_url(request, event.url)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    shown = event_access.registration_page(event)  # the conference of a session, in the visitor's language
    form = RegistrationForm(request.POST, questions=selectors.registration_questions(event))
    if not form.is_valid():
        messages.error(request, _("Please check your answers below."))
        return _event_page_again(request, shown, form, status=400)
    result = {}

    def act():
        result["registration"] = services.registration_create(
            user=request.user, event=event, answers=form.answers()
        )

    try:
        done = _run(request, act)
    except RateLimited as error:
        messages.error(request, error.message)
        response = _event_page_again(request, shown, form, status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    if done:
        if result["registration"].status == RegistrationStatus.CONFIRMED:
            messages.success(
                request,
                _("You are registered for %(title)s. We sent you an e-mail.") % {"title": shown.title},
            )
        else:
            position = selectors.waitlist_position(result["registration"])
            messages.success(
                request,
                _("The event is full: you are on the waiting list, at position %(position)d.")
                % {"position": position},
            )
    return HttpResponseRedirect(back)


@require_POST
def cancel(request, event_id: int):
    event = event_access.visible_event_or_404(request, event_id)
    back = _next_url(request, event.url)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    if _run(request, lambda: services.registration_cancel(user=request.user, event=event)):
        messages.success(request, _("Your registration for %(title)s is cancelled.") % {"title": event.title})
    return HttpResponseRedirect(back)


def _organised_event(request, event_id: int):
    """The event, for its organisers; 404 for everyone else (sign in first when anonymous). A translation
    answers with its original, which holds the registrations of both (events.access.original_event)."""
    event = event_access.visible_event_or_404(request, event_id)
    if not event_access.can_organise(request.user, event):
        raise Http404
    return event_access.original_event(event)


def _attendees_page(request, event, add_form=None, status=200):
    lists = selectors.attendee_lists(event)
    context = {
        "page": event,
        "event": event,
        "lists": lists,
        "add_form": add_form or AddAttendeeForm(),
        "attended_form": AttendedForm(),
        "can_mark_attended": event.start <= timezone.now(),
        "csv_url": reverse("events:attendees_csv", args=[event.pk]),
    }
    return TemplateResponse(request, "events/attendees.html", context, status=status)


@require_GET
def attendees(request, event_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _attendees_page(request, _organised_event(request, event_id))


def _yes_no(value) -> str:
    return {True: _("yes"), False: _("no")}.get(value, "")


@require_GET
def attendees_csv(request, event_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = _organised_event(request, event_id)
    questions = [question.label for question in event.registration_questions.all()]
    lists = selectors.attendee_lists(event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendees-{event.slug}.csv"'
    writer = csv.writer(response)
    header = [_("Name"), _("E-mail"), _("Party or organisation"), _("Status"), _("Waiting list position")]
    header += [_("Registered at"), _("Attended"), *questions]
    writer.writerow([selectors.csv_safe(cell) for cell in header])
    for registration in lists.all:
        answers = {item.get("question"): item.get("answer", "") for item in registration.answers or []}
        user = registration.user
        row = [
            selectors.person_name(user),
            user.email,
            selectors.person_organisation(user),
            registration.get_status_display(),
            getattr(registration, "position", ""),
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            _yes_no(registration.attended),
            *(answers.get(label, "") for label in questions),
        ]
        writer.writerow([selectors.csv_safe(cell) for cell in row])
    return response


@require_POST
def add_attendee(request, event_id: int):
    event = _organised_event(request, event_id)
    form = AddAttendeeForm(request.POST)
    if not form.is_valid():
        return _attendees_page(request, event, add_form=form, status=400)
    result = {}

    def act():
        result["registration"] = services.registration_add(
            actor=request.user, event=event, email=form.cleaned_data["email"]
        )

    if _run(request, act):
        registration = result["registration"]
        name = selectors.person_name(registration.user)
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("%(name)s is registered and has been e-mailed.") % {"name": name})
        else:
            messages.success(
                request, _("The event is full: %(name)s is on the waiting list.") % {"name": name}
            )
    return HttpResponseRedirect(reverse("events:attendees", args=[event.pk]))


@require_POST
def mark_attended(request, event_id: int, registration_id: int):
    event = _organised_event(request, event_id)
    registration = get_object_or_404(
        Registration.objects.select_related("user__profile"), pk=registration_id, event=event
    )
    registration.event = event
    form = AttendedForm(request.POST)
    attended = form.cleaned_data["attended"] if form.is_valid() else None
    if _run(
        request,
        lambda: services.registration_mark_attended(
            actor=request.user, registration=registration, attended=attended
        ),
    ):
        messages.success(
            request,
            _("Attendance recorded for %(name)s.") % {"name": selectors.person_name(registration.user)},
        )
    return HttpResponseRedirect(reverse("events:attendees", args=[event.pk]))


@login_required
@require_GET
def my_events(request):
    mine = selectors.my_registrations(request.user)
    past = paginate(request, mine["past"], PAST_EVENTS_PER_PAGE)
    past.object_list = selectors.with_reader_pages(past.object_list, request.user)
    context = {"upcoming": mine["upcoming"], "past": past, **pagination_context(past, request)}
    return TemplateResponse(request, "events/my_events.html", context)
