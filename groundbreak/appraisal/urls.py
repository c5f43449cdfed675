from django.urls import path

from groundbreak.appraisal import views

app_name = "appraisal"
urlpatterns = [
    path("appraisals/", views.appraisal_list, name="appraisal_list"),
    path("appraisals/<int:pk>/", views.appraisal_detail, name="appraisal_detail"),
    path("appraisals/<int:pk>/edit/", views.appraisal_edit, name="appraisal_edit"),
    path("appraisals/projects/<int:project_pk>/new/", views.appraisal_create,
         name="appraisal_create"),
    path("appraisals/scorecards/", views.scorecard_list, name="scorecard_list"),
    path("appraisals/scorecards/<slug:kind>/edit/", views.scorecard_edit, name="scorecard_edit"),
]  # fmt: skip
