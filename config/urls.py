"""Top-level routes: pages by app, the JSON API under /api/v1/."""

from django.urls import include, path

from reconnect.api.router import api

urlpatterns = [
    # First: every API call (a phone's check-in) then skips matching the hundred page routes.
    path("api/v1/", api.urls),
    path("", include("reconnect.core.urls")),
    path("", include("reconnect.radar.urls")),
    path("", include("reconnect.home.urls")),
    path("", include("reconnect.accounts.urls")),
    path("", include("reconnect.journal.urls")),
    path("", include("reconnect.safety.urls")),
    path("", include("reconnect.measures.urls")),
    path("", include("reconnect.relational.urls")),
    path("", include("reconnect.notifications.urls")),
    path("", include("reconnect.contact.urls")),
    path("", include("reconnect.conversations.urls")),
    path("", include("reconnect.groups.urls")),
    path("", include("reconnect.consent.urls")),
    path("", include("reconnect.supporters.urls")),
    path("", include("reconnect.records.urls")),
]

handler404 = "reconnect.core.views.not_found"
handler500 = "reconnect.core.views.server_error"
handler403 = "reconnect.core.views.forbidden"
handler400 = "reconnect.core.views.bad_request"
