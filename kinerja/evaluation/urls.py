from django.urls import path

from .views import appeals, calibration, evaluations, reports

app_name = "evaluation"
urlpatterns = [
    # periodic and annual evaluation
    path("", evaluations.mine, name="mine"),
    path("team/", evaluations.team, name="team"),
    path("team/start/", evaluations.start, name="start"),
    path("<int:pk>/", evaluations.detail, name="detail"),
    path("<int:pk>/preview/", evaluations.preview, name="preview"),
    path("<int:pk>/finalise/", evaluations.finalise, name="finalise"),
    path("<int:pk>/reopen/", evaluations.reopen, name="reopen"),
    path("<int:pk>/acknowledge/", evaluations.acknowledge, name="acknowledge"),
    path("<int:pk>/pdf/", evaluations.pdf, name="pdf"),
    # --- organisation predikat, calibration, appeals, reports (issue 10 items 4, 6, 7) ---
    path("calibration/", calibration.index, name="results"),
    path("calibration/<int:period_id>/<int:unit_id>/", calibration.page, name="calibration"),
    path("calibration/<int:period_id>/<int:unit_id>/check/", calibration.check, name="calibration-check"),
    path("calibration/<int:period_id>/<int:unit_id>/evaluations/<int:evaluation_id>/adjust/", calibration.adjust,
         name="calibration-adjust"),
    path("calibration/<int:period_id>/<int:unit_id>/lock/", calibration.lock, name="calibration-lock"),
    path("calibration/<int:period_id>/<int:unit_id>/org-predikat/", calibration.unit_rating, name="unit-rating"),
    path("appeals/", appeals.mine, name="appeal-mine"),
    path("appeals/new/<int:evaluation_id>/", appeals.file, name="appeal-file"),
    path("appeals/<int:pk>/", appeals.detail, name="appeal"),
    path("appeals/<int:pk>/decide/", appeals.decide, name="appeal-decide"),
    path("appeals/<int:pk>/withdraw/", appeals.withdraw, name="appeal-withdraw"),
    path("reports/", reports.index, name="reports"),
    path("reports/predikat/", reports.by_predikat, name="report-list"),
    path("reports/not-evaluated/", reports.pending, name="report-pending"),
    path("reports/recap.xlsx", reports.recap_xlsx, name="report-xlsx"),
    path("reports/leadership/", reports.leadership, name="leadership"),
]
