from django.urls import path

from cms import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("i18n/switch/", views.language_switch, name="language_switch"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
