from django.urls import path

from .views import evaluations

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
]
