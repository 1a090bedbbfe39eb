from django.contrib.auth import views as auth_views
from django.urls import path

from . import user_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("users/", user_views.users, name="users"),
    path("users/add/", user_views.user_create, name="user_add"),
    path("users/<int:pk>/", user_views.user_detail, name="user"),
    path("users/<int:pk>/roles/grant/", user_views.role_grant, name="role_grant"),
    path("users/<int:pk>/roles/<int:grant_pk>/revoke/", user_views.role_revoke, name="role_revoke"),
]
