from django.urls import path

from groundbreak.dispatch import views
from groundbreak.dispatch.bulletins import views as bulletins

app_name = "dispatch"
urlpatterns = [
    path("dispatch/sandu/<str:name>/", views.sandu_list, name="sandu_list"),
    path("dispatch/sandu/<str:name>/export/", views.sandu_export, name="sandu_export"),
    path("dispatch/meetings/", views.meeting_list, name="meeting_list"),
    path("dispatch/meetings/new/", views.meeting_create, name="meeting_create"),
    path("dispatch/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("dispatch/meetings/<int:pk>/generate/", views.meeting_generate, name="meeting_generate"),
    path("dispatch/meetings/<int:pk>/lines/add/", views.line_add, name="line_add"),
    path("dispatch/meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("dispatch/meetings/<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("dispatch/meetings/<int:pk>/agenda.docx", views.meeting_docx, name="meeting_docx"),
    path("dispatch/lines/<int:pk>/<str:action>/", views.line_action, name="line_action"),
    path("dispatch/items/", views.item_list, name="item_list"),
    path("dispatch/items/<int:pk>/", views.item_detail, name="item_detail"),
    path("dispatch/items/<int:pk>/print/", views.item_print, name="item_print"),
    path("dispatch/items/<int:pk>/notice.docx", views.item_docx, name="item_docx"),
    path("dispatch/items/<int:pk>/<str:action>/", views.item_action, name="item_action"),
    path("dispatch/steps/<int:pk>/evidence/", views.step_evidence, name="step_evidence"),
    path("dispatch/bulletins/", bulletins.bulletin_list, name="bulletin_list"),
    path("dispatch/bulletins/new/", bulletins.bulletin_create, name="bulletin_create"),
    path("dispatch/bulletins/weights/", bulletins.ranking_formula, name="ranking_formula"),
    path("dispatch/bulletins/<int:pk>/", bulletins.bulletin_detail, name="bulletin_detail"),
    path("dispatch/bulletins/<int:pk>/bulletin.pdf", bulletins.bulletin_pdf, name="bulletin_pdf"),
    path(
        "dispatch/bulletins/<int:pk>/bulletin.docx", bulletins.bulletin_docx, name="bulletin_docx"
    ),
    path("dispatch/bulletins/<int:pk>/object/", bulletins.bulletin_object, name="bulletin_object"),
    path(
        "dispatch/bulletins/<int:pk>/<str:action>/",
        bulletins.bulletin_action,
        name="bulletin_action",
    ),
    path(
        "dispatch/objections/<int:pk>/answer/", bulletins.objection_answer, name="objection_answer"
    ),
]
