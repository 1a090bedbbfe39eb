"""``kinerja evaluate``: evaluations and the results of a period from the command line.

* ``start``, ``show``: start an evaluator's team evaluations; show one employee's evaluations of a period;
* ``recap --period ID [--unit CODE] [--json]``: per rated unit, the organisation predikat, the count per employee
  predikat and the curve's violations;
* ``adjust``, ``lock``: the calibration meeting's adjustments and the lock (as the system actor ``cli``, or
  ``--as USERNAME``);
* ``appeal file`` / ``appeal decide``: record an appeal or its decision for a user (``--as``, required: only
  the employee files and only the evaluator's superior decides).

Thin: every write goes through the services (audit source "cli"); a refused write prints the service's message
and exits 1.
"""


from __future__ import annotations

import json
import sys

import click

from kinerja.core.actors import system_actor
from kinerja.core.commandline import service_error, setup_django

CLI = system_actor("cli")


def _period(period_id: int):
    from django.utils.translation import gettext as _

    from kinerja.skp.models import Period

    period = Period.objects.select_related("instance").filter(pk=period_id).first()
    if period is None:
        raise click.BadParameter(_("No SKP period %(id)s.") % {"id": period_id}, param_hint="'--period'")
    return period


def _employee(period, nip: str, option: str):
    from django.utils.translation import gettext as _

    from kinerja.people.models import Employee

    employee = Employee.objects.select_related("position").filter(instance_id=period.instance_id,
                                                                  nip=nip.strip()).first()
    if employee is None:
        raise click.BadParameter(_("No employee with NIP %(nip)s in %(instance)s.")
                                 % {"nip": nip, "instance": period.instance.name}, param_hint=f"'{option}'")
    return employee


def start_command(period_id: int, nip: str, kind: str, window: str | None) -> None:
    setup_django()
    from datetime import date

    from django.utils.translation import gettext as _

    from kinerja.audit.context import audit_context
    from kinerja.core.errors import PermissionDenied, ValidationError
    from kinerja.evaluation import services

    period = _period(period_id)
    evaluator = _employee(period, nip, "--evaluator")
    window_start = None
    if window:
        try:
            window_start = date.fromisoformat(window)
        except ValueError:
            raise click.BadParameter(_("Give the window's first day as YYYY-MM-DD."), param_hint="'--window'") from None
    with click.progressbar(length=1, label=_("evaluations"), file=sys.stderr) as bar:
        try:
            with audit_context("cli"):
                result = services.start_evaluations(actor=CLI, period=period, evaluator=evaluator, kind=kind,
                                                    window_start=window_start, progress=lambda n: bar.update(1))
        except ValidationError as exc:
            raise service_error(exc) from None
        except PermissionDenied as exc:
            raise click.ClickException(str(exc)) from None
        bar.update(1)
    start, end = result.window
    click.echo(_("%(n)d evaluation(s) started for %(start)s – %(end)s; %(existing)d already started.")
               % {"n": len(result.created), "start": start.isoformat(), "end": end.isoformat(),
                  "existing": result.existing})
    if result.not_approved:
        click.echo(_("SKP not approved (not started): %(names)s") % {"names": ", ".join(result.not_approved)})
    if result.without_skp:
        click.echo(_("No SKP in the period: %(names)s") % {"names": ", ".join(result.without_skp)})


def show_command(period_id: int, nip: str) -> None:
    setup_django()
    from django.utils.translation import gettext as _

    from kinerja.evaluation.models import Evaluation
    from kinerja.evaluation.services.evaluations import behaviour_rows
    from kinerja.evaluation.team_evaluations import value_name

    period = _period(period_id)
    employee = _employee(period, nip, "--employee")
    evaluations = list(Evaluation.objects.filter(period=period, employee=employee).select_related("evaluator")
                       .prefetch_related("behaviour").order_by("window_start", "kind"))
    if not evaluations:
        raise click.ClickException(_("%(name)s has no evaluation in %(period)s.")
                                   % {"name": employee.full_name, "period": period.name})
    for e in evaluations:
        click.echo(f"{e.get_kind_display()} {e.window_start.isoformat()} – {e.window_end.isoformat()}  "
                   f"[{e.get_status_display()}]  {e.scheme}")
        click.echo(f"  {_('Evaluator')}: {e.evaluator.full_name if e.evaluator else '-'}")
        click.echo(f"  {_('Achievement')}: {e.achievement if e.achievement is not None else '-'}  "
                   f"{_('Suggested')}: {e.get_suggested_result_display() or '-'}  "
                   f"{_('Rating hasil kerja')}: {e.get_result_rating_display() or '-'}")
        for b in behaviour_rows(e).values():
            shown = b.get_rating_display() or (b.score if b.score is not None else "-")
            click.echo(f"    {value_name(b.value)}: {shown}")
        click.echo(f"  {_('Rating perilaku kerja')}: {e.get_behaviour_rating_display() or '-'}  "
                   f"{_('Predikat')}: {e.get_predikat_display() or '-'}"
                   + (f"  {_('Credit points')}: {e.credit_points}" if e.credit_points is not None else ""))


def open_command(period_id: int) -> None:
    setup_django()
    from django.utils.translation import gettext as _

    from kinerja.audit.context import audit_context
    from kinerja.core.errors import ValidationError
    from kinerja.evaluation import batch

    period = _period(period_id)
    try:
        with audit_context("cli"):
            stats = batch.start_annual(instance_id=period.instance_id, period_id=period.pk, actor=CLI)
    except ValidationError as exc:
        raise service_error(exc) from None
    click.echo(_("%(n)d annual evaluation(s) opened in %(instance)s for %(period)s (%(seconds).1f s).")
               % {"n": stats.created, "instance": period.instance.name, "period": period.name,
                  "seconds": stats.seconds})


@click.group("evaluate")
def evaluate_group() -> None:
    """Performance evaluation: start and show evaluations; recap, calibration, appeals."""


@evaluate_group.command("start")
@click.option("--period", "period_id", required=True, type=int, metavar="ID", help="The SKP period.")
@click.option("--evaluator", "nip", required=True, metavar="NIP", help="The evaluating official's NIP.")
@click.option("--kind", type=click.Choice(["annual", "periodic"]), default="annual", show_default=True,
              help="The annual evaluation, or a periodic one (with --window).")
@click.option("--window", metavar="YYYY-MM-DD", help="The first day of the month or quarter (periodic).")
def start(period_id: int, nip: str, kind: str, window: str | None) -> None:
    """Start the evaluations of the evaluator's team for the period."""
    start_command(period_id, nip, kind, window)


@evaluate_group.command("show")
@click.option("--employee", "nip", required=True, metavar="NIP", help="The employee's NIP.")
@click.option("--period", "period_id", required=True, type=int, metavar="ID", help="The SKP period.")
def show(nip: str, period_id: int) -> None:
    """Show an employee's evaluations of the period."""
    show_command(period_id, nip)


@evaluate_group.command("open")
@click.option("--period", "period_id", required=True, type=int, metavar="ID", help="The SKP period.")
def open_(period_id: int) -> None:
    """Open the annual evaluation of the whole instance: every approved SKP gets its evaluation, with the
    rating hasil kerja suggested from achievement (the evaluators then decide)."""
    open_command(period_id)


# --- results: recap, calibration, appeals (issue 10 items 4, 6, 7) ---

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


@evaluate_group.command("recap")
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


@evaluate_group.command("adjust")
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


@evaluate_group.command("lock")
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


@evaluate_group.group("appeal")
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
