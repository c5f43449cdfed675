from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from groundbreak.core.api_docs import DocsView, SchemaView
from groundbreak.views import home

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("groundbreak.api_urls")),
    path("api/schema/", SchemaView.as_view(), name="api_schema"),
    path("api/docs/", DocsView.as_view(url_name="api_schema"), name="api_docs"),
    path("", include("groundbreak.projects.urls")),
    path("", include("groundbreak.imports.urls")),
    path("", include("groundbreak.reporting.urls")),
    path("", include("groundbreak.notifications.urls")),
    path("", include("groundbreak.lists.urls")),
    path("", include("groundbreak.alerts.urls")),
    path("", include("groundbreak.dispatch.urls")),
    path("", include("groundbreak.planning.urls")),
    path("", include("groundbreak.finance.urls")),
    path("", include("groundbreak.appraisal.urls")),
    path("", include("groundbreak.scoreboard.urls")),
    path("", include("groundbreak.audit.urls")),
    path("", include("groundbreak.cockpit.urls")),
]
