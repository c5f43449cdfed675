from django.urls import path

from groundbreak.imports import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("imports/<int:pk>/decide/", views.import_decide, name="import_decide"),
    path("imports/<int:pk>/columns/", views.import_map_columns, name="import_map_columns"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/file/", views.import_file, name="import_file"),
]
