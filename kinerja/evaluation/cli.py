"""``kinerja evaluate``: start an evaluator's team evaluations and show one employee's evaluations of a period.
(``recap`` is added to this group by the reports module.) Thin: the services do the work."""

from __future__ import annotations

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
        for b in e.behaviour.all():
            shown = b.get_rating_display() or (b.score if b.score is not None else "-")
            click.echo(f"    {value_name(b.value)}: {shown}")
        click.echo(f"  {_('Rating perilaku kerja')}: {e.get_behaviour_rating_display() or '-'}  "
                   f"{_('Predikat')}: {e.get_predikat_display() or '-'}"
                   + (f"  {_('Credit points')}: {e.credit_points}" if e.credit_points is not None else ""))


@click.group("evaluate")
def evaluate_group() -> None:
    """Performance evaluation: start a team's evaluations, show an employee's."""


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
