from django.urls import path

from groundbreak.notifications import views

app_name = "notifications"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("inbox/<int:pk>/", views.notification_open, name="notification_open"),
    path("inbox/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("robots/", views.channel_list, name="channel_list"),
    path("robots/add/", views.channel_edit, name="channel_add"),
    path("robots/<int:pk>/", views.channel_edit, name="channel_edit"),
    path("robots/<int:pk>/test/", views.channel_test, name="channel_test"),
    path("robots/deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
]
