"""Routes for each role's home page, the supervisor's team and a client's page."""

from django.urls import path

from reconnect.home import appointment_views, views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.client_home, name="client_home"),
    path(
        "me/appointments/<int:session_id>/answer/",
        appointment_views.answer,
        name="appointment_answer",
    ),
    path(
        "me/appointments/<int:session_id>.ics",
        appointment_views.calendar_file,
        name="appointment_calendar",
    ),
    path("team/", views.team, name="team"),
    path("clients/<int:client_id>/", views.client_detail, name="client_detail"),
]
