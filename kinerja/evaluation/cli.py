"""``kinerja evaluate``: the results of a period from the command line.

* ``recap --period ID [--unit CODE] [--json]``: per rated unit, the organisation predikat, the count per employee
  predikat and the curve's violations;
* ``adjust``, ``lock``: the calibration meeting's adjustments and the lock (as the system actor ``cli``, or
  ``--as USERNAME``);
* ``appeal file`` / ``appeal decide``: record an appeal or its decision for a user (``--as``, required: only
  the employee files and only the evaluator's superior decides).

Every write goes through the services (audit source "cli"); a refused write prints the service's message and
exits 1. (The evaluation flow adds its own commands to this group.)
"""

from __future__ import annotations

import json

import click

from kinerja.core.actors import system_actor
from kinerja.core.commandline import service_error, setup_django

CLI = system_actor("cli")


def _run(call):
    from django.core.exceptions import PermissionDenied

    from kinerja.audit.context import audit_context
    from kinerja.core.errors import ConflictError, ValidationError

    try:
        with audit_context("cli"):
            return call()
    except ConflictError as exc:
        raise click.ClickException(str(exc)) from None
    except ValidationError as exc:
        raise service_error(exc) from None
    except PermissionDenied as exc:
        raise click.ClickException(str(exc)) from None


def _get(model, pk: int, label: str):
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise click.BadParameter(f"no {label} with id {pk}")
    return obj


def _unit(period, code: str):
    from kinerja.organization.models import Unit

    units = Unit.objects.filter(instance_id=period.instance_id)
    unit = units.filter(code=code).first() if code else None
    if unit is None and code.isdigit():
        unit = units.filter(pk=int(code)).first()
    if unit is None:
        raise click.BadParameter(f"no unit with code or id {code!r} in the period's instance", param_hint="--unit")
    return unit


def _actor(username: str | None):
    if not username:
        return CLI
    from kinerja.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise click.BadParameter(f"no active user {username!r}", param_hint="--as")
    return user


@click.group("evaluate")
def evaluate() -> None:
    """Evaluation results: recap, calibration, appeals."""


@evaluate.command("recap")
@click.option("--period", "period_id", required=True, type=int, metavar="ID", help="The SKP period.")
@click.option("--unit", "unit_code", default="", metavar="CODE", help="Only this unit's subtree (code or id).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def recap(period_id, unit_code, as_json) -> None:
    """Per unit: organisation predikat, count per employee predikat, curve violations."""
    setup_django()
    from kinerja.evaluation import results
    from kinerja.skp.models import Period

    period = _get(Period, period_id, "period")
    unit = _unit(period, unit_code) if unit_code else None
    rows = results.recap(period, unit)
    if as_json:
        click.echo(json.dumps({"period_id": period.pk, "period": period.name, "units": rows}, ensure_ascii=False,
                              indent=2))
        return
    for row in rows:
        counts = " ".join(f"{k}={v}" for k, v in row["counts"].items())
        click.echo(f"{row['unit_code'] or row['unit_id']}\t{row['unit']}\t{row['org_predikat'] or '-'}\t{counts}"
                   f"\ttotal={row['total']}{' locked' if row['locked'] else ''}")
        for message in row["violations"]:
            click.echo(f"  violation: {message}")
        for message in row["warnings"]:
            click.echo(f"  warning: {message}")


@evaluate.command("adjust")
@click.option("--evaluation", "evaluation_id", required=True, type=int, metavar="ID")
@click.option("--predikat", default="", help="The new predikat (code).")
@click.option("--result-rating", default="", help="Rating hasil kerja (di_atas, sesuai, di_bawah).")
@click.option("--behaviour-rating", default="", help="Rating perilaku kerja.")
@click.option("--reason", default="", help="The calibration meeting's reason (required).")
@click.option("--as", "username", default=None, metavar="USERNAME", help="Act as this user (default: system).")
def adjust(evaluation_id, predikat, result_rating, behaviour_rating, reason, username) -> None:
    """Adjust one evaluation's predikat in calibration, with a reason."""
    setup_django()
    from kinerja.evaluation.models import Evaluation
    from kinerja.evaluation.services import calibration

    evaluation = _get(Evaluation, evaluation_id, "evaluation")
    ev = _run(lambda: calibration.adjust(actor=_actor(username), evaluation=evaluation, reason=reason,
                                         predikat=predikat, result_rating=result_rating,
                                         behaviour_rating=behaviour_rating))
    click.echo(f"evaluation {ev.pk}: predikat={ev.predikat}")


@evaluate.command("lock")
@click.option("--period", "period_id", required=True, type=int, metavar="ID")
@click.option("--unit", "unit_code", required=True, metavar="CODE")
@click.option("--notes", default="", help="Minutes of the meeting.")
@click.option("--as", "username", default=None, metavar="USERNAME")
def lock(period_id, unit_code, notes, username) -> None:
    """Lock the unit's calibration."""
    setup_django()
    from kinerja.evaluation.services import calibration
    from kinerja.skp.models import Period

    period = _get(Period, period_id, "period")
    unit = _unit(period, unit_code)
    cal = _run(lambda: calibration.lock(actor=_actor(username), unit=unit, period=period, notes=notes))
    click.echo(f"calibration {cal.pk}: locked")


@evaluate.group("appeal")
def appeal() -> None:
    """Appeals (keberatan)."""


@appeal.command("file")
@click.option("--evaluation", "evaluation_id", required=True, type=int, metavar="ID")
@click.option("--as", "username", required=True, metavar="USERNAME", help="The employee filing it.")
@click.option("--reason", default="")
@click.option("--predikat", "requested", default="", help="The predikat asked for.")
def appeal_file(evaluation_id, username, reason, requested) -> None:
    """File an appeal for the employee (their own evaluation only)."""
    setup_django()
    from kinerja.evaluation.models import Evaluation
    from kinerja.evaluation.services import appeals

    evaluation = _get(Evaluation, evaluation_id, "evaluation")
    a = _run(lambda: appeals.file_appeal(actor=_actor(username), evaluation=evaluation, reason=reason,
                                         requested_predikat=requested))
    click.echo(f"appeal {a.pk}: filed")


@appeal.command("decide")
@click.option("--appeal", "appeal_id", required=True, type=int, metavar="ID")
@click.option("--as", "username", required=True, metavar="USERNAME", help="The evaluator's superior.")
@click.option("--grant/--reject", required=True)
@click.option("--reason", default="")
@click.option("--predikat", "new_predikat", default="")
def appeal_decide(appeal_id, username, grant, reason, new_predikat) -> None:
    """Decide an appeal (the evaluator's superior)."""
    setup_django()
    from kinerja.evaluation.models import Appeal
    from kinerja.evaluation.services import appeals

    a = _get(Appeal, appeal_id, "appeal")
    a = _run(lambda: appeals.decide_appeal(actor=_actor(username), appeal=a, grant=grant, reason=reason,
                                           new_predikat=new_predikat))
    click.echo(f"appeal {a.pk}: {a.status}")
