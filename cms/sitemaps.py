from wagtail.contrib.sitemaps import Sitemap

sitemaps = {"pages": Sitemap}
