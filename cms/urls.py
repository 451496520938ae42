from django.urls import path

from cms import views
from cms.privacy.views import account_delete, privacy_download, privacy_overview

urlpatterns = [
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("account/data/", privacy_overview, name="privacy_overview"),
    path("account/data/download/", privacy_download, name="privacy_download"),
    path("account/delete/", account_delete, name="account_delete"),
]
