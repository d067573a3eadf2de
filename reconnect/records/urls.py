"""Routes for export and deletion."""

from django.urls import path

from reconnect.records import views

app_name = "records"
urlpatterns = [
    path("me/export/", views.export, name="export"),
    path("me/export/<str:token>/", views.download, name="download"),
    path("me/delete/", views.delete, name="delete"),
    path("program/clients/<int:client_id>/delete/", views.admin_delete, name="admin_delete"),
]
