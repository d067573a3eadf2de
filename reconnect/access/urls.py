"""Routes for the client's record-access history and break-glass access."""

from django.urls import path

from reconnect.access import views

app_name = "access"
urlpatterns = [
    path("me/record-access/", views.my_record_access, name="my_record_access"),
    path(
        "me/record-access/download/",
        views.my_record_access_download,
        name="my_record_access_download",
    ),
    path("emergency-access/", views.emergency_access, name="emergency_access"),
]
