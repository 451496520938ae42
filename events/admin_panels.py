"""The "Panel balance" summary in an event's admin edit view, and its warning after a save."""

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from events.panel_balance import PanelBalance, panel_balance, panel_members_for


def balance_of(event) -> PanelBalance:
    return panel_balance(panel_members_for(event))


class PanelBalancePanel(Panel):
    """Counts of the event's speakers and moderators by gender and stakeholder type, as last saved.

    It shows counts and warnings only, never who is who.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("heading", _("Panel balance"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/panel_balance.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["balance"] = balance_of(self.instance)
            return context


def warn_about_panel_balance(request: HttpRequest, page) -> None:
    """After an event is saved in the admin: repeat the balance's warnings as messages (not for the admin's
    JSON autosave, whose messages nobody would see until much later)."""
    from events.models import EventPage

    page = page.specific if not isinstance(page, EventPage) else page
    if not isinstance(page, EventPage) or not request.accepts("text/html"):
        return
    for warning in balance_of(page).warnings:
        messages.warning(request, warning)
