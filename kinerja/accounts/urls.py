from django.contrib.auth import views as auth_views
from django.urls import path

from . import login_views, password_views, user_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", password_views.password_change, name="password_change"),
    path("password/reset/", password_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", password_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", password_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password/reset/done/", password_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("users/", user_views.users, name="users"),
    path("users/add/", user_views.user_create, name="user_add"),
    path("users/<int:pk>/", user_views.user_detail, name="user"),
    path("users/<int:pk>/roles/grant/", user_views.role_grant, name="role_grant"),
    path("users/<int:pk>/roles/<int:grant_pk>/revoke/", user_views.role_revoke, name="role_revoke"),
    path("users/<int:pk>/unlock/", user_views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/reset-password/", user_views.user_reset_password, name="user_reset_password"),
    path("logins/", login_views.logins_page, name="logins"),
    path("logins/create/", login_views.logins_create, name="logins_create"),
    path("logins/deactivate-leavers/", login_views.deactivate_leavers, name="logins_deactivate_leavers"),
]
