"""The caller (`/me`) and the caller's own API tokens."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from kinerja.accounts import scope, services
from kinerja.accounts.models import ApiToken

from ..lookups import actor
from ..schemas.accounts import MeOut, TokenCreatedOut, TokenCreateIn, TokenOut
from ..schemas.common import READ_ERRORS, WRITE_ERRORS
from ..types import Id

router = Router(tags=["accounts"])


@router.get("/me", response={200: MeOut, **READ_ERRORS})
def me(request):
    """Who is calling: login, instance, employee record and roles."""
    user = actor(request)
    s = scope.get_scope(user)
    employee = user.employee if user.employee_id else None
    return {
        "user": user,
        "instance": user.instance if user.instance_id else None,
        "employee": employee,
        "roles": sorted(s.roles),
        "role_labels": s.role_labels(),
        "is_pegawai": s.is_pegawai,
        "is_penilai": s.is_penilai,
        "read_only": s.read_only,
        "can_view_audit": s.can_view_audit,
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
