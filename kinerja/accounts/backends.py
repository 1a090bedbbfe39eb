"""Log in with a NIP (18 digits, spaces allowed) or a username."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from kinerja.rules.nip import normalize


class NipOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        login = username.strip()
        digits = normalize(login)
        user = None
        if digits.isdigit() and len(digits) == 18:
            user = User.objects.filter(employee__nip=digits).first()
        if user is None:
            user = User.objects.filter(username__iexact=login).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
