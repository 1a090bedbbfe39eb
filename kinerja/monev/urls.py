from django.urls import path

from . import views

app_name = "monev"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("team/", views.team, name="team"),
    path("team/new/", views.member_add, name="member-add"),
    path("team/<int:pk>/", views.member_edit, name="member-edit"),
    path("rounds/new/", views.round_add, name="round-add"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round-edit"),
    path("rounds/<int:pk>/status/", views.round_status, name="round-status"),
    path("rounds/<int:pk>/sessions/new/", views.session_add, name="session-add"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/findings/", views.finding_add, name="finding-add"),
    path("sessions/<int:pk>/links/", views.link_add, name="link-add"),
    path("sessions/<int:pk>/recommendations/new/", views.recommendation_add, name="recommendation-add"),
    path("findings/<int:pk>/delete/", views.finding_delete, name="finding-delete"),
    path("links/<int:pk>/delete/", views.link_delete, name="link-delete"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("recommendations/mine/", views.mine, name="mine"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="recommendation-edit"),
    path("recommendations/<int:pk>/status/", views.recommendation_status, name="recommendation-status"),
    path("recommendations/<int:pk>/notes/", views.recommendation_note, name="recommendation-note"),
    path("recommendations/<int:pk>/training/", views.training_add, name="training-add"),
    path("training/<int:pk>/delete/", views.training_delete, name="training-delete"),
]
