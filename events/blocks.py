"""StreamField blocks of event pages: the agenda, item by item."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class AgendaItemBlock(blocks.StructBlock):
    time = blocks.TimeBlock(label=_("Time"), required=False, help_text=_("In the event's time zone."))
    title = blocks.CharBlock(label=_("Item"), max_length=200)
    detail = blocks.TextBlock(label=_("Detail"), required=False, max_length=600)

    class Meta:
        icon = "time"
        label = _("Agenda item")
        template = "events/blocks/agenda_item.html"


class AgendaBlock(blocks.StreamBlock):
    item = AgendaItemBlock()

    class Meta:
        template = "events/blocks/agenda.html"
