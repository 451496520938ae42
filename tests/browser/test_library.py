"""The library in a real browser: a visitor browses with facets, finds a guidance document by a word inside
its PDF (in the library and from the header search), and reads its page; a group member finds the group-only
template that the visitor finds through no path. axe-core checks every page, at desktop and phone widths."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from playwright.sync_api import expect

from library.choices import Audience, ResourceKind
from library.demo.files import docx_bytes, pdf_bytes
from library.models import LibraryPage
from library.services import resource_create
from tests.factories.users import UserFactory
from tests.factories.working_groups import add_member, make_group, make_group_index
from working_groups.choices import Visibility


@pytest.fixture
def library(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    index = make_group_index()
    home = index.get_parent().specific
    page = LibraryPage(title="Library", slug="library", introduction="Guidance and tools of the parties.")
    home.add_child(instance=page)
    group = make_group(index, Visibility.CLOSED, title="Gold traders", slug="gold-traders")
    member = UserFactory(email="member@example.org")
    add_member(group, member)
    guide = resource_create(
        title="Smelter due diligence guidance",
        summary="How to check the smelters in a tin supply chain.",
        kind=ResourceKind.GUIDANCE,
        published_on=datetime.date(2025, 3, 1),
        file=SimpleUploadedFile(
            "smelter-guidance.pdf",
            pdf_bytes("Smelter guidance", ["Ask where the cassiterite was mined and who carried it."]),
        ),
        languages=["en"],
        minerals=["tin"],
    )
    resource_create(
        title="Cobalt risk briefing",
        summary="Risks in cobalt mining.",
        kind=ResourceKind.REPORT,
        published_on=datetime.date(2025, 1, 1),
        link_url="https://example.org/cobalt",
        minerals=["cobalt"],
        languages=["en"],
    )
    template = resource_create(
        title="Grievance mechanism template",
        summary="A template for a grievance procedure.",
        kind=ResourceKind.TEMPLATE,
        published_on=datetime.date(2025, 2, 1),
        file=SimpleUploadedFile(
            "grievance.docx", docx_bytes("Grievance template", ["Complainants may stay anonymous."])
        ),
        audience=Audience.GROUP,
        group=group,
    )
    return {"page": page, "guide": guide, "template": template, "member": member}


@pytest.mark.parametrize("width", [1280, 375])
def test_visitor_browses_searches_inside_a_pdf_and_reads(page, library, assert_accessible, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/library/")
    assert page.locator("h1").inner_text() == "Library"
    assert page.get_by_role("heading", name="2 resources").is_visible()
    assert_accessible(page)

    page.get_by_label("Tin (1").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="1 resource").is_visible()
    assert page.get_by_role("link", name="Smelter due diligence guidance").is_visible()

    page.goto("/library/")
    page.get_by_label("Search the library").fill("cassiterite")
    page.get_by_role("button", name="Search", exact=True).last.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="1 resource for “cassiterite”").is_visible()
    page.get_by_role("link", name="Smelter due diligence guidance").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Smelter due diligence guidance"
    assert page.get_by_text("Ask where the cassiterite was mined").is_visible()
    assert_accessible(page)
    download = page.request.get(page.get_by_role("link", name="Download (PDF").get_attribute("href"))
    assert download.status == 200
    assert download.body().startswith(b"%PDF")

    page.locator("#site-search-q").fill("cassiterite")
    page.locator(".site-search button").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Smelter due diligence guidance").is_visible()
    assert_accessible(page)

    page.goto("/search/?q=Complainants")
    assert "Grievance mechanism template" not in page.content()
    template = library["template"]
    assert page.request.get(f"/library-files/{template.pk}/{template.file_name}").status == 404
    assert page.goto(library["page"].resource_url_for(template.pk, template.title)).status == 404


def test_member_finds_the_group_only_template(page, library, login, assert_accessible):
    login(page, library["member"])
    page.locator("#site-search-q").fill("Complainants")
    page.locator(".site-search button").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Grievance mechanism template").click()
    page.wait_for_load_state()
    assert page.get_by_text("Only for Gold traders").first.is_visible()
    assert page.get_by_text("Complainants may stay anonymous.").is_visible()
    assert_accessible(page)
    href = page.get_by_role("link", name="Download (DOCX").get_attribute("href")
    assert page.request.get(href).status == 200


@pytest.fixture
def library_in_dutch(library):
    from cms.i18n.translations import translate_page
    from library.services import resource_translate

    dutch = translate_page(library["page"], "nl", slug="bibliotheek", title="Bibliotheek")
    resource_translate(
        library["guide"],
        "nl",
        title="Gepaste zorgvuldigheid bij smelterijen",
        summary="Zo controleert u de smelterijen in een tinketen.",
    )
    return {**library, "dutch": dutch}


@pytest.mark.parametrize("width", [1280, 375])
def test_switching_to_dutch_shows_the_dutch_title(page, library_in_dutch, assert_accessible, width):
    """The visitor clicks the footer's language switcher on the library and on a resource's page."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/library/")
    assert page.get_by_role("link", name="Smelter due diligence guidance").is_visible()

    page.locator("#language-select").select_option("nl")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url("**/nl/bibliotheek/")
    assert page.locator("html").get_attribute("lang") == "nl"
    dutch_link = page.get_by_role("link", name="Gepaste zorgvuldigheid bij smelterijen")
    assert dutch_link.is_visible()
    assert dutch_link.get_attribute("lang") is None
    assert page.get_by_role("link", name="Smelter due diligence guidance").count() == 0
    # Nobody translated the cobalt briefing: English, and marked so.
    assert page.get_by_role("link", name="Cobalt risk briefing").get_attribute("lang") == "en"
    assert_accessible(page)

    dutch_link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Gepaste zorgvuldigheid bij smelterijen"
    assert page.get_by_text("Ask where the cassiterite was mined").is_visible()
    assert_accessible(page)

    # Back to English on the resource's page: the same resource, in English.
    page.locator("#language-select").select_option("en")
    page.get_by_role("button", name="Wijzigen").click()
    page.wait_for_url(f"**/library/{library_in_dutch['guide'].pk}/**")
    assert page.locator("h1").inner_text() == "Smelter due diligence guidance"
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_dutch_visitor_finds_no_text_of_the_group_template(page, library_in_dutch):
    from library.services import resource_translate

    template = library_in_dutch["template"]
    resource_translate(template, "nl", title="Model klachtenregeling", summary="Een model voor klachten.")
    page.goto("/nl/bibliotheek/")
    assert "Model klachtenregeling" not in page.content()
    assert "Grievance mechanism template" not in page.content()
    dutch_url = library_in_dutch["dutch"].resource_url_for(template.pk, "Model klachtenregeling")
    assert page.goto(dutch_url).status == 404
    assert "Model klachtenregeling" not in page.content()


def _settled(page):
    """Wait until Wagtail's message bar has faded in: axe reads colours mid-transition as too pale."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.messages')]"
        ".every((bar) => bar.getAnimations({subtree: true}).length === 0)"
    )
    return page


def test_the_secretariat_gives_a_resource_its_dutch_title_and_a_visitor_reads_it(
    page, new_page, login, library_in_dutch, assert_accessible, settings
):
    from tests.factories.working_groups import make_secretariat_user

    settings.WAGTAIL_ENABLE_UPDATE_CHECK = False
    cobalt = library_in_dutch["guide"].__class__.objects.get(title="Cobalt risk briefing")
    login(page, make_secretariat_user(), next_url="/admin/")
    page.goto(f"/admin/snippets/library/resource/edit/{cobalt.pk}/")
    page.get_by_role("button", name="Add translation").click()
    panel = page.locator("#id_translations-FORMS")
    panel.get_by_label("Language").select_option("nl")
    panel.get_by_label("Title").fill("Kobalt: een risicobriefing")
    panel.get_by_label("Summary").fill("Risico's in de kobaltwinning.")
    assert_accessible(_settled(page))
    page.get_by_role("button", name="Save").first.click()
    expect(page.locator(".messages")).to_contain_text("updated")
    page.goto(f"/admin/snippets/library/resource/edit/{cobalt.pk}/")
    assert_accessible(_settled(page))

    visitor = new_page()
    visitor.goto("/library/")
    visitor.locator("#language-select").select_option("nl")
    visitor.get_by_role("button", name="Change").click()
    visitor.wait_for_url("**/nl/bibliotheek/")
    link = visitor.get_by_role("link", name="Kobalt: een risicobriefing")
    assert link.is_visible() and link.get_attribute("lang") is None
    visitor.get_by_label("Doorzoek de bibliotheek").fill("kobaltwinning")
    visitor.get_by_role("button", name="Zoeken", exact=True).last.click()
    visitor.wait_for_load_state()
    assert visitor.get_by_role("link", name="Kobalt: een risicobriefing").is_visible()
    assert_accessible(visitor)
