"""Appeals (keberatan; issue 10 item 6): the employee files one within ``EvaluationSettings.appeal_days`` of the
final predikat (the unit's calibration lock); the evaluator's superior decides with a reason; a granted appeal
changes the predikat even though the evaluation is locked (a ``PredikatChange`` with source appeal). Filing
tells the decider; the decision tells the employee. Everything audited."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.audit.services import record, snapshot
from kinerja.core.actors import require_actor
from kinerja.core.errors import PermissionDenied, ValidationError, field_error
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify
from kinerja.rules.evaluation.schemes import get_scheme

from .. import permissions
from ..models import Appeal, AppealStatus, ChangeSource, Evaluation, EvaluationKind, PredikatChange
from .common import actor_user, appeal_deadline, clean_reason, user_ids_of
from .evaluations import credit_points_for


def _url(appeal) -> str:
    return reverse("evaluation:appeal", args=[appeal.pk])


def _decider(evaluation):
    """The evaluator's superior who will decide: whoever exercises that position today, else the one named."""
    skp = evaluation.skp
    if skp.evaluator_superior_position_id:
        from kinerja.people.holders import current_holders

        holders = current_holders([skp.evaluator_superior_position_id]).get(skp.evaluator_superior_position_id)
        if holders:
            return holders[0].employee.pk
    return skp.evaluator_superior_id


def file_appeal(*, actor, evaluation: Evaluation, reason: str, requested_predikat: str = "") -> Appeal:
    require_actor(actor)
    if not permissions.can_file_appeal(actor, evaluation):
        raise PermissionDenied(_("Only the evaluated employee files an appeal against their predikat."))
    if evaluation.kind != EvaluationKind.ANNUAL or not evaluation.is_locked:
        raise field_error("__all__", _("The predikat is not final yet: an appeal can be filed once the unit's "
                                       "calibration is locked."), "not_final")
    deadline = appeal_deadline(evaluation)
    if timezone.localdate() > deadline:
        raise field_error("__all__", _("The appeal window closed on %(date)s: appeals are filed within the days "
                                       "the instance allows after the predikat became final.")
                          % {"date": formats.date_format(deadline, "j F Y")}, "deadline")
    reason = clean_reason(reason, message=_("State the grounds of the appeal."))
    scheme = get_scheme(evaluation.scheme)
    if requested_predikat and requested_predikat not in {p.value for p in scheme.predikats}:
        raise field_error("requested_predikat", _("That predikat is not one of this period's scoring scheme."),
                          "invalid_choice")
    decider_id = _decider(evaluation)
    if decider_id is None:
        raise field_error("__all__", _("Nobody holds the position of the evaluator's superior to decide the appeal: "
                                       "ask the HR administrator to fill it first."), "no_decider")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(instance_id=evaluation.instance_id, evaluation=evaluation,
                                           filed_by=actor_user(actor), reason=reason,
                                           requested_predikat=requested_predikat, decider_id=decider_id)
            record("evaluation.appeal.create", appeal, actor=actor, after=snapshot(appeal))
            notify(actor=actor, instance_id=appeal.instance_id, recipients=user_ids_of([decider_id]),
                   kind=Kind.APPEAL_FILED,
                   title=format_lazy(gettext_lazy("{name} appeals against their predikat"),
                                     name=evaluation.employee.name),
                   body=reason[:300], url=_url(appeal), obj=appeal)
    except IntegrityError:
        raise field_error("__all__", _("An appeal against this evaluation is already open."), "open") from None
    return appeal


def decide_appeal(*, actor, appeal: Appeal, grant: bool, reason: str, new_predikat: str = "",
                  lock_version: int | None = None) -> Appeal:
    """Grant (the predikat becomes ``new_predikat``) or reject the appeal, with the reason."""
    require_actor(actor)
    if not permissions.can_decide_appeal(actor, appeal):
        raise PermissionDenied(_("The appeal is decided by the evaluator's superior."))
    if appeal.status != AppealStatus.FILED:
        raise field_error("__all__", _("This appeal has been decided or withdrawn already."), "decided")
    reason = clean_reason(reason, "decision_reason", _("Give the reason for the decision."))
    evaluation = appeal.evaluation
    current = evaluation.predikat or evaluation.proposed_predikat
    if grant:
        scheme = get_scheme(evaluation.scheme)
        new_predikat = new_predikat or appeal.requested_predikat
        if not new_predikat:
            raise field_error("new_predikat", _("Choose the predikat the appeal grants."), "required")
        if new_predikat not in {p.value for p in scheme.predikats}:
            raise field_error("new_predikat", _("That predikat is not one of this period's scoring scheme."),
                              "invalid_choice")
        if new_predikat == current:
            raise field_error("new_predikat", _("The evaluation already has this predikat: reject the appeal or "
                                                "choose another."), "unchanged")
    with transaction.atomic():
        updated = Appeal.objects.filter(pk=appeal.pk, status=AppealStatus.FILED)
        if lock_version is not None:
            updated = updated.filter(lock_version=int(lock_version))
        before = snapshot(appeal)
        status = AppealStatus.UPHELD if grant else AppealStatus.REJECTED
        now = timezone.now()
        decider_id = getattr(actor, "employee_id", None) or appeal.decider_id
        if not updated.update(status=status, decided_at=now, decision_reason=reason, decider_id=decider_id,
                              new_predikat=new_predikat if grant else "", lock_version=F("lock_version") + 1,
                              updated_at=now):
            raise ValidationError({"lock_version": [_("The appeal changed meanwhile: reload the page.")]})
        if grant:
            PredikatChange.objects.create(instance_id=evaluation.instance_id, evaluation=evaluation,
                                          source=ChangeSource.APPEAL, from_predikat=current, to_predikat=new_predikat,
                                          reason=reason, by=actor_user(actor))
            credit = credit_points_for(evaluation, new_predikat)  # the credit points follow the predikat
            Evaluation.objects.filter(pk=evaluation.pk).update(predikat=new_predikat, credit_points=credit,
                                                               updated_at=now, lock_version=F("lock_version") + 1)
        appeal.refresh_from_db()
        credit_change = ({"credit_points_before": str(evaluation.credit_points)
                          if evaluation.credit_points is not None else None,
                          "credit_points": str(credit) if credit is not None else None} if grant else {})
        record("evaluation.appeal.decide", appeal, actor=actor, before=before,
               after={**snapshot(appeal), "predikat_before": current, **credit_change})
        title = (format_lazy(gettext_lazy("Your appeal was granted: the predikat is now {predikat}"),
                             predikat=get_scheme(evaluation.scheme).label(new_predikat))
                 if grant else gettext_lazy("Your appeal was rejected"))
        notify(actor=actor, instance_id=appeal.instance_id, recipients=user_ids_of([evaluation.employee_id]),
               kind=Kind.APPEAL_DECIDED, title=title, body=reason[:300], url=_url(appeal), obj=appeal)
    return appeal


def withdraw_appeal(*, actor, appeal: Appeal) -> Appeal:
    require_actor(actor)
    if not permissions.can_file_appeal(actor, appeal.evaluation):
        raise PermissionDenied(_("Only the employee who filed the appeal withdraws it."))
    if appeal.status != AppealStatus.FILED:
        raise field_error("__all__", _("This appeal has been decided or withdrawn already."), "decided")
    with transaction.atomic():
        before = snapshot(appeal)
        Appeal.objects.filter(pk=appeal.pk).update(status=AppealStatus.WITHDRAWN, updated_at=timezone.now(),
                                                   lock_version=F("lock_version") + 1)
        appeal.refresh_from_db()
        record("evaluation.appeal.withdraw", appeal, actor=actor, before=before, after=snapshot(appeal))
    return appeal
