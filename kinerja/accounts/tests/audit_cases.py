"""Audit cases of the password, lock and bulk-login services (merged into kinerja/tests/test_services_audit.py)."""

from kinerja.accounts import services as accounts
from kinerja.people import logins
from kinerja.people.models import Employee


def _leaver(w):
    Employee.objects.filter(pk=w.staff2.pk).update(is_active=False)
    return logins.deactivate_leavers(actor=w.u_admin_bkpsdm, instance=w.a)


ACCOUNT_CASES = {
    "accounts.user.password_change": lambda w: accounts.change_password(
        actor=w.u_staff1, user=w.u_staff1, old_password=w.password, new_password="Kopi-Pagi-Tanjung-7"),
    "accounts.user.password_reset": lambda w: accounts.reset_password(actor=w.u_admin_bkpsdm, user=w.u_staff1),
    "accounts.user.password_reset_email": lambda w: accounts.set_password_from_reset_link(
        user=w.u_staff1, new_password="Kopi-Pagi-Tanjung-7"),
    "accounts.user.unlock": lambda w: accounts.unlock_account(actor=w.u_admin_bkpsdm, user=w.u_staff1),
    "accounts.user.deactivate": _leaver,
}
