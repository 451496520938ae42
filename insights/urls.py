from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("", views.insights_overview, name="overview"),
    path("csv/", views.insights_overview_csv, name="overview_csv"),
    path("group/<slug:slug>/", views.insights_group, name="group"),
    path("group/<slug:slug>/csv/", views.insights_group_csv, name="group_csv"),
]
