from django.urls import path

from groundbreak.reporting import views, views_fill, views_lists, views_template

app_name = "reporting"
urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/attach/", views.report_attach, name="report_attach"),
    path(
        "reports/<int:pk>/evidence/<int:attachment_pk>/remove/",
        views.report_detach,
        name="report_detach",
    ),
    path("reports/<int:pk>/<slug:action>/", views.report_action, name="report_action"),
    path("reports/fill/", views_fill.fill_list, name="fill_list"),
    path(
        "reports/fill/<int:project_pk>/<int:period_pk>/",
        views_fill.fill_report,
        name="fill_report",
    ),
    path(
        "reports/no-change/<int:project_pk>/<int:period_pk>/",
        views_fill.no_change,
        name="no_change",
    ),
    path("reports/template/", views_template.report_template, name="report_template"),
    path("reports/missing/", views_lists.missing_list, name="missing_list"),
    path("reports/statistics/", views_lists.statistics_view, name="statistics"),
    path(
        "reports/statistics/<int:project_pk>/<int:period_pk>/",
        views_lists.statistics_enter,
        name="statistics_enter",
    ),
    path(
        "reports/statistics/figures/<int:pk>/explain/",
        views_lists.statistics_explain,
        name="statistics_explain",
    ),
    path("evidence/<int:pk>/", views.attachment_file, name="attachment"),
    path(
        "evidence/<int:pk>/thumbnail/",
        views.attachment_file,
        {"thumbnail": True},
        name="attachment_thumbnail",
    ),
]
