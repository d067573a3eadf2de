"""Public routes."""

from django.urls import path

from reconnect.core import views

app_name = "core"
urlpatterns = [
    path("crisis/", views.crisis, name="crisis"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("healthz", views.healthz, name="healthz"),
]
