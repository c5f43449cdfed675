from django.urls import path

from groundbreak.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("cockpit/", views.cockpit, name="cockpit"),
    path("cockpit/about/", views.about, name="about"),
    path("cockpit/region/<str:code>/", views.region_cockpit, name="region"),
    path("cockpit/map/<str:code>.geojson", views.map_data, name="map_data"),
]
