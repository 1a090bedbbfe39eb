"""Permission cases of the log-in, password and user-management pages and the account API."""

from django.urls import reverse

from kinerja.tests.permissions.harness import api, case, public

INSTANCE_WIDE = "instance-wide: only the BKPSDM admin of the instance manages logins, with no unit scope"
OWN = "one's own account: every user has it, with no unit scope"


def _user(name, *args):
    return lambda w: reverse(f"accounts:{name}", args=[w.u_staff1.pk, *(a(w) for a in args)])


def _grant(w):
    return w.u_monev.role_grants.get().pk




def _mail(settings):
    return {"KINERJA": {**settings.KINERJA, "PASSWORD_RESET_EMAIL": True}}


CASES = [
    public("accounts:login", reverse("accounts:login"), "the log-in page"),
    public("accounts:logout", reverse("accounts:logout"), "logging out needs no permission", method="post",
           status=302),
    public("accounts:password_reset", reverse("accounts:password_reset"), "asking for a reset link by e-mail",
           settings=_mail),
    public("accounts:password_reset_done", reverse("accounts:password_reset_done"), "the reset link was sent",
           settings=_mail),
    public("accounts:password_reset_confirm",
           reverse("accounts:password_reset_confirm", args=["MQ", "set-password"]),
           "the link from the e-mail; an invalid token shows the 'link expired' page", settings=_mail),
    public("accounts:password_reset_complete", reverse("accounts:password_reset_complete"), "the password was set",
           settings=_mail),
    case("accounts:password_change", reverse("accounts:password_change"),
         ok=("u_staff1", 200), no_role=("u_nobody", 200), unit=OWN, other=("u_staff_b", 200)),

    case("accounts:users", reverse("accounts:users"), ok=("u_admin_bkpsdm", 200),
         no_role=(("u_staff1", 403), ("u_admin_opd", 403)), unit=INSTANCE_WIDE, other=("u_admin_b", 200),
         hidden=lambda w: f">{w.u_staff1.username}<"),
    case("accounts:user_add", reverse("accounts:user_add"), ok=("u_admin_bkpsdm", 200),
         no_role=(("u_staff1", 403), ("u_admin_opd", 403)), unit=INSTANCE_WIDE, other=("u_admin_b", 200),
         hidden=lambda w: w.staff1.name),
    case("accounts:user", _user("user"), ok=("u_admin_bkpsdm", 200), no_role=(("u_staff1", 403), ("u_admin_opd", 403)),
         unit=INSTANCE_WIDE, other=("u_admin_b", 404)),
    case("accounts:role_grant", _user("role_grant"), "post", {"role": "monev"}, ok=("u_admin_bkpsdm", 302),
         no_role=(("u_staff1", 403), ("u_admin_opd", 403)), unit=INSTANCE_WIDE, other=("u_admin_b", 404)),
    case("accounts:role_revoke", lambda w: reverse("accounts:role_revoke", args=[w.u_monev.pk, _grant(w)]), "post",
         ok=("u_admin_bkpsdm", 302), no_role=(("u_staff1", 403), ("u_admin_opd", 403)), unit=INSTANCE_WIDE,
         other=("u_admin_b", 404)),
    case("accounts:user_unlock", _user("user_unlock"), "post", ok=("u_admin_bkpsdm", 302),
         no_role=(("u_staff1", 403), ("u_admin_opd", 403)), unit=INSTANCE_WIDE, other=("u_admin_b", 404)),
    case("accounts:user_reset_password", _user("user_reset_password"), "post", ok=("u_admin_bkpsdm", 200),
         no_role=(("u_staff1", 403), ("u_admin_opd", 403)), unit=INSTANCE_WIDE, other=("u_admin_b", 404)),
    case("accounts:logins", reverse("accounts:logins"), ok=("u_admin_bkpsdm", 200),
         no_role=(("u_staff1", 403), ("u_admin_opd", 403)), unit=INSTANCE_WIDE, other=("u_admin_b", 200),
         hidden=lambda w: w.staff1.name),
    case("accounts:logins_create", reverse("accounts:logins_create"), "post", {},
         ok=("u_admin_bkpsdm", 302), no_role=(("u_staff1", 403), ("u_admin_opd", 403)),
         unit=INSTANCE_WIDE, other=("u_admin_b", 302),
         note="another instance's admin creates the logins of their own instance (nothing of A)"),
    case("accounts:logins_deactivate_leavers", reverse("accounts:logins_deactivate_leavers"), "post",
         ok=("u_admin_bkpsdm", 302), no_role=("u_staff1", 403), unit=INSTANCE_WIDE, other=("u_admin_b", 302)),

    # API: one's own account and tokens
    case(api("get", "/me"), "/api/v1/me", ok=("u_staff1", 200), no_role=("u_nobody", 200), unit=OWN,
         other=("u_staff_b", 200)),
    case(api("get", "/tokens"), "/api/v1/tokens", ok=("u_staff1", 200), no_role=("u_nobody", 200), unit=OWN,
         other=("u_staff_b", 200), hidden=lambda w: '"name": "cli"'),
    case(api("post", "/tokens"), "/api/v1/tokens", "post", {"name": "script"}, ok=("u_staff1", 201),
         no_role=("u_nobody", 201), unit=OWN, other=("u_staff_b", 201)),
    case(api("delete", "/tokens/{token_id}"), lambda w: f"/api/v1/tokens/{w.token.pk}", "delete",
         ok=("u_staff1", 204), no_role=("u_staff2", 404), unit=("u_admin_bkpsdm", 404), other=("u_staff_b", 404),
         note="a token is its owner's alone: everybody else gets 404, an administrator too"),
    case(api("post", "/me/password"), "/api/v1/me/password", "post",
         lambda w: {"old_password": w.password, "new_password": "Sangat-Rahasia-2027"},
         ok=("u_staff1", 204), no_role=("u_nobody", 204), unit=OWN, other=("u_staff_b", 204)),
    case(api("post", "/users/{user_id}/unlock"), lambda w: f"/api/v1/users/{w.u_staff1.pk}/unlock", "post",
         ok=("u_admin_bkpsdm", 200), no_role=("u_staff2", 403), unit=("u_admin_opd_disdik", 403),
         other=("u_admin_b", 404)),
    case(api("post", "/users/{user_id}/password-reset"), lambda w: f"/api/v1/users/{w.u_staff1.pk}/password-reset",
         "post", ok=("u_admin_bkpsdm", 200), no_role=("u_staff2", 403), unit=("u_admin_opd_disdik", 403),
         other=("u_admin_b", 404)),
]
