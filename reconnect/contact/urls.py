"""Contact routes: the client's own page under /me/, the care team's under /clients/<id>/."""

from django.urls import path

from reconnect.contact import views

app_name = "contact"
urlpatterns = [
    path("me/contact/", views.my_contact, name="mine"),
    path("clients/<int:client_id>/contact/", views.client_contact, name="client"),
]
