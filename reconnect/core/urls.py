"""Public routes."""

from django.urls import path

from reconnect.core import views

app_name = "core"
urlpatterns = [
    path("crisis/", views.crisis, name="crisis"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.web_manifest, name="manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
]
