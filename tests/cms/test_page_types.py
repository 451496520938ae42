from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage, NewsIndexPage, NewsPage, StandardPage


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_only_under_the_tree_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(StandardPage, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)

    def test_home_page_accepts_the_cms_sections(self):
        for child in (StandardPage, NewsIndexPage):
            self.assertCanCreateAt(HomePage, child)
        self.assertCanNotCreateAt(HomePage, NewsPage)

    def test_standard_page_under_home_or_standard_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage, NewsIndexPage})

    def test_news_index_holds_only_news(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})

    def test_news_page_only_under_news_index_and_has_no_children(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_home_page_leaves_room_for_other_apps(self):
        """Other apps' index pages name HomePage as their parent; HomePage must not veto them."""
        self.assertNotIn("subpage_types", HomePage.__dict__)


class SiteStructureTests(WagtailPageTestCase):
    def test_only_one_home_page_per_parent(self):
        root = Page.get_first_root_node()
        self.assertEqual(HomePage.max_count_per_parent, 1)
        home = HomePage(title="Home", slug="covenant-home", hero_heading="Together")
        root.add_child(instance=home)

        self.assertFalse(HomePage.can_create_at(root))

    def test_admin_offers_only_the_allowed_types_under_a_news_index(self):
        creatable = set(NewsIndexPage.creatable_subpage_models())

        self.assertEqual(creatable, {NewsPage})
        self.assertNotIn(NewsPage, StandardPage.creatable_subpage_models())
