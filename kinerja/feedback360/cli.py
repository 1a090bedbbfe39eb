"""``kinerja 360``: propose the raters of a period's 360 rounds from the org tree, and print their status.

Writes go through the services as the system actor ``cli`` (audit source "cli"); a refused write prints the
service's message and exits 1. The status prints counts only, never who rated whom.
"""

from __future__ import annotations

import json

import click

from kinerja.core.actors import system_actor
from kinerja.core.commandline import service_error, setup_django

CLI = system_actor("cli")


def _period(period_id: int):
    from django.utils.translation import gettext as _

    from kinerja.skp.models import Period

    period = Period.objects.filter(pk=period_id).first()
    if period is None:
        raise click.BadParameter(_("No period with id %(id)s.") % {"id": period_id}, param_hint="--period")
    return period


def _rounds(period, round_id: int | None):
    from django.utils.translation import gettext as _

    from .models import Round

    qs = Round.objects.filter(period=period).select_related("unit").order_by("pk")
    if round_id is not None:
        qs = qs.filter(pk=round_id)
        if not qs.exists():
            raise click.BadParameter(_("No 360 round %(id)s in that period.") % {"id": round_id},
                                     param_hint="--round")
    return list(qs)


@click.group("360")
def group() -> None:
    """360 feedback rounds: propose raters, status."""


@group.command("propose")
@click.option("--period", "period_id", required=True, type=int, metavar="ID", help="The SKP period.")
@click.option("--round", "round_id", type=int, default=None, metavar="ID", help="Only this round.")
def propose(period_id: int, round_id: int | None) -> None:
    """Propose the raters of the period's draft and open rounds from the org tree (existing ones are kept)."""
    setup_django()
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from kinerja.audit.context import audit_context

    from . import services

    period = _period(period_id)
    rounds = [r for r in _rounds(period, round_id) if not r.is_closed]
    if not rounds:
        raise click.ClickException(_("The period has no 360 round that is not closed: create one first."))
    for round_ in rounds:
        try:
            with audit_context("cli"):
                added = services.propose_raters(actor=CLI, round_=round_)
        except ValidationError as exc:
            raise service_error(exc) from None
        click.echo(f"round {round_.pk} {round_.name}: {added} raters added")


@group.command("status")
@click.option("--period", "period_id", required=True, type=int, metavar="ID", help="The SKP period.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
def status(period_id: int, as_json: bool) -> None:
    """Per round: status, dates, employees rated, questionnaires answered, results released."""
    setup_django()
    from django.db.models import Count, Q

    from . import results
    from .models import Assignment

    period = _period(period_id)
    rows = []
    for round_ in _rounds(period, None):
        counts = Assignment.objects.filter(round=round_).aggregate(
            invited=Count("pk"), done=Count("pk", filter=Q(answered=True)), ratees=Count("ratee", distinct=True))
        ratee_ids = Assignment.objects.filter(round=round_).values_list("ratee_id", flat=True).distinct()
        released = sum(1 for s in results.summaries(period, ratee_ids).values() if s.released)
        rows.append({"round": round_.pk, "name": round_.name, "unit": round_.unit.name if round_.unit else None,
                     "status": round_.status, "opens_on": round_.opens_on.isoformat(),
                     "closes_on": round_.closes_on.isoformat(), "min_responses": round_.min_responses,
                     "ratees": counts["ratees"], "invited": counts["invited"], "answered": counts["done"],
                     "released": released})
    if as_json:
        click.echo(json.dumps({"period": period.pk, "rounds": rows}, indent=2))
        return
    if not rows:
        click.echo(f"period {period.pk} {period.name}: no 360 round")
    for r in rows:
        click.echo(f"round {r['round']}\t{r['status']}\t{r['opens_on']}..{r['closes_on']}\t{r['name']}\t"
                   f"rated={r['ratees']}\tanswered={r['answered']}/{r['invited']}\treleased={r['released']}")
