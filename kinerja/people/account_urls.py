"""The account administration pages under /accounts/ (URL namespace ``accounts``, which the root URLconf
gives them together with kinerja/accounts/urls.py): users and roles, and the logins of the employees in bulk.
They list employees and units, so they live in people, above accounts."""

from django.urls import path

from . import login_views, user_views

urlpatterns = [
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
