from django.urls import path

from kinerja.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("board/", views.board, name="board"),
    path("indicator/<int:pk>/", views.indicator, name="indicator"),
    path("rhk/<int:pk>/", views.rhk, name="rhk"),
]
