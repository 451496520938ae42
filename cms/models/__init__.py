from .menu import MainMenu, MainMenuItem
from .news import NewsIndexPage, NewsPage, NewsPageRelatedPage, NewsPageTag
from .pages import HomePage, StandardPage
from .settings import FooterLink, SiteContactSettings, SocialLink

__all__ = [
    "FooterLink",
    "HomePage",
    "MainMenu",
    "MainMenuItem",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageRelatedPage",
    "NewsPageTag",
    "SiteContactSettings",
    "SocialLink",
    "StandardPage",
]
