"""Appeals (keberatan): list, read, file, decide, withdraw."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from kinerja.api.lookups import actor, page
from kinerja.api.schemas import READ_ERRORS, WRITE_ERRORS
from kinerja.api.types import Cursor, Id, Limit
from kinerja.core.errors import field_error

from .. import permissions
from ..models import Appeal, AppealStatus, Evaluation
from ..results_schemas import AppealIn, AppealOut, AppealPage, DecideIn
from ..services import appeals as service
from ..services.common import appeal_deadline

router = Router(tags=["appeals"])
ORDERING = ["-created_at", "-id"]


def _qs(request):
    return permissions.restrict_appeals(
        Appeal.objects.select_related("evaluation__employee", "decider"), actor(request))


def _out(appeal) -> Appeal:
    appeal.deadline = appeal_deadline(appeal.evaluation)
    return appeal


@router.get("/evaluation/appeals", response={200: AppealPage, **READ_ERRORS})
def list_appeals(request, status: AppealStatus | None = None, cursor: Cursor | None = None,
                 limit: Limit | None = None):
    """Your appeals, those you decide, and those in your HR or reader scope (newest first, keyset)."""
    qs = _qs(request)
    if status:
        qs = qs.filter(status=status)
    result = page(qs, ORDERING, limit, cursor)
    result["items"] = [_out(a) for a in result["items"]]
    return result


@router.get("/evaluation/appeals/{int:appeal_id}", response={200: AppealOut, **READ_ERRORS})
def get_appeal(request, appeal_id: Id):
    return _out(get_object_or_404(_qs(request), pk=appeal_id))


@router.post("/evaluation/appeals", response={201: AppealOut, **WRITE_ERRORS})
def file_appeal(request, payload: AppealIn):
    """File an appeal against your own final predikat, within the appeal window after the lock."""
    user = actor(request)
    evaluation = Evaluation.objects.filter(permissions.own_evaluations_q(user), pk=payload.evaluation_id).first()
    if evaluation is None:
        raise field_error("evaluation_id", _("Only your own evaluation can be appealed."), "does_not_exist")
    appeal = service.file_appeal(actor=user, evaluation=evaluation, reason=payload.reason,
                                 requested_predikat=payload.requested_predikat or "")
    return Status(201, _out(_qs(request).get(pk=appeal.pk)))


@router.post("/evaluation/appeals/{int:appeal_id}/decide", response={200: AppealOut, **WRITE_ERRORS})
def decide(request, appeal_id: Id, payload: DecideIn):
    """Grant (the predikat becomes `new_predikat`, or the one asked for) or reject, with the reason: the
    evaluator's superior only."""
    appeal = get_object_or_404(_qs(request), pk=appeal_id)
    service.decide_appeal(actor=actor(request), appeal=appeal, grant=payload.grant, reason=payload.reason,
                          new_predikat=payload.new_predikat or "", lock_version=payload.lock_version)
    return _out(_qs(request).get(pk=appeal.pk))


@router.post("/evaluation/appeals/{int:appeal_id}/withdraw", response={200: AppealOut, **WRITE_ERRORS})
def withdraw(request, appeal_id: Id):
    """Withdraw your open appeal."""
    appeal = get_object_or_404(_qs(request), pk=appeal_id)
    service.withdraw_appeal(actor=actor(request), appeal=appeal)
    return _out(_qs(request).get(pk=appeal.pk))
