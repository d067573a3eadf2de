"""Relational feedback routes."""

from django.urls import path

from reconnect.relational import views

app_name = "relational"
urlpatterns = [
    path("me/session-analysis/", views.my_consent, name="my_consent"),
    path(
        "clients/<int:client_id>/session-feedback/", views.client_feedback, name="client_feedback"
    ),
    path("feedback/", views.my_feedback, name="my_feedback"),
    path("feedback/reply/", views.reply_check, name="reply_check"),
    path("feedback/shared/", views.shared_with_me, name="shared"),
    path("feedback/<int:analysis_id>/", views.analysis_detail, name="analysis"),
    path("feedback/<int:analysis_id>/status/", views.analysis_status, name="analysis_status"),
    path("feedback/<int:analysis_id>/share/", views.analysis_share, name="analysis_share"),
    path("feedback/<int:analysis_id>/correct/", views.analysis_correct, name="analysis_correct"),
]
