"""Peer-group routes: the client's under /me/groups/, the thread and its posts under
/groups/<id>/, staff pages beside them, and the care team's under /clients/<id>/groups/."""

from django.urls import path

from reconnect.groups import staff_views, views

app_name = "groups"
urlpatterns = [
    path("me/groups/", views.my_groups, name="mine"),
    path("me/groups/sharing/", views.sharing, name="sharing"),
    path("me/groups/<int:group_id>/join/", views.join, name="join"),
    path("me/groups/<int:group_id>/decline/", views.decline, name="decline"),
    path("groups/", staff_views.group_list, name="list"),
    path("groups/new/", staff_views.group_new, name="new"),
    path("groups/<int:group_id>/", views.thread, name="thread"),
    path("groups/<int:group_id>/leave/", views.leave, name="leave"),
    path("groups/<int:group_id>/posts/<int:post_id>/reply/", views.reply, name="reply"),
    path("groups/<int:group_id>/posts/<int:post_id>/with-you/", views.with_you, name="with_you"),
    path("groups/<int:group_id>/posts/<int:post_id>/report/", views.report, name="report"),
    path("groups/<int:group_id>/posts/<int:post_id>/delete/", views.delete_post, name="delete"),
    path("groups/<int:group_id>/queue/", staff_views.queue, name="queue"),
    path(
        "groups/<int:group_id>/posts/<int:post_id>/moderate/",
        staff_views.moderate_post,
        name="moderate_post",
    ),
    path("groups/<int:group_id>/members/", staff_views.members, name="members"),
    path(
        "groups/<int:group_id>/members/<int:seat_id>/moderate/",
        staff_views.moderate_member,
        name="moderate_member",
    ),
    path("groups/<int:group_id>/log/", staff_views.log, name="log"),
    path("clients/<int:client_id>/groups/", staff_views.client_groups, name="client"),
]
