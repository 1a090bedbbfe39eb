from django.urls import path

from .views import evidence, log, mine, plans, report, team

app_name = "progress"
urlpatterns = [
    # the employee's own pages (views/mine.py, report.py, log.py, plans.py)
    path("", mine.mine, name="mine"),
    path("iki/<int:iki_pk>/<str:period>/", report.report, name="report"),
    path("iki/<int:iki_pk>/<str:period>/autosave/", report.autosave, name="autosave"),
    path("iki/<int:iki_pk>/<str:period>/evidence/", report.upload, name="upload"),
    path("iki/<int:iki_pk>/<str:period>/from-log/", log.draft_from_log, name="draft_from_log"),
    path("evidence/<int:pk>/delete/", report.evidence_delete, name="evidence_delete"),
    path("log/", log.log, name="log"),
    path("log/<int:pk>/", log.log_edit, name="log_edit"),
    path("log/<int:pk>/delete/", log.log_delete, name="log_delete"),
    path("plans/", plans.plans, name="plans"),
    # the evidence file, for whoever may see the report (views/evidence.py)
    path("evidence/<int:pk>/file", evidence.evidence_file, name="evidence-file"),
    # the superior's side (supervision)
    path("team/", team.team, name="team"),
    path("team/review-queue/", team.queue, name="review-queue"),
    path("reports/<int:pk>/review/", team.review, name="review"),
    path("reports/<int:pk>/accept/", team.accept, name="review-accept"),
    path("reports/<int:pk>/return/", team.return_report, name="review-return"),
    path("evidence/<int:pk>/review/", team.evidence_review, name="evidence-review"),
]
