from django.urls import path

from .views import evidence, team

app_name = "progress"

urlpatterns = [
    path("evidence/<int:pk>/file", evidence.evidence_file, name="evidence-file"),
    # the superior's side (supervision)
    path("team/", team.team, name="team"),
    path("team/review-queue/", team.queue, name="review-queue"),
    path("reports/<int:pk>/review/", team.review, name="review"),
    path("reports/<int:pk>/accept/", team.accept, name="review-accept"),
    path("reports/<int:pk>/return/", team.return_report, name="review-return"),
    path("evidence/<int:pk>/review/", team.evidence_review, name="evidence-review"),
]
