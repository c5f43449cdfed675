from django.urls import path

from groundbreak.scoreboard import views

app_name = "scoreboard"
urlpatterns = [
    path("scoreboard/", views.board, name="board"),
    path("scoreboard/weights/", views.weights, name="weights"),
    path("scoreboard/<slug:kind>/<int:pk>/", views.subject_detail, name="subject_detail"),
    path("scoreboard/cadres/", views.cadre_list, name="cadre_list"),
    path("scoreboard/cadres/<int:pk>/edit/", views.cadre_edit, name="cadre_edit"),
    path("scoreboard/projects/<int:project_pk>/cadres/new/", views.cadre_assign,
         name="cadre_assign"),
]  # fmt: skip
