"""Routes for the client's sharing choices, reading what is shared, and break-glass access."""

from django.urls import path

from reconnect.consent import emergency_views, views

app_name = "consent"
urlpatterns = [
    path("emergency-access/", emergency_views.emergency_access, name="emergency_access"),
    path("me/sharing/", views.sharing, name="sharing"),
    path("me/sharing/clinician/", views.clinician_consent, name="clinician_consent"),
    path("me/sharing/people/<int:user_id>/", views.person_consent, name="person_consent"),
    path("me/sharing/people/<int:user_id>/stop/", views.stop_sharing, name="stop_sharing"),
    path("me/sharing/people/<int:user_id>/preview/", views.preview, name="preview"),
    path("me/sharing/outside/", views.external_consent, name="external_consent"),
    path("me/sharing/consents/<int:consent_id>/", views.consent_document, name="document"),
    path("me/sharing/consents/<int:consent_id>/end/", views.end_consent, name="end_consent"),
    path("shared/<int:client_id>/", views.shared_record, name="shared_record"),
]
