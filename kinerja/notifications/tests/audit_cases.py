"""The audit event of notifications' services (found by kinerja/tests/test_services_audit.py)."""

from kinerja.notifications import services

NOTIFICATIONS_CASES = {
    "notifications.preferences.update": lambda w: services.set_email_preferences(
        actor=w.u_staff1, user=w.u_staff1, kinds_on=["skp_approved", "deadline"]),
}
