from django.urls import path

from groundbreak.alerts import views

app_name = "alerts"
urlpatterns = [
    path("warnings/", views.warning_list, name="warning_list"),
    path("warnings/<int:pk>/", views.warning_detail, name="warning_detail"),
    path("warnings/<int:pk>/acknowledge/", views.warning_acknowledge, name="warning_acknowledge"),
    path("warnings/<int:pk>/exemption/", views.exemption_request, name="exemption_request"),
    path("exemptions/", views.exemption_list, name="exemption_list"),
    path("exemptions/<int:pk>/decide/", views.exemption_decide, name="exemption_decide"),
    path("exemptions/<int:pk>/evidence/", views.exemption_evidence, name="exemption_evidence"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/switch/", views.rule_switch, name="rule_switch"),
]
