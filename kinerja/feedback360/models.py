"""360° feedback (umpan balik 360 derajat; issue 10 item 3).

* :class:`Round`: a 360 round of an SKP period, for the whole instance or one unit's subtree, open between
  two dates. Draft → open → closed. Its ``min_responses`` (at least the ``FEEDBACK360_MIN_RESPONSES``
  setting, 3 by default) is the number of answers below which nothing about a ratee is shown.
* :class:`Assignment`: "``rater`` rates ``ratee`` as their superior / peer / subordinate in this round",
  proposed from the org tree (services.propose_raters) and edited by the HR admin. ``answered`` says the
  rater has answered. A ratee is rated in at most one round per period.
* :class:`Response`: one anonymous answer: the ratee, the round, a 1–5 score per BerAKHLAK value and an
  optional comment. Nothing else.

How anonymity is kept in the database (also in docs/architecture.md, "360 feedback"):

1. A response carries **no rater, no assignment, no relation and no timestamp**: its columns are a random
   UUID key, the instance, the round, the ratee, the scores and the comment. Its key is random (not a
   sequence), so neither the key nor its order can be matched to the assignments or to the audit log.
   It has no ``created_at``/``updated_at`` (it is deliberately not a TimeStamped model).
2. The only link between a rater and the fact that they answered is ``Assignment.answered``. It is set in
   the same transaction as the response is inserted, by a conditional ``UPDATE … WHERE answered = false``
   (race-safe: of two concurrent answers only one updates the row; the other is refused and rolls back
   its insert). The update does not touch ``updated_at``, so the assignment does not say *when* either.
3. The relation (superior / peer / subordinate) stays on the assignment, never on the response: a ratee
   has a single superior, so a "superior" response would name its author.
4. When the round closes (services.close_round) the responses of the round are rewritten in a random
   order with fresh UUIDs (the physical order of the table no longer follows the order of answering), and
   — unless the ``FEEDBACK360_PURGE_ON_CLOSE`` setting is off — the assignments lose their rater:
   ``rater`` becomes NULL, leaving per ratee only the counts (invited and answered, per relation) that the
   60/40 scheme and the status reports need. After the purge nobody, not even the database administrator,
   can tell who was asked to rate whom.
5. The audit event of an answer (``feedback360.answer``) names the assignment and its actor, never the
   scores or the comment; the audit log is read by auditors (and BKPSDM administrators), never by the
   ratee or the superior unless they hold those roles — and an administrator does not see the
   assignments about themselves (permissions.py).
6. Results (results.py, the pages and the API) are aggregates only: per-value means and the suggested
   rating, computed by ``kinerja.rules.evaluation.feedback360.aggregate_360``, released only once the
   round is closed and at least ``min_responses`` answers exist; comments are shown sorted by their text,
   not in the order they came.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TenantModel
from kinerja.rules.skp import BERAKHLAK, BERAKHLAK_CODES

SCALE_MIN = 1
SCALE_MAX = 5
COMMENT_MAX = 2_000


def default_min_responses() -> int:
    return int(settings.KINERJA.get("FEEDBACK360_MIN_RESPONSES", 3))


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Relation(models.TextChoices):
    SUPERIOR = "superior", _("Superior")
    PEER = "peer", _("Peer")
    SUBORDINATE = "subordinate", _("Subordinate")


class Round(TenantModel):
    period = models.ForeignKey("skp.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period"))
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("unit"),
                             help_text=_("The unit and its sub-units; empty for the whole instance."))
    name = models.CharField(_("name"), max_length=120)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    min_responses = models.PositiveSmallIntegerField(
        _("minimum responses"), default=default_min_responses, validators=[MinValueValidator(2)],
        help_text=_("Results are shown only once at least this many colleagues have answered."))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    raters_purged = models.BooleanField(_("rater links removed"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))

    class Meta:
        verbose_name = _("360 round")
        verbose_name_plural = _("360 rounds")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")),
                                   name="f360round_closes_after_opening"),
            models.UniqueConstraint(fields=["instance", "period", "unit"], name="f360round_one_per_unit"),
            models.UniqueConstraint(fields=["instance", "period"], condition=models.Q(unit__isnull=True),
                                    name="f360round_one_instance_wide"),
        ]
        indexes = [models.Index(fields=["instance", "period", "status"], name="f360round_period")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == RoundStatus.CLOSED

    def accepts_answers(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == RoundStatus.OPEN and self.opens_on <= today <= self.closes_on


class Assignment(TenantModel):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("round"))
    ratee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("rated employee"))
    rater = models.ForeignKey("people.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("rater"), help_text=_("Removed when the round closes."))
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    answered = models.BooleanField(_("answered"), default=False)
    added_by_admin = models.BooleanField(_("added by the HR admin"), default=False)

    class Meta:
        verbose_name = _("360 rater")
        verbose_name_plural = _("360 raters")
        ordering = ["round", "ratee", "relation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "ratee", "rater"], condition=models.Q(rater__isnull=False),
                                    name="f360assignment_once"),
            models.CheckConstraint(condition=~models.Q(rater=models.F("ratee")), name="f360assignment_not_self"),
        ]
        indexes = [
            models.Index(fields=["rater", "answered"], name="f360assignment_rater"),
            models.Index(fields=["round", "ratee"], name="f360assignment_ratee"),
            models.Index(fields=["instance", "ratee"], name="f360assignment_instance"),
        ]

    def __str__(self) -> str:
        return str(_("360 rater #%(id)s") % {"id": self.pk})


class Response(models.Model):
    """One anonymous answer (see the module text): deliberately no rater, no assignment, no relation and no
    timestamp; a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    instance = models.ForeignKey("organization.Instance", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("instance"))
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses", verbose_name=_("round"))
    ratee = models.ForeignKey("people.Employee", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("rated employee"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("360 response")
        verbose_name_plural = _("360 responses")
        indexes = [models.Index(fields=["round", "ratee"], name="f360response_ratee"),
                   models.Index(fields=["instance", "ratee"], name="f360response_instance")]

    def __str__(self) -> str:
        return str(_("360 response"))

    def scores(self) -> dict[str, int]:
        return {code: getattr(self, code) for code in BERAKHLAK_CODES if getattr(self, code) is not None}


for _value in BERAKHLAK:  # one 1–5 score column per core value (null: not scored)
    Response.add_to_class(_value.code, models.PositiveSmallIntegerField(
        _value.name, null=True, blank=True, validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]))
