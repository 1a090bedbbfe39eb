"""Users, role grants and API tokens."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.audit.context import current as current_audit_context
from kinerja.audit.services import record, snapshot
from kinerja.core.actors import is_system, require_actor
from kinerja.core.errors import PermissionDenied, ValidationError, field_error

from . import lockout, scope
from .models import UNIT_SCOPED_ROLES, ApiToken, Role, RoleGrant, User, hash_token
from .passwords import generate_password, hash_one_time

# What a password write records: the flag, never the hash.
_PASSWORD_AUDIT = ("must_change_password", "is_active")


def create_user(*, actor, instance, username: str, password: str | None, employee=None,
                email: str = "", first_name: str = "", is_staff: bool = False, is_superuser: bool = False,
                validate: bool = True, must_change_password: bool = False) -> User:
    """A new login. ``must_change_password``: the password was chosen by someone else (the administrator
    creating it), so its owner must replace it at the first log-in."""
    require_actor(actor)
    if not scope.can_manage_instance(actor, instance.pk if instance else None):
        raise PermissionDenied(_("Only BKPSDM administrators create logins."))
    if is_superuser and not (is_system(actor) or actor.is_superuser):
        raise PermissionDenied(_("Only platform operators create platform operators."))
    if is_superuser and instance is not None:
        raise field_error("instance", _("Platform operators belong to no instance."), "superuser_instance")
    username = (username or "").strip()
    if not username:
        raise field_error("username", _("Username is required."), "required")
    if User.objects.filter(username__iexact=username).exists():
        raise field_error("username", _("This username is taken."), "duplicate")
    if employee is not None:
        if instance is None or employee.instance_id != instance.pk:
            raise field_error("employee", _("The employee belongs to another instance."), "other_instance")
        if User.objects.filter(employee=employee).exists():
            raise field_error("employee", _("This employee already has a login."), "duplicate")
    user = User(username=username, instance=instance, employee=employee, email=email,
                first_name=first_name, is_staff=is_staff or is_superuser, is_superuser=is_superuser,
                must_change_password=bool(must_change_password and password))
    if password:
        if validate:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    with transaction.atomic():
        user.save()
        record("accounts.user.create", user, actor=actor, after=snapshot(user, exclude=("last_login",)),
               instance_id=instance.pk if instance else None)
    return user


def grant_role(*, actor, user: User, role: str, unit=None) -> RoleGrant:
    require_actor(actor)
    if user.instance_id is None:
        raise field_error("user", _("Platform operators have no instance roles."), "no_instance")
    if not scope.can_manage_instance(actor, user.instance_id):
        raise PermissionDenied(_("Only BKPSDM administrators grant roles."))
    if role not in Role.values:
        raise field_error("role", _("Unknown role."), "invalid_choice")
    if role in UNIT_SCOPED_ROLES and unit is None:
        raise field_error("unit", _("This role needs a unit scope."), "required")
    if unit is not None and unit.instance_id != user.instance_id:
        raise field_error("unit", _("The unit belongs to another instance."), "other_instance")
    if RoleGrant.objects.filter(user=user, role=role, unit=unit).exists():
        raise field_error("role", _("The user already has this role."), "duplicate")
    with transaction.atomic():
        grant = RoleGrant.objects.create(instance_id=user.instance_id, user=user, role=role, unit=unit,
                                         granted_by=None if is_system(actor) else actor)
        record("accounts.role.grant", grant, actor=actor, after=snapshot(grant))
    scope.clear_scope(user)
    return grant


def revoke_role(*, actor, grant: RoleGrant) -> None:
    require_actor(actor)
    if not scope.can_manage_instance(actor, grant.instance_id):
        raise PermissionDenied(_("Only BKPSDM administrators revoke roles."))
    with transaction.atomic():
        before = snapshot(grant)
        record("accounts.role.revoke", grant, actor=actor, before=before)
        grant.delete()


def create_token(*, actor, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new API token; the raw value is returned once and never stored."""
    require_actor(actor)
    if actor.pk != user.pk and not scope.can_manage_instance(actor, user.instance_id):
        raise PermissionDenied(_("You may create tokens only for yourself."))
    if user.instance_id is None:
        raise field_error("user", _("Tokens belong to instance users."), "no_instance")
    name = (name or "").strip() or "token"
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(instance_id=user.instance_id, user=user, name=name[:100], prefix=raw[:10],
                                        digest=hash_token(raw), expires_at=expires_at)
        record("accounts.token.create", token, actor=actor, after=snapshot(token, exclude=("digest",)))
    return token, raw


def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    require_actor(actor)
    if actor.pk != token.user_id and not scope.can_manage_instance(actor, token.instance_id):
        raise PermissionDenied(_("You may revoke only your own tokens."))
    with transaction.atomic():
        before = snapshot(token, exclude=("digest",))
        token.revoked = True
        token.save(update_fields=["revoked", "updated_at"])
        record("accounts.token.revoke", token, actor=actor, before=before,
               after=snapshot(token, exclude=("digest",)))
    return token


# --- Passwords and locks ----------------------------------------------------------------------------

def _password_state(user: User) -> dict:
    return {name: getattr(user, name) for name in _PASSWORD_AUDIT}


def _validated(user: User, password: str, field: str) -> str:
    if not password:
        raise field_error(field, _("Enter the new password."), "required")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    return password


def check_manages_login(actor, user: User) -> None:
    """BKPSDM administrators manage the logins of their instance; platform operators any login.
    Nobody else, and only an operator touches an operator's login."""
    require_actor(actor)
    if actor.pk is not None and actor.pk == user.pk:
        return
    if user.is_superuser or user.instance_id is None:
        if is_system(actor) or actor.is_superuser:
            return
        raise PermissionDenied(_("Only platform operators manage platform operators."))
    if not scope.can_manage_instance(actor, user.instance_id):
        raise PermissionDenied(_("Only BKPSDM administrators manage logins."))


def change_password(*, actor, user: User, old_password: str, new_password: str) -> User:
    """The user replaces their own password (also the forced change after a one-time password)."""
    require_actor(actor)
    if is_system(actor) or actor.pk != user.pk:
        raise PermissionDenied(_("You may change only your own password."))
    if lockout.is_locked(user):
        raise field_error("old_password", _("Too many wrong passwords: the account is locked. Wait a few minutes "
                                            "or ask your BKPSDM administrator."), "locked")
    if not user.check_password(old_password or ""):
        lockout.record_failure(user, current_audit_context().ip_address, "password-change")
        raise field_error("old_password", _("Your current password is wrong."), "password_incorrect")
    _validated(user, new_password, "new_password")
    if new_password == old_password:
        raise field_error("new_password", _("Choose a password different from the current one."), "unchanged")
    with transaction.atomic():
        before = _password_state(user)
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        record("accounts.user.password_change", user, actor=actor, before=before,
               after={**_password_state(user), "password_changed": True})
    return user


def set_password_from_reset_link(*, user: User, new_password: str) -> User:
    """A password chosen through the e-mailed reset link (the link proves the address): also unlocks."""
    _validated(user, new_password, "new_password2")
    with transaction.atomic():
        before = _password_state(user)
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        cleared = lockout.unlock(user)
        record("accounts.user.password_reset_email", user, actor=user, before=before,
               after={**_password_state(user), "password_changed": True, "lock_cleared": bool(cleared)})
    return user


def reset_password(*, actor, user: User) -> str:
    """An administrator sets a one-time password (returned once, shown once) that must be changed at
    the next log-in, and unlocks the account."""
    require_actor(actor)
    check_manages_login(actor, user)
    if actor.pk is not None and actor.pk == user.pk:
        raise PermissionDenied(_("Change your own password on your password page."))
    if not user.is_active:
        raise field_error("user", _("The login is inactive; reactivate it first."), "inactive")
    raw = generate_password()
    with transaction.atomic():
        before = _password_state(user)
        user.password = hash_one_time(raw)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        cleared = lockout.unlock(user)
        record("accounts.user.password_reset", user, actor=actor, before=before,
               after={**_password_state(user), "lock_cleared": bool(cleared)})
    return raw


def unlock_account(*, actor, user: User) -> int:
    """Forget the account's failed log-ins at once (instead of waiting for the cool-off)."""
    require_actor(actor)
    check_manages_login(actor, user)
    with transaction.atomic():
        locked = lockout.is_locked(user)
        cleared = lockout.unlock(user)
        record("accounts.user.unlock", user, actor=actor, before={"locked": locked},
               after={"locked": False, "failure_records_cleared": cleared})
    return cleared
