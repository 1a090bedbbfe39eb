from django.contrib.auth import views as auth_views
from django.urls import path

from . import password_views, views

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
    # users/ and logins/ (the logins of the employees, their roles): kinerja/people/account_urls.py, added to
    # this namespace by the root URLconf (they list employees and units, which sit above accounts).
]
