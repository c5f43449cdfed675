from django.urls import path

from groundbreak.audit import health, views

app_name = "audit"
urlpatterns = [
    path("audit/", views.change_list, name="change_list"),
    path("audit/export.xlsx", views.change_export, name="change_export"),
    path("audit/logins/", views.login_list, name="login_list"),
    path("health/", health.health, name="health"),
]
