"""``kinerja monev``: the tim monev's recommendations from the command line.

* ``kinerja monev recommendations --instance X [--overdue] [--status S] [--json]``: the list (owner, due date,
  status, days late), overdue ones marked; ``--json`` prints one JSON document.
* ``kinerja monev status REC_ID --to STATUS --as USERNAME [--note …] [--reason …] [--lock-version N]``: move a
  recommendation on, as that user (the same service and checks as the web and the API; audit source "cli").
"""

from __future__ import annotations

import json

import click

from kinerja.core.commandline import service_error, setup_django
from kinerja.organization.cli_lookups import instance_option

STATUSES = ("open", "in_progress", "done", "dropped")


def recommendations_command(instance_value: str | None, overdue: bool, status: str | None, as_json: bool) -> None:
    setup_django()
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from kinerja.monev.models import Recommendation
    from kinerja.monev.queries import recommendation_rows

    instance = instance_option(instance_value) if instance_value else None
    today = timezone.localdate()
    qs = Recommendation.objects.all() if instance is None else Recommendation.objects.filter(instance=instance)
    rows = recommendation_rows(qs, today, overdue=overdue, status=status)
    if as_json:
        click.echo(json.dumps({"instance": instance.slug if instance else None, "today": today.isoformat(),
                               "count": len(rows), "recommendations": rows}, ensure_ascii=False, indent=2))
        return
    title = (_("Overdue recommendations of the tim monev: %(n)d") if overdue
             else _("Recommendations of the tim monev: %(n)d")) % {"n": len(rows)}
    headers = [_("ID"), _("Due"), _("Status"), _("Late (days)"), _("Owner"), _("Recommendation")]
    table = [[str(r["id"]), r["due_on"], r["status_label"], str(r["days_late"] or ""), r["owner"]["name"],
              r["text"][:60]] for r in rows]
    widths = [max(len(str(row[i])) for row in [headers, *table]) for i in range(len(headers))]
    click.echo(title)
    for row in [headers, *table]:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def status_command(rec_id: int, to: str, username: str, note: str, reason: str, lock_version: int | None) -> None:
    setup_django()
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils.translation import gettext as _

    from kinerja.accounts.models import User
    from kinerja.audit.context import audit_context
    from kinerja.monev import permissions, services
    from kinerja.monev.models import Recommendation

    actor = User.objects.filter(username=username, is_active=True).first()
    if actor is None:
        raise click.BadParameter(_("No active user %(username)s.") % {"username": username}, param_hint="'--as'")
    rec = permissions.restrict_recommendations(Recommendation.objects.select_related("owner_unit"), actor).filter(
        pk=rec_id).first()
    if rec is None:
        raise click.BadParameter(_("No recommendation %(id)s that %(username)s may see.")
                                 % {"id": rec_id, "username": username}, param_hint="'REC_ID'")
    try:
        with audit_context("cli"):
            rec = services.change_status(actor=actor, rec=rec, status=to, note=note, reason=reason,
                                         lock_version=lock_version)
    except PermissionDenied as exc:
        raise click.ClickException(str(exc) or _("Not allowed.")) from None
    except ValidationError as exc:
        raise service_error(exc) from None
    click.echo(_("Recommendation %(id)s is now %(status)s (lock version %(version)d).")
               % {"id": rec.pk, "status": rec.get_status_display(), "version": rec.lock_version})


@click.group("monev")
def monev() -> None:
    """The tim monev: its recommendations."""


@monev.command("recommendations")
@click.option("--instance", "instance_value", metavar="ID|SLUG", help="The instance (default: every instance).")
@click.option("--overdue", is_flag=True, help="Only those still open or in progress after their due date.")
@click.option("--status", type=click.Choice(STATUSES), help="Only this status.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def recommendations(instance_value: str | None, overdue: bool, status: str | None, as_json: bool) -> None:
    """List the recommendations of the tim monev (overdue ones marked)."""
    recommendations_command(instance_value, overdue, status, as_json)


@monev.command("status")
@click.argument("rec_id", type=int)
@click.option("--to", "to", required=True, type=click.Choice(STATUSES), help="The new status.")
@click.option("--as", "username", required=True, metavar="USERNAME", help="Who takes the step (owner or member).")
@click.option("--note", default="", help="A progress note for the trail.")
@click.option("--reason", default="", help="Why it is dropped (required for dropped).")
@click.option("--lock-version", type=int, default=None, help="The version you saw (refused if it changed since).")
def status(rec_id: int, to: str, username: str, note: str, reason: str, lock_version: int | None) -> None:
    """Move a recommendation to its next status."""
    status_command(rec_id, to, username, note, reason, lock_version)
