"""Routes for the client's record-access history."""

from django.urls import path

from reconnect.access import views

app_name = "access"
urlpatterns = [
    path("me/record-access/", views.my_record_access, name="my_record_access"),
]
