"""Routes for invitations, the supporter space, and the client's supporter controls."""

from django.urls import path

from reconnect.supporters import views

app_name = "supporters"
urlpatterns = [
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("invite/finish/<str:token>/", views.finish_joining, name="finish_joining"),
    path("support/", views.home, name="home"),
    path("support/guide/", views.guide, name="guide"),
    path("support/<int:client_id>/message/", views.message, name="message"),
    path("me/sharing/invite/", views.invite, name="invite"),
    path(
        "me/sharing/invitations/<int:invitation_id>/cancel/",
        views.cancel_invitation,
        name="cancel_invitation",
    ),
    path("me/sharing/supporters/<int:user_id>/mute/", views.mute, name="mute"),
    path("me/sharing/supporters/<int:user_id>/remove/", views.remove, name="remove"),
]
