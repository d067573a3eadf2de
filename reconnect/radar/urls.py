"""Radar routes: the caseload, the team's signals, fairness, and one client's radar pages."""

from django.urls import path

from reconnect.radar import client_views, views

app_name = "radar"
urlpatterns = [
    path("caseload/", views.radar, name="caseload"),
    path("team/signals/", views.team_signals, name="team_signals"),
    path("program/radar-fairness/", views.fairness, name="fairness"),
    path("clients/<int:client_id>/timeline/", client_views.client_timeline, name="timeline"),
    path("clients/<int:client_id>/sessions/", client_views.sessions, name="sessions"),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/status/",
        client_views.session_status,
        name="session_status",
    ),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/details/",
        client_views.session_details,
        name="session_details",
    ),
    path(
        "clients/<int:client_id>/signals/<int:signal_id>/",
        client_views.signal_detail,
        name="signal",
    ),
]
