"""``kinerja init``: a fresh installation without the Django admin.

Migrates the database when needed, creates the instance and its first BKPSDM administrator
(``organization.bootstrap.initialize``, audited with source ``cli``) and prints the next steps.
"""

from __future__ import annotations

import sys

import click

from . import pending_migrations, setup_django


def _interactive() -> bool:
    return sys.stdin.isatty()


def _password(generate: bool) -> str | None:
    """None (generate one) with --generate-password or without a terminal to ask on; else asked twice."""
    if generate or not _interactive():
        return None
    from django.utils.translation import gettext as _

    return click.prompt(_("Password for the administrator (empty: generate one)"), hide_input=True,
                        confirmation_prompt=True, default="", show_default=False) or None


def register(cli: click.Group) -> None:
    @cli.command("init")
    @click.option("--name", required=True, help='The instance, e.g. "Pemerintah Kota Palembang".')
    @click.option("--code", default="", help="Its BKN instance code (optional).")
    @click.option("--city", default="", help="The city or regency, e.g. Palembang (the place of signing on documents).")
    @click.option("--slug", default="", help="Short name used in commands and addresses (default: from the name).")
    @click.option("--admin", "admin_username", default="admin_bkpsdm", show_default=True,
                  help="User name of the first BKPSDM administrator.")
    @click.option("--generate-password", is_flag=True,
                  help="Generate the administrator's password instead of asking for it (it is printed once).")
    def init(name: str, code: str, city: str, slug: str, admin_username: str, generate_password: bool) -> None:
        """Set up a new installation: migrate, create the instance and its first BKPSDM administrator."""
        setup_django(migrated=False)
        from django.core.management import call_command
        from django.db import DatabaseError
        from django.utils.translation import gettext as _

        from kinerja.audit.context import audit_context
        from kinerja.core.errors import ValidationError, error_dict
        from kinerja.organization.bootstrap import initialize

        try:
            pending = pending_migrations()
        except DatabaseError as exc:
            raise click.ClickException(_("Cannot use the database: %(error)s") % {"error": str(exc).strip()}) \
                from None
        if pending:
            click.echo(_("Migrating the database (%(n)d migrations)…") % {"n": len(pending)})
            call_command("migrate", interactive=False, verbosity=0)
        password = _password(generate_password)
        try:
            with audit_context("cli"):
                done = initialize(name=name, code=code, city=city, slug=slug, admin_username=admin_username,
                                  password=password)
        except ValidationError as exc:
            lines = [f"{field}: {message}" for field, messages in error_dict(exc).items() for message in messages]
            raise click.ClickException("\n".join(lines)) from None

        instance, admin = done.instance, done.admin
        click.echo(_("Created %(name)s (slug %(slug)s) and its BKPSDM administrator %(user)s.")
                   % {"name": instance.name, "slug": instance.slug, "user": admin.username})
        if done.password_generated:
            click.echo(_("Password (shown only now; write it down): %(password)s") % {"password": done.password})
        if done.must_change_password:
            click.echo(_("The administrator must choose a new password at the first login."))
        click.echo("")
        click.echo(_("Next steps:"))
        click.echo(_("  1. Import the employees from SIASN's Export Data ASN (docs/import.md):\n"
                     "       kinerja import employees FILE.csv --instance %(slug)s --create-units")
                   % {"slug": instance.slug})
        click.echo(_("  2. Create the employees' logins: log in as %(user)s, page Users (or the bulk login "
                     "command, see kinerja --help).") % {"user": admin.username})
        click.echo(_("  3. Serve it: kinerja serve (and kinerja worker beside it for exports and reminders)."))
