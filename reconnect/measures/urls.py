"""Questionnaire routes."""

from django.urls import path

from reconnect.measures import views

app_name = "measures"
urlpatterns = [
    path("me/questionnaires/", views.my_measures, name="my_measures"),
    path("me/questionnaires/<slug:code>/", views.answer, name="answer"),
    path("me/questionnaires/results/<int:response_id>/", views.result, name="result"),
    path("clients/<int:client_id>/questionnaires/", views.client_measures, name="client_measures"),
    path(
        "clients/<int:client_id>/questionnaires/<int:assignment_id>/end/",
        views.end_assignment,
        name="end_assignment",
    ),
    path(
        "clients/<int:client_id>/safety-flags/<int:flag_id>/acknowledge/",
        views.acknowledge_flag,
        name="acknowledge_flag",
    ),
]
