"""An e-mail backend that fails (tests of the e-mail task)."""

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionError("mail server down")
