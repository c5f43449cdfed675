from django.urls import path

from groundbreak.planning import views

app_name = "planning"
urlpatterns = [
    path("planning/", views.accounts_page, name="accounts"),
    path("planning/projects/", views.account_projects, name="account_projects"),
    path("planning/close-the-gap/", views.close_gap, name="close_gap"),
    path("planning/quarterly/", views.quarterly, name="quarterly"),
    path("planning/reserve/", views.reserve, name="reserve"),
    path("planning/targets/", views.targets, name="targets"),
    path("planning/weights/", views.weights, name="weights"),
    path("planning/figures/", views.figure_save, name="figure_save"),
    path("planning/locks/", views.lock, name="lock"),
    path("planning/readiness/<int:pk>/", views.readiness, name="readiness"),
    path("planning/locks/<int:pk>/unlock/", views.unlock, name="unlock"),
]
