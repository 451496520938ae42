"""OECD due-diligence steps and SDG targets are translatable content (wagtail-localize), like themes: the
rows from before become the English originals when the site migrates, readers see a step's name and a
target's title in their language (English when nobody translated it), content links to the originals
only, the filters offer each step and target once and match content linked to any translation, the
register costs the same queries in Dutch, and the API and exports keep numbers, codes and English."""

import csv
import io

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale

import pytest

from commitments.demo.vocabularies import STEPS_NL, TARGETS_NL, translate_vocabularies
from commitments.filters import CommitmentRegisterFilterSet
from commitments.forms import CommitmentForm
from commitments.models import Commitment, DueDiligenceStep, SdgTarget
from tests.commitments.test_register import populate
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

BEFORE = [("commitments", "0002_register_indexes")]


def dutch():
    return Locale.objects.get(language_code="nl")


def translate(row, **words):
    translated = row.copy_for_translation(dutch())
    for field, value in words.items():
        setattr(translated, field, value)
    translated.save()
    return translated


@pytest.fixture
def remediation(db):
    return DueDiligenceStep.objects.get(number=6)


@pytest.fixture
def herstel(remediation):
    return translate(remediation, name="Herstel bieden of daaraan meewerken")


@pytest.fixture
def procurement(db):
    return SdgTarget.objects.get(code="12.7")


@pytest.fixture
def inkoop(procurement):
    return translate(procurement, title="Duurzame overheidsinkoop bevorderen")


def test_a_reader_sees_steps_and_targets_in_their_language_or_in_english(
    remediation, herstel, procurement, inkoop
):
    tracking = DueDiligenceStep.objects.get(number=4)
    with translation.override("nl"):
        assert str(remediation) == "6. Herstel bieden of daaraan meewerken"
        assert procurement.label == "Duurzame overheidsinkoop bevorderen"
        assert str(procurement) == "12.7 Duurzame overheidsinkoop bevorderen"
        assert tracking.label == "Track implementation and results"  # not translated: the English name
    with translation.override("en"):
        assert str(remediation) == "6. Provide for or cooperate in remediation"
        assert procurement.label == "Promote sustainable public procurement practices"


def test_a_renamed_translation_shows_at_once(remediation, herstel):
    with translation.override("nl"):
        assert remediation.label == "Herstel bieden of daaraan meewerken"
        herstel.name = "Zorgen voor herstel"
        herstel.save()
        assert remediation.label == "Zorgen voor herstel"
        herstel.delete()
        assert remediation.label == "Provide for or cooperate in remediation"


def test_number_and_code_are_unique_per_language(remediation, herstel, procurement, inkoop):
    assert (herstel.number, herstel.translation_key) == (remediation.number, remediation.translation_key)
    assert (inkoop.code, inkoop.translation_key) == (procurement.code, procurement.translation_key)
    with pytest.raises(IntegrityError), transaction.atomic():
        DueDiligenceStep.objects.create(number=6, name="A second step six", locale=remediation.locale)
    with pytest.raises(IntegrityError), transaction.atomic():
        SdgTarget.objects.create(code="12.7", title="Again", locale=procurement.locale)
    with pytest.raises(IntegrityError), transaction.atomic():  # one translation per language
        translate(remediation, name="Nog eens herstel")


def test_forms_and_the_admin_offer_the_originals_only(client, covenant, herstel, inkoop):
    """Steps, targets and themes: each is offered once, as its default-language row (a Dutch theme or step
    would otherwise be a second checkbox for the same thing)."""
    from tests.factories.working_groups import ThemeFactory

    theme = ThemeFactory(name="Due diligence", slug="due-diligence")
    zorgvuldigheid = translate(theme, name="Gepaste zorgvuldigheid")
    form = CommitmentForm(user=covenant.user("secretariat"))
    assert theme in form.fields["themes"].queryset and zorgvuldigheid not in form.fields["themes"].queryset
    assert set(form.fields["due_diligence_steps"].queryset) == set(DueDiligenceStep.objects.originals())
    assert set(form.fields["sdg_targets"].queryset) == set(SdgTarget.objects.originals())
    assert herstel not in form.fields["due_diligence_steps"].queryset
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    commitment = covenant.commitments["public"]
    response = client.get(reverse("wagtailsnippets_commitments_commitment:edit", args=[commitment.pk]))
    admin_form = response.context["form"]
    assert inkoop not in admin_form.fields["sdg_targets"].queryset
    assert admin_form.fields["sdg_targets"].queryset.count() == SdgTarget.objects.originals().count()


@pytest.fixture
def linked(covenant, remediation, herstel, procurement, inkoop):
    """The public commitment on step 6 and target 12.7 (the originals), and a second one linked to the Dutch
    rows directly, as content from elsewhere might be: filters must find both."""
    public = covenant.commitments["public"]
    public.due_diligence_steps.set([remediation])
    public.sdg_targets.set([procurement])
    from tests.factories.commitments import CommitmentFactory

    odd = CommitmentFactory(title="Linked to the Dutch rows")
    Commitment.due_diligence_steps.through.objects.create(commitment=odd, duediligencestep=herstel)
    Commitment.sdg_targets.through.objects.create(commitment=odd, sdgtarget=inkoop)
    return public, odd


def _titles(response) -> set[str]:
    return {commitment.title for commitment in response.context["commitments"].object_list}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_register_filters_match_any_translation_in_both_languages(client, covenant, linked, language):
    public, odd = linked
    client.cookies["django_language"] = language
    for params in ({"step": "6"}, {"sdg": "12.7"}, {"step": "6", "sdg": "12.7"}):
        response = client.get(covenant.register.url, params)
        assert response.status_code == 200
        assert _titles(response) == {public.title, odd.title}, params
    assert _titles(client.get(covenant.register.url, {"step": "5"})) == set()


def _select(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[start : html.index("</select>", start)]


def test_the_dutch_register_offers_each_step_and_target_once_in_dutch(client, covenant, linked):
    client.cookies["django_language"] = "nl"
    html = client.get(covenant.register.url).content.decode()
    steps, targets = _select(html, "step"), _select(html, "sdg")
    assert steps.count('value="6"') == 1 and targets.count('value="12.7"') == 1
    assert (
        steps.count("<option") == 7 and targets.count("<option") == SdgTarget.objects.originals().count() + 1
    )
    assert ">6. Herstel bieden of daaraan meewerken<" in html
    assert ">12.7 Duurzame overheidsinkoop bevorderen<" in html
    assert "Provide for or cooperate in remediation" not in html
    assert ">4. Track implementation and results<" in html  # untranslated: English
    english = CommitmentRegisterFilterSet(data={}, queryset=None).filters["step"].get_queryset(None)
    assert list(english) == list(DueDiligenceStep.objects.originals())


def test_the_commitment_page_names_steps_and_targets_in_the_readers_language(client, covenant, linked):
    public, _odd = linked
    url = covenant.register.commitment_url(public)
    client.cookies["django_language"] = "nl"
    html = client.get(url).content.decode()
    assert "6. Herstel bieden of daaraan meewerken" in html
    assert "Duurzame overheidsinkoop bevorderen" in html
    assert "Promote sustainable public procurement practices" not in html
    client.cookies["django_language"] = "en"
    html = client.get(url).content.decode()
    assert "6. Provide for or cooperate in remediation" in html and "Herstel" not in html


def test_exports_keep_numbers_and_codes_in_dutch(client, covenant, linked):
    public, _odd = linked
    client.cookies["django_language"] = "nl"
    rows = list(
        csv.DictReader(io.StringIO(client.get(covenant.register.url + "export/csv/").content.decode()))
    )
    row = next(row for row in rows if row["title"] == public.title)
    assert (row["oecd_steps"], row["sdg_targets"]) == ("6", "12.7")


def test_the_api_answers_in_english_whatever_the_language(client, covenant, linked):
    """Needs the api app: runs in the full suite (.ci/cuts)."""
    public, _odd = linked
    client.cookies["django_language"] = "nl"
    data = client.get(f"/api/v1/commitments/{public.pk}/", HTTP_ACCEPT_LANGUAGE="nl").json()
    assert data["oecd_steps"] == [{"number": 6, "name": "Provide for or cooperate in remediation"}]
    assert data["sdg_targets"] == [
        {"code": "12.7", "title": "Promote sustainable public procurement practices"}
    ]
    listed = client.get(
        "/api/v1/commitments/", {"step": "6", "sdg": "12.7"}, HTTP_ACCEPT_LANGUAGE="nl"
    ).json()
    assert {item["title"] for item in listed["results"]} == {public.title, _odd.title}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_the_dutch_register_costs_the_same_queries_for_ten_or_a_thousand(client, covenant):
    translate_vocabularies("nl")
    client.cookies["django_language"] = "nl"
    url = covenant.register.url
    populate(10)
    client.get(url)  # warm Wagtail's caches and the Dutch labels
    small = _queries(client, url)
    populate(990)
    assert _queries(client, url) == small
    assert "Herstel bieden of daaraan meewerken" in client.get(url).content.decode()


def test_the_demo_translates_every_step_and_the_seeded_targets_once():
    assert translate_vocabularies("nl") == len(STEPS_NL) + len(TARGETS_NL)
    assert translate_vocabularies("nl") == 0  # a second run changes nothing
    assert DueDiligenceStep.objects.filter(locale__language_code="nl").count() == 6
    with translation.override("nl"):
        labels = {step.number: step.label for step in DueDiligenceStep.objects.originals()}
        assert labels == STEPS_NL
        assert SdgTarget.objects.originals().get(code="8.7").label == TARGETS_NL["8.7"]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def content_type_cache_warm_afterwards():
    """As in tests/working_groups/test_theme_translations.py: the migrations clear the content type cache;
    warm it again before the database is restored for the next test."""
    yield
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*django_apps.get_models(), for_concrete_models=False)


@pytest.mark.usefixtures("content_type_cache_warm_afterwards")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_steps_and_targets_from_before_become_the_english_originals_and_keep_their_links():
    old = _migrate(BEFORE)
    old_step = old.get_model("commitments", "DueDiligenceStep")
    old_target = old.get_model("commitments", "SdgTarget")
    step_ids = dict(old_step.objects.values_list("number", "pk"))
    target_ids = dict(old_target.objects.values_list("code", "pk"))
    assert len(step_ids) == 6 and len(target_ids) >= 20

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    steps = list(DueDiligenceStep.objects.all())
    assert {step.locale.language_code for step in steps} == {"en"}
    assert len({step.translation_key for step in steps}) == 6
    assert dict(DueDiligenceStep.objects.originals().values_list("number", "pk")) == step_ids
    assert dict(SdgTarget.objects.originals().values_list("code", "pk")) == target_ids
    translate(steps[0], name="Verankeren in beleid")
    with translation.override("nl"):
        assert steps[0].label == "Verankeren in beleid"


def test_the_secretariat_translates_a_step_in_the_admin(
    client, remediation, django_capture_on_commit_callbacks
):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    from wagtail_localize.models import StringSegment, Translation

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(reverse("wagtailsnippets_commitments_duediligencestep:list")).content.decode()
    submit = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["commitments", "duediligencestep", remediation.pk],
    )
    assert submit in listing  # the Translate button of the step's row
    assert client.post(submit, {"locales": [dutch().pk]}).status_code == 302
    translation_row = Translation.objects.get(
        target_locale=dutch(), source__object_id=remediation.translation_key
    )
    dutch_words = {"Provide for or cooperate in remediation": "Herstel bieden of daaraan meewerken"}
    for segment in StringSegment.objects.filter(source=translation_row.source).select_related("string"):
        url = reverse("wagtail_localize:edit_string_translation", args=[translation_row.pk, segment.pk])
        body = encode_multipart(
            BOUNDARY, {"value": dutch_words.get(segment.string.data, segment.string.data)}
        )
        assert client.put(url, body, content_type=MULTIPART_CONTENT).status_code in (200, 201)
    translated = remediation.get_translation(dutch())
    edit = reverse("wagtailsnippets_commitments_duediligencestep:edit", args=[translated.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, {"action": "publish"}).status_code == 302
    translated.refresh_from_db()
    assert (translated.number, translated.name) == (6, "Herstel bieden of daaraan meewerken")
    with translation.override("nl"):
        assert str(remediation) == "6. Herstel bieden of daaraan meewerken"
