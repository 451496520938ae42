"""The markup of each commitment in the register's list, built in Python.

commitments/includes/commitment_item.html (with progress_meter.html) is the definition of a commitment's
markup in the list; included once per commitment through the template engine it cost about as much as
the rest of the register's first page (an include, a nested include and some thirty variable look-ups,
tags and filters per commitment). `CommitmentItemMarkup` writes exactly the same characters (whitespace
included), with the page's fixed words and its status and stakeholder-type labels prepared once per page
and each target date formatted once; tests/commitments/test_item_markup.py holds the two identical for
every kind of commitment, in both languages.

A project that overrides either template gets its own: `{% commitment_item %}` renders through the
templates whenever the ones found are not this app's own.
"""

from __future__ import annotations

import html
from pathlib import Path

from django.template import defaultfilters
from django.template.loader import get_template
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from commitments.models.commitment import Commitment
from working_groups.models import Organisation

ITEM_TEMPLATE = "commitments/includes/commitment_item.html"
METER_TEMPLATE = "commitments/includes/progress_meter.html"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def uses_own_templates() -> bool:
    """Whether commitment_item.html and progress_meter.html are this app's own (not a project's)."""
    return all(
        Path(get_template(name).origin.name).resolve() == TEMPLATES_DIR / name
        for name in (ITEM_TEMPLATE, METER_TEMPLATE)
    )


def _text(value) -> str:
    """A value as `{{ value }}` writes it: localised, and escaped unless already safe."""
    if type(value) is str:
        return html.escape(value)  # what django.utils.html.escape does, without its lazy-text wrapper
    return conditional_escape(formats.localize(template_localtime(value)))


def _word(message: str) -> str:
    """`{% translate "message" %}`: the template's literal is safe, so its translation is not escaped."""
    return gettext(message).replace("%%", "%")


def _labels(model, field: str) -> dict:
    """`get_FOO_display` for each value of a field's choices, escaped as `{{ }}` writes it."""
    return {value: _text(str(label)) for value, label in model._meta.get_field(field).flatchoices}


class CommitmentItemMarkup:
    """Writes commitment_item.html for the commitments of one page: the words and labels are read once
    (in the language active when it is made), each commitment costs only its own values."""

    def __init__(self) -> None:
        self.gender_action_plan = f'<span class="badge">{_word("Gender action plan")}</span>'
        self.overdue = f'<span class="badge badge--warning">{_word("Update overdue")}</span>'
        self.parties = f'<span class="visually-hidden">{_word("Parties:")} </span>'
        self.themes = f'<ul class="tag-list" aria-label="{_word("Themes")}">'
        self.no_indicators = f'<span class="meta">{_word("No indicators yet")}</span>'
        self.target_date = gettext("Target date %(date)s")
        self.of_the_way = gettext("%(percent)s%% of the way")
        self.statuses = _labels(Commitment, "status")
        self.stakeholder_types = _labels(Organisation, "stakeholder_type")
        self._dates: dict = {}

    def date(self, value) -> str:
        """The target date as the template's blocktranslate writes it, formatted once per date on the page."""
        shown = self._dates.get(value)
        if shown is None:
            date = _text(defaultfilters.date(template_localtime(value), "j M Y"))
            shown = self._dates[value] = self.target_date % {"date": date}
        return shown

    def label(self, labels: dict[str, str], value) -> str:
        """`get_FOO_display`: the choice's label, or the value itself when it is not a choice."""
        shown = labels.get(value)
        return shown if shown is not None else _text(value)

    def progress_meter(self, progress) -> str:
        """progress_meter.html, without its final newline."""
        if progress is None:
            return self.no_indicators
        width = _text(defaultfilters.stringformat(progress, ".1f"))
        percent = self.of_the_way % {"percent": conditional_escape(defaultfilters.floatformat(progress, "0"))}
        return (
            '<span class="progress-meter"><svg viewBox="0 0 100 10" preserveAspectRatio="none" '
            'aria-hidden="true" focusable="false"><rect class="progress-meter__track" width="100" '
            f'height="10"></rect><rect class="progress-meter__fill" width="{width}" height="10"></rect></svg>'
            f"<span>{percent}</span></span>"
        )

    def __call__(self, commitment, url) -> SafeString:
        title = _text(commitment.title)
        heading = f'<a href="{_text(url)}">{title}</a>' if url else title
        group_title = commitment.group_title
        types = self.stakeholder_types
        parties = ", ".join(
            f'{_text(party.name)} <span class="commitment-list__type">'
            f"({self.label(types, party.stakeholder_type)})</span>"
            for party in commitment.register_parties
        )
        themes = commitment.register_themes
        tags = (
            self.themes
            + "".join(f'<li><span class="tag">{_text(theme.label)}</span></li>' for theme in themes)
            + "</ul>"
            if themes
            else ""
        )
        return mark_safe(  # noqa: S308 (every value escaped above, as the templates do)
            f"\n<h3>{heading}</h3>\n"
            f'<p class="meta">\n  <span class="status status--{_text(commitment.status)}">'
            f"{self.label(self.statuses, commitment.status)}</span>\n  "
            f"{self.gender_action_plan if commitment.is_gender_action_plan else ''}\n  "
            f"{self.overdue if commitment.is_overdue else ''}\n  "
            f"· {self.date(commitment.target_date)}\n  "
            f"{f' · {_text(group_title)}' if group_title else ''}\n</p>\n"
            f'<p class="meta">{self.parties}{parties}</p>\n'
            f"{tags}\n"
            f"{self.progress_meter(commitment.progress)}\n\n"
        )


_RENDER_CONTEXT_KEY = "commitments.item_markup"


def commitment_item(context, commitment, url) -> SafeString:
    """`{% include "commitments/includes/commitment_item.html" with url=url %}` for `commitment`, in the
    page's template context; the markup (or the decision to render the project's templates) is made once
    per page render."""
    markup = context.render_context.get(_RENDER_CONTEXT_KEY)
    if markup is None:
        markup = context.render_context[_RENDER_CONTEXT_KEY] = (
            CommitmentItemMarkup() if uses_own_templates() else False
        )
    if markup:
        return markup(commitment, url)
    with context.push(commitment=commitment, url=url):
        return mark_safe(get_template(ITEM_TEMPLATE).template.render(context))  # noqa: S308 (template output)
