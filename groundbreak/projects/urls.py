from django.urls import path

from groundbreak.projects import views, views_complete

app_name = "projects"
urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/add/", views.project_create, name="project_add"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/to-complete/", views_complete.to_complete, name="to_complete"),
    path("projects/<int:pk>/complete/", views_complete.project_complete, name="project_complete"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/stage/", views.project_change_stage, name="project_change_stage"),
    path(
        "projects/<int:pk>/statistics/",
        views.project_enter_statistics,
        name="project_enter_statistics",
    ),
    path(
        "projects/<int:pk>/work-status/",
        views.project_record_work_status,
        name="project_record_work_status",
    ),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/add/", views.batch_edit, name="batch_add"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/edit/", views.batch_edit, name="batch_edit"),
    path("resumption/", views.resumption, name="resumption"),
    path("overview/", views.overview, name="overview"),
    path("projects/template/", views.project_template, name="project_template"),
]
