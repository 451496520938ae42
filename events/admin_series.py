"""The admin's "Duplicate for a series" action on an event (listing row menu and edit page header), and the
attendee list's CSV for those who may see it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import Button

from events import access as event_access
from events.models import EventPage
from events.services.series import event_duplicate, next_in_series_date


class DuplicateForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("New date"),
        widget=AdminDateInput,
        help_text=gettext_lazy("The copy starts at the same local time on this day."),
    )


def may_duplicate(user, event: EventPage) -> bool:
    parent = event.get_parent()
    return parent is not None and parent.permissions_for_user(user).can_add_subpage()


def duplicate(request, pk: int):
    event = get_object_or_404(EventPage, pk=pk)
    if not may_duplicate(request.user, event):
        raise PermissionDenied
    form = DuplicateForm(request.POST or None, initial={"date": next_in_series_date(event)})
    if request.method == "POST" and form.is_valid():
        copy = event_duplicate(event=event, on=form.cleaned_data["date"], user=request.user)
        messages.success(
            request,
            _(
                "“%(title)s” is copied to %(date)s as a draft, with its speakers and questions but without "
                "registrations, recording or documents. Check it and publish it when it is ready."
            )
            % {"title": copy.title, "date": formats.date_format(copy.local_start, "DATE_FORMAT")},
        )
        return redirect("wagtailadmin_pages:edit", copy.pk)
    title = _("Duplicate for a series")
    context = {
        "event": event,
        "form": form,
        "page_title": title,
        "page_subtitle": event.title,
        "header_title": title,
    }
    return TemplateResponse(request, "events/admin/duplicate.html", context)


def event_buttons(page, user, next_url=None):
    """ "Duplicate for a series" and "Attendees (CSV)" for an event, for those who may use them."""
    if not isinstance(page.specific_deferred, EventPage):
        return
    event = page.specific_deferred
    # Wagtail's own "Copy" test (no query per row); the view checks the parent itself.
    if event.permissions_for_user(user).can_copy():
        yield Button(
            _("Duplicate for a series"),
            url=reverse("events_duplicate", args=[event.pk]),
            icon_name="copy",
            priority=35,
        )
    if event_access.can_organise(user, event):
        yield Button(
            _("Attendees (CSV)"),
            url=reverse("events:attendees_csv", args=[event.pk]),
            icon_name="download",
            priority=36,
        )
