"""Safety-plan routes."""

from django.urls import path

from reconnect.safety import views

app_name = "safety"
urlpatterns = [
    path("me/safety-plan/", views.my_plan, name="my_plan"),
    path("me/safety-plan/edit/", views.my_plan_edit, name="my_plan_edit"),
    path("me/safety-plan/peer/", views.share_with_peer, name="share_with_peer"),
    path("me/safety-plan/versions/<int:number>/", views.my_plan_version, name="my_plan_version"),
    path("clients/<int:client_id>/safety-plan/", views.client_plan, name="client_plan"),
    path(
        "clients/<int:client_id>/safety-plan/edit/",
        views.client_plan_edit,
        name="client_plan_edit",
    ),
    path(
        "clients/<int:client_id>/safety-plan/versions/<int:number>/",
        views.client_plan_version,
        name="client_plan_version",
    ),
]
