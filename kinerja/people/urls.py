from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("team/", views.team, name="team"),
    path("me/", views.me, name="me"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/acting/", views.acting, name="acting"),
    path("<int:pk>/acting/<int:assignment_pk>/end/", views.end_acting, name="end_acting"),
    path("<int:pk>/deactivate/", views.deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", views.reactivate, name="reactivate"),
]
