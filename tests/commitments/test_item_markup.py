"""commitments.item_markup writes each commitment of the register exactly as
commitments/includes/commitment_item.html (with progress_meter.html) does, whitespace included, for every
kind of commitment, in both languages; the register page is the same either way; a project's own
templates are still used when it overrides the app's."""

import datetime
import itertools
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from wagtail.models import Locale

import pytest

from commitments import item_markup
from commitments.models import Commitment
from commitments.models.choices import CommitmentKind, CommitmentStatus
from tests.commitments.test_register import populate
from tests.factories.working_groups import ThemeFactory
from working_groups.models import Organisation, StakeholderType, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def themes():
    """A theme with a Dutch name (with an apostrophe and an ampersand) and one without."""
    tin = ThemeFactory(name="Tin & tungsten", slug="tin")
    dutch = Locale.objects.get_or_create(language_code="nl")[0]
    Theme.objects.create(
        name="Tin & wolfraam's", slug="tin", locale=dutch, translation_key=tin.translation_key
    )
    return [tin, ThemeFactory(name="<Recycling>", slug="recycling")]


PARTIES = [
    [],
    [Organisation(name="Nordvik Mining", stakeholder_type=StakeholderType.COMPANY)],
    [
        Organisation(name='"Fair" Metals & Co', stakeholder_type=StakeholderType.CIVIL_SOCIETY),
        Organisation(name="Metal Workers <Union>", stakeholder_type=StakeholderType.TRADE_UNION),
        Organisation(name="Odd Party", stakeholder_type="not_a_type<>"),
    ],
]
PROGRESS = [None, Decimal("0"), Decimal("12.5"), Decimal("33.333"), Decimal("99.95"), Decimal("100.0")]
STATUSES = [*CommitmentStatus.values, "unknown&<status>"]


def commitments(themes):
    """Commitments covering each branch of the template, each value with characters to escape."""
    made = []
    combinations = itertools.product(
        STATUSES, [CommitmentKind.ORDINARY, CommitmentKind.GENDER_ACTION_PLAN], [True, False]
    )
    for n, (status, kind, overdue) in enumerate(combinations):
        commitment = Commitment(
            pk=n + 1,
            title=f"Trace <tin> & tungsten \"{n}\" 'mines'",
            kind=kind,
            status=status,
            target_date=[datetime.date(2027, 3, 1), datetime.date(2026, 10, 31), None][n % 3],
            progress=PROGRESS[n % len(PROGRESS)],
        )
        commitment.is_overdue = overdue
        commitment.group_title = ["", "Gender & <lens>", "Child rights"][n % 3]
        commitment.register_parties = PARTIES[n % len(PARTIES)]
        commitment.register_themes = [[], themes, themes[:1]][(n // 2) % 3]
        made.append(commitment)
    return made


@pytest.mark.parametrize("language", ["en", "nl"])
def test_each_commitment_is_written_as_the_template_writes_it(themes, language):
    with translation.override(language):
        markup = item_markup.CommitmentItemMarkup()
        for commitment in commitments(themes):
            for url in ("/commitments/7/trace-tin/?a=1&b=<2>", ""):
                expected = render_to_string(item_markup.ITEM_TEMPLATE, {"commitment": commitment, "url": url})
                assert markup(commitment, url) == expected, (commitment.status, commitment.progress, url)


def test_the_dutch_words_are_the_dutch_ones(themes):
    commitment = next(
        c
        for c in commitments(themes)
        if c.is_gender_action_plan and c.target_date == datetime.date(2026, 10, 31) and c.register_themes
    )
    with translation.override("nl"):
        written = item_markup.CommitmentItemMarkup()(commitment, "/c/")
    assert "Genderactieplan" in written and "Streefdatum 31 Okt 2026" in written
    assert "Tin &amp; wolfraam&#x27;s" in written and "Thema's" in written


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_register_page_is_the_same_through_the_templates(client, covenant, monkeypatch, themes, language):
    populate(25)
    covenant.commitments["public"].themes.set(themes)
    url = covenant.register.url
    for params in ({}, {"page": 2}):
        written = client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
        assert written.status_code == 200
        with monkeypatch.context() as patched:
            patched.setattr(item_markup, "uses_own_templates", lambda: False)
            rendered = client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
        assert written.content.decode() == rendered.content.decode()
        assert written.content.count(b'<span class="status status--') == (20 if not params else 6)
        assert ("Streefdatum" in written.content.decode()) == (language == "nl")


def test_a_project_that_overrides_the_item_template_gets_its_own(client, covenant, tmp_path):
    own = tmp_path / "commitments" / "includes"
    own.mkdir(parents=True)
    (own / "commitment_item.html").write_text('<p class="own">{{ commitment.title }} {{ url }}</p>')
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    assert item_markup.uses_own_templates()
    with override_settings(TEMPLATES=templates):
        assert not item_markup.uses_own_templates()
        response = client.get(covenant.register.url)
    public = covenant.commitments["public"]
    url = covenant.register.commitment_url(public)
    assert f'<p class="own">{public.title} {url}</p>' in response.content.decode()
