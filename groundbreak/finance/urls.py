from django.urls import path

from groundbreak.finance import views

app_name = "finance"
urlpatterns = [
    path("finance/", views.declaration_list, name="declaration_list"),
    path("finance/declarations/new/", views.declaration_create, name="declaration_create"),
    path("finance/declarations/<int:pk>/", views.declaration_detail, name="declaration_detail"),
    path(
        "finance/declarations/<int:pk>/declare/",
        views.declaration_declare,
        name="declaration_declare",
    ),
    path(
        "finance/declarations/<int:pk>/outcome/",
        views.declaration_outcome,
        name="declaration_outcome",
    ),
    path(
        "finance/projects/<int:project_pk>/documents/",
        views.document_upload,
        name="document_upload",
    ),
    path("finance/documents/<int:pk>/", views.document_file, name="document_file"),
    path("finance/readiness/", views.readiness, name="readiness"),
    path("finance/gaps/", views.gaps, name="gaps"),
    path("finance/gaps/export/", views.gaps_export, name="gaps_export"),
    path("finance/funds/", views.funds, name="funds"),
]
