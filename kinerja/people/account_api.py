"""The caller (`/me`), the caller's password and API tokens; administrators unlock logins and set
one-time passwords (`/users/{id}/…`, BKPSDM administrators of the login's instance)."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from kinerja.accounts import permissions as account_permissions
from kinerja.accounts import services
from kinerja.accounts.models import ApiToken, User
from kinerja.api.lookups import actor
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Id
from kinerja.people import permissions as people_permissions
from kinerja.people.models import Employee

from .account_schemas import (
    MeOut,
    OneTimePasswordOut,
    PasswordChangeIn,
    TokenCreatedOut,
    TokenCreateIn,
    TokenOut,
    UnlockOut,
)

router = Router(tags=["accounts"])
# Operation ids as first published (kinerja/api/routers/accounts.py); clients are generated from them.
OPERATION_ID_PREFIX = "kinerja_api_routers_accounts_"


@router.get("/me", response={200: MeOut, **READ_ERRORS})
def me(request):
    """Who is calling: login, instance, employee record and roles."""
    user = actor(request)
    employee = user.employee if user.employee_id else None
    evaluator = account_permissions.is_evaluator(user)
    return {
        "user": user,
        "instance": user.instance if user.instance_id else None,
        "employee": employee,
        "roles": account_permissions.granted_roles(user),
        "role_labels": account_permissions.role_labels(user),
        "is_pegawai": account_permissions.is_employee(user),
        "is_penilai": evaluator,
        "team_size": people_permissions.team_employees(Employee.objects.all(), user).count() if evaluator else 0,
        "read_only": account_permissions.is_read_only(user),
        "can_view_audit": account_permissions.reads_audit(user),
    }


def own_tokens(request):
    return ApiToken.objects.filter(user=actor(request))


@router.get("/tokens", response={200: list[TokenOut], **READ_ERRORS})
def list_tokens(request):
    """The caller's tokens, newest first (revoked ones too, marked)."""
    return list(own_tokens(request).order_by("-created_at", "-id"))


@router.post("/tokens", response={201: TokenCreatedOut, **WRITE_ERRORS})
def create_token(request, payload: TokenCreateIn):
    """A new token for the caller. The response holds the token itself: it is never shown again."""
    token, raw = services.create_token(actor=actor(request), user=actor(request), name=payload.name,
                                       expires_at=payload.expires_at)
    token.token = raw
    return Status(201, token)


@router.delete("/tokens/{int:token_id}", response={204: None, **WRITE_ERRORS})
def revoke_token(request, token_id: Id):
    """Revoke one of the caller's tokens; it stops working at once."""
    token = get_object_or_404(own_tokens(request), pk=token_id)
    services.revoke_token(actor=actor(request), token=token)
    return Status(204, None)


@router.post("/me/password", response={204: None, **WRITE_ERRORS})
def change_password(request, payload: PasswordChangeIn):
    """Change the caller's own password (also the forced change after a one-time password)."""
    user = services.change_password(actor=actor(request), user=actor(request), old_password=payload.old_password,
                                    new_password=payload.new_password)
    if getattr(request, "api_token", None) is None:
        update_session_auth_hash(request, user)  # a browser session stays logged in
    return Status(204, None)


def managed_user_or_404(request, user_id: int) -> User:
    """A login the caller administers: 403 without the role, 404 outside the caller's instance."""
    user = actor(request)
    if not account_permissions.can_manage_users(user):
        raise PermissionDenied(_("Only BKPSDM administrators manage logins."))
    return get_object_or_404(account_permissions.managed_users(user), pk=user_id)


@router.post("/users/{int:user_id}/unlock", response={200: UnlockOut, **WRITE_ERRORS})
def unlock_user(request, user_id: Id):
    """Clear the login's failed log-ins now (it is locked after too many)."""
    target = managed_user_or_404(request, user_id)
    cleared = services.unlock_account(actor=actor(request), user=target)
    return {"user_id": target.pk, "username": target.username, "failure_records_cleared": cleared}


@router.post("/users/{int:user_id}/password-reset", response={200: OneTimePasswordOut, **WRITE_ERRORS})
def reset_user_password(request, user_id: Id):
    """Set a one-time password (returned only here) that must be changed at the next log-in; unlocks too."""
    target = managed_user_or_404(request, user_id)
    raw = services.reset_password(actor=actor(request), user=target)
    return {"user_id": target.pk, "username": target.username, "one_time_password": raw}
