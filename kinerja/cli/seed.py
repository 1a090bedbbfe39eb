"""``kinerja seed``: a deterministic synthetic government of any size (tests, benchmarks)."""

from __future__ import annotations

import time

import click

from . import setup_django


def register(cli: click.Group) -> None:
    @cli.command("seed")
    @click.option("--employees", "-n", type=click.IntRange(min=1), required=True, help="Number of employees.")
    @click.option("--seed", "seed_value", type=int, default=0, show_default=True,
                  help="Random seed: the same employees and seed give the same data.")
    @click.option("--instance-name", default=None, help="Name of the new instance (default: derived from N and S).")
    @click.option("--slug", default=None, help="Slug of the new instance (default: sintetis-N-S).")
    @click.option("--skp", is_flag=True,
                  help="Also write the plan (RPJMD to RKT) and one cascading SKP per employee (about 3 RHK and "
                       "10 IKI each).")
    @click.option("--year", type=click.IntRange(2000, 2100), default=None,
                  help="Year of the plan and SKP period (default: this year); needs --skp.")
    def seed_command(employees: int, seed_value: int, instance_name: str | None, slug: str | None, skp: bool,
                     year: int | None) -> None:
        """Create one synthetic instance with N employees, fast and deterministic."""
        setup_django()
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from kinerja.demo.seed import seed

        if year is not None and not skp:
            raise click.UsageError(_("--year needs --skp."))
        started = time.perf_counter()
        tasks: dict[str, int] = {}
        columns = (TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
            def progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(step, total=total)
                bar.update(tasks[step], completed=done, total=total)

            try:
                result = seed(employees, seed_value, name=instance_name, slug=slug, progress=progress, skp=skp,
                              year=year)
            except (ValueError, ValidationError) as exc:
                message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                raise click.ClickException(message) from None
        click.echo(_("Created %(name)s (slug %(slug)s): %(employees)d employees (%(pppk)d PPPK), %(units)d units, "
                     "%(positions)d positions, %(assignments)d assignments, %(acting)d acting posts in "
                     "%(seconds).1f s.") % {
            "name": result.name, "slug": result.slug, "employees": result.employees, "pppk": result.pppk,
            "units": result.units, "positions": result.positions, "assignments": result.assignments,
            "acting": result.acting, "seconds": time.perf_counter() - started})
        if skp:
            click.echo(_("SKP: %(skps)d SKPs with %(rhks)d RHK and %(ikis)d IKI.") % {
                "skps": result.skps, "rhks": result.rhks, "ikis": result.ikis})
        click.echo(_("Data digest: %(digest)s") % {"digest": result.digest})
