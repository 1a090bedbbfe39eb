from django.urls import path

from . import views

app_name = "feedback360"
urlpatterns = [
    path("", views.tasks, name="tasks"),
    path("tasks/<int:pk>/", views.answer, name="answer"),
    path("results/", views.my_results, name="results"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/new/", views.round_add, name="round-add"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/propose/", views.round_propose, name="round-propose"),
    path("rounds/<int:pk>/open/", views.round_open, name="round-open"),
    path("rounds/<int:pk>/close/", views.round_close, name="round-close"),
    path("rounds/<int:pk>/raters/", views.rater_add, name="rater-add"),
    path("raters/<int:pk>/remove/", views.rater_remove, name="rater-remove"),
]
