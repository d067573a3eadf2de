"""Journal routes: the client's own pages under /me/, their care team's under /clients/<id>/."""

from django.urls import path

from reconnect.journal import staff_views, views

app_name = "journal"
urlpatterns = [
    path("me/check-in/", views.checkin_new, name="checkin_new"),
    path("me/check-ins/", views.checkin_list, name="checkin_list"),
    path("me/check-ins/<int:checkin_id>/", views.after_checkin, name="after_checkin"),
    path("me/check-ins/<int:checkin_id>/share/", views.note_share, name="note_share"),
    path("me/tools/", views.tools, name="tools"),
    path("me/tools/<slug:tool>/", views.tool, name="tool"),
    path("me/circle/", views.circle, name="circle"),
    path("me/circle/new/", views.circle_member_new, name="circle_member_new"),
    path("me/circle/<int:member_id>/", views.circle_member_edit, name="circle_member_edit"),
    path("me/contacts/", views.contact_new, name="contact_new"),
    path("me/progress/", views.progress, name="progress"),
    path("me/reminders/", views.reminders, name="reminders"),
    path("clients/<int:client_id>/check-ins/", staff_views.client_checkins, name="client_checkins"),
    path("clients/<int:client_id>/circle/", staff_views.client_circle, name="client_circle"),
]
