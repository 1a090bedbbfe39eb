from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("rhk/<int:rhk_id>/", views.rhk_thread, name="rhk-thread"),
    path("reports/<int:report_id>/", views.report_thread, name="report-thread"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment-delete"),
    path("skp/<int:skp_id>/panel/", views.skp_panel, name="skp-panel"),
    path("skp/<int:skp_id>/dialogues/", views.skp_dialogues, name="skp-dialogues"),
    path("skp/<int:skp_id>/dialogues/new/", views.dialogue_add, name="dialogue-add"),
    path("dialogues/", views.mine, name="mine"),
    path("dialogues/<int:pk>/", views.dialogue, name="dialogue"),
    path("dialogues/<int:pk>/edit/", views.dialogue_edit, name="dialogue-edit"),
    path("dialogues/<int:pk>/record/", views.dialogue_record, name="dialogue-record"),
    path("dialogues/<int:pk>/cancel/", views.dialogue_cancel, name="dialogue-cancel"),
    path("dialogues/<int:pk>/actions/", views.action_add, name="action-add"),
    path("actions/<int:pk>/toggle/", views.action_toggle, name="action-toggle"),
]
