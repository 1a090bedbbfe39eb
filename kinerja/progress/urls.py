from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("evidence/<int:pk>/file", views.evidence_file, name="evidence-file"),
]
