from django.urls import path

from groundbreak.lists import views

app_name = "lists"
urlpatterns = [
    path("lists/targets/", views.item_list, {"kind": "targets"}, name="target_list"),
    path("lists/problems/", views.item_list, {"kind": "problems"}, name="problem_list"),
    path("lists/measures/", views.item_list, {"kind": "measures"}, name="measure_list"),
    path("lists/deadlines/", views.deadlines, name="deadlines"),
    path("lists/<slug:kind>/import/", views.import_back, name="import"),
    path("lists/problems/<int:pk>/", views.problem_detail, name="problem_detail"),
    path("lists/problems/<int:pk>/<slug:action>/", views.problem_action, name="problem_action"),
    path("lists/projects/<int:project_pk>/problems/new/", views.problem_raise,
         name="problem_raise"),
    path("lists/projects/<int:project_pk>/targets/new/", views.item_edit, {"kind": "targets"},
         name="target_create"),
    path("lists/projects/<int:project_pk>/measures/new/", views.item_edit,
         {"kind": "measures"}, name="measure_create"),
    path("lists/targets/<int:pk>/edit/", views.item_edit, {"kind": "targets"},
         name="target_edit"),
    path("lists/measures/<int:pk>/edit/", views.item_edit, {"kind": "measures"},
         name="measure_edit"),
]  # fmt: skip
