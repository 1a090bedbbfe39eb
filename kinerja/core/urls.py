from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # at the root: a service worker's scope is the folder it is served from (core/offline.py)
    path("sw.js", views.service_worker, name="service-worker"),
    path("offline/", views.offline_page, name="offline"),
]
