"""Routes for the client's record: who saw it, export and deletion."""

from django.urls import path

from reconnect.records import access_views, views

app_name = "records"
urlpatterns = [
    path("me/record-access/", access_views.my_record_access, name="my_record_access"),
    path(
        "me/record-access/download/",
        access_views.my_record_access_download,
        name="my_record_access_download",
    ),
    path("me/export/", views.export, name="export"),
    path("me/export/<str:token>/", views.download, name="download"),
    path("me/delete/", views.delete, name="delete"),
    path("program/clients/<int:client_id>/delete/", views.admin_delete, name="admin_delete"),
]
