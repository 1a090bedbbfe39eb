"""``kinerja feedback``: comment threads and performance dialogues from the command line (operators, scripted
imports of dialogues held on paper).

Thin over the services: every write runs as the user named with ``--as`` (only the employee and their
evaluating official take part, as on the pages), audited with the source "cli"; a refused write prints the
service's message (per field) and exits 1; an unknown id or user is a usage error. Lists read as the operator
(every row of the database, filtered by the options).
"""

from __future__ import annotations

from datetime import date

import click

from kinerja.core.commandline import service_error, setup_django


def _run(call):
    """Run a service call in the CLI's audit context; its errors become click errors."""
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


def _get(model, pk: int, option: str, related=()):
    from django.utils.translation import gettext as _

    obj = model.objects.select_related(*related).filter(pk=pk).first()
    if obj is None:
        raise click.BadParameter(_("No %(what)s with id %(id)s.") % {"what": model._meta.verbose_name, "id": pk},
                                 param_hint=f"'{option}'")
    return obj


def _user(username: str):
    from django.utils.translation import gettext as _

    from kinerja.accounts.models import User

    user = User.objects.select_related("employee").filter(username=username, is_active=True).first()
    if user is None:
        raise click.BadParameter(_("No active user %(username)s.") % {"username": username}, param_hint="'--as'")
    return user


def _target(rhk_id: int | None, report_id: int | None):
    """The RHK or the report a thread is about (exactly one of the two options)."""
    from django.utils.translation import gettext as _

    from kinerja.progress.models import Report
    from kinerja.skp.models import Rhk

    if (rhk_id is None) == (report_id is None):
        raise click.UsageError(_("Give one of --rhk and --report."))
    if rhk_id is not None:
        return _get(Rhk, rhk_id, "--rhk", ("skp__period",)), None
    return None, _get(Report, report_id, "--report", ("skp__period",))


def _one_line(text: str, width: int = 100) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[:width - 1] + "…"


@click.group("feedback")
def feedback_group() -> None:
    """Feedback comments on RHK and progress reports, and performance dialogues."""


@feedback_group.group("comments")
def comments_group() -> None:
    """List and add the comments of an RHK or a progress report."""


@comments_group.command("list")
@click.option("--rhk", "rhk_id", type=int, metavar="ID", help="The RHK whose thread to list.")
@click.option("--report", "report_id", type=int, metavar="ID", help="The progress report whose thread to list.")
def comments_list(rhk_id, report_id) -> None:
    """The thread, oldest first (a reply indented under its comment)."""
    setup_django()
    from django.utils.translation import gettext as _

    from .models import Comment

    rhk, report = _target(rhk_id, report_id)
    qs = Comment.objects.filter(rhk=rhk) if rhk is not None else Comment.objects.filter(report=report)
    rows = list(qs.select_related("author", "author_employee").order_by("created_at", "pk"))
    replies: dict[int, list] = {}
    for row in rows:
        if row.parent_id:
            replies.setdefault(row.parent_id, []).append(row)
    if not rows:
        click.echo(_("No feedback yet."))
    for row in rows:
        if row.parent_id:
            continue
        for depth, comment in [(0, row), *((1, reply) for reply in replies.get(row.pk, []))]:
            author = comment.author_employee.full_name if comment.author_employee_id else str(comment.author or "")
            body = _("(deleted)") if comment.deleted_at else _one_line(comment.body)
            click.echo(f"{'    ' * depth}{comment.pk}\t{comment.created_at:%Y-%m-%d %H:%M}\t{author}\t{body}")


@comments_group.command("add")
@click.option("--rhk", "rhk_id", type=int, metavar="ID", help="Comment on this RHK.")
@click.option("--report", "report_id", type=int, metavar="ID", help="Comment on this progress report.")
@click.option("--reply-to", "parent_id", type=int, metavar="ID", help="Answer this comment (its thread).")
@click.option("--as", "username", required=True, metavar="USERNAME",
              help="The author: the SKP's employee or their evaluating official.")
@click.option("--body", required=True, help="The comment.")
def comments_add(rhk_id, report_id, parent_id, username, body) -> None:
    """Post a comment (or a reply) as USERNAME; the other party is notified."""
    setup_django()
    from django.utils.translation import gettext as _

    from . import services
    from .models import Comment

    actor = _user(username)
    if parent_id is not None:
        if rhk_id is not None or report_id is not None:
            raise click.UsageError(_("A reply joins the thread of --reply-to: leave out --rhk and --report."))
        parent = _get(Comment, parent_id, "--reply-to", ("skp__period", "rhk", "report"))
        comment = _run(lambda: services.post_comment(actor=actor, body=body, parent=parent))
    else:
        rhk, report = _target(rhk_id, report_id)
        comment = _run(lambda: services.post_comment(actor=actor, body=body, rhk=rhk, report=report))
    click.echo(_("Comment %(id)s posted.") % {"id": comment.pk})


@feedback_group.group("dialogues")
def dialogues_group() -> None:
    """List performance dialogues and record one that was held."""


@dialogues_group.command("list")
@click.option("--skp", "skp_id", type=int, metavar="ID", help="The dialogues of this SKP.")
@click.option("--employee", metavar="NIP", help="The dialogues of this employee (NIP).")
@click.option("--status", type=click.Choice(["planned", "held", "cancelled"]), help="Only those in this status.")
def dialogues_list(skp_id, employee, status) -> None:
    """Id, date, status, employee, superior and agenda; newest first."""
    setup_django()
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .models import Dialogue

    qs = Dialogue.objects.select_related("employee", "superior").order_by("-scheduled_at", "-pk")
    if skp_id is not None:
        qs = qs.filter(skp_id=skp_id)
    if employee:
        qs = qs.filter(employee__nip=employee.strip())
    if status:
        qs = qs.filter(status=status)
    rows = list(qs[:500])
    if not rows:
        click.echo(_("No dialogues."))
    for d in rows:
        superior = d.superior.full_name if d.superior_id else "–"
        click.echo(f"{d.pk}\t{timezone.localtime(d.scheduled_at):%Y-%m-%d %H:%M}\t{d.status}\t"
                   f"{d.employee.full_name}\t{superior}\tlock_version={d.lock_version}\t{_one_line(d.agenda, 60)}")


@dialogues_group.command("record")
@click.argument("dialogue_id", type=int)
@click.option("--as", "username", required=True, metavar="USERNAME", help="The evaluating official.")
@click.option("--notes", required=True, help="What was discussed and agreed.")
@click.option("--follow-up", "follow_up_on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD", help="When to follow it up.")
@click.option("--action", "actions", multiple=True, metavar="TEXT",
              help="An agreed action for the employee (repeatable).")
@click.option("--action-due", "action_due", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD", help="When the agreed actions are due.")
@click.option("--lock-version", type=int, default=None, help="The version last read (refused if it changed).")
def dialogues_record(dialogue_id, username, notes, follow_up_on, actions, action_due, lock_version) -> None:
    """Record the notes of a held dialogue (it becomes held); the employee is notified."""
    setup_django()
    from django.utils.translation import gettext as _

    from . import services
    from .models import ActionOwner, Dialogue

    actor = _user(username)
    dialogue = _get(Dialogue, dialogue_id, "DIALOGUE_ID", ("skp__period", "skp__position", "employee", "superior"))
    due: date | None = action_due.date() if action_due else None
    agreed = [{"text": text, "owner": ActionOwner.EMPLOYEE, "due_on": due} for text in actions]
    done = _run(lambda: services.record_dialogue(
        actor=actor, dialogue=dialogue, notes=notes, follow_up_on=follow_up_on.date() if follow_up_on else None,
        lock_version=lock_version, actions=agreed))
    click.echo(_("Dialogue %(id)s recorded (%(status)s).") % {"id": done.pk, "status": done.get_status_display()})
