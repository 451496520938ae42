from django.urls import path

from library import views

urlpatterns = [
    path("library-files/<int:pk>/<str:name>", views.resource_file, name="library_file"),
    path("library-cite/<int:pk>/", views.resource_cite, name="library_cite"),
]
