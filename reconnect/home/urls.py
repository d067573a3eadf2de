"""Routes for each role's home page, the supervisor's team and a client's page."""

from django.urls import path

from reconnect.home import appointment_views, peer_views, people_admin, views

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
    # The add-person page takes a client's phone too (contact), so it is composed here.
    path("program/people/new/", people_admin.person_new, name="person_new"),
    path("program/people/<int:user_id>/email/", people_admin.person_email, name="person_email"),
    path("clients/<int:client_id>/", views.client_detail, name="client_detail"),
    path("peer/", peer_views.peer_home, name="peer_home"),
    path("clients/<int:client_id>/support/", peer_views.peer_summary, name="peer_summary"),
]
