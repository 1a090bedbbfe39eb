"""Writes about notifications. :func:`notify` is what other apps call, inside their own transaction.

* :func:`notify` writes one in-app notification per recipient and, after the caller's transaction commits,
  enqueues :func:`kinerja.notifications.tasks.send_emails` for them (the task honours the e-mail preferences);
* :func:`mark_read` / :func:`mark_all_read`: the recipient's own read marks (no audit event: a user's inbox
  state, like a read receipt, not a change to shared data);
* :func:`set_email_preferences`: which kinds a user gets by e-mail (audited).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from kinerja.audit.services import record
from kinerja.core.actors import require_actor
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.core.registry import ScheduledJob, scheduled_jobs

from . import permissions
from .languages import default_language, languages_of, supported
from .models import EmailPreference, Kind, LanguagePreference, Notification, ScheduledRun

EMAIL_CHUNK = 500  # notifications per e-mail task


def notify(*, actor, instance_id: int, recipients: Iterable[int], kind: Kind | str, title, body="",
           url: str = "", obj=None, dedupe_key: str = "") -> list[Notification]:
    """One in-app notification per recipient (user ids; None and duplicates dropped, the actor never
    notified of their own act); e-mail follows as a background task after the caller's transaction commits.

    ``title`` and ``body`` may be lazy translations (``format_lazy``): each recipient's are written in their
    own language (:mod:`kinerja.notifications.languages`: their choice, else the instance default), not the
    actor's — in the app and in the e-mail. ``obj`` (a model instance) names what
    it is about; ``dedupe_key`` makes it once-only per recipient (reminders): recipients who already have one
    with that key are skipped, and the unique constraint settles a race between two senders. Two queries
    (one with a key) and one for the recipients' languages, whatever the number of recipients.
    """
    ids = _recipient_ids(actor, recipients)
    if not ids:
        return []
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    if dedupe_key:
        done = set(Notification.objects.filter(recipient_id__in=ids, dedupe_key=dedupe_key[:120])
                   .values_list("recipient_id", flat=True))
        ids = [i for i in ids if i not in done]
        if not ids:
            return []
    chosen = languages_of(ids)  # each recipient's language (their choice, else the instance default)
    texts = _texts(title, body, {chosen.get(i) or default_language() for i in ids})
    rows = [_row(instance_id, i, kind, texts[chosen.get(i) or default_language()], url, obj, dedupe_key)
            for i in ids]
    if dedupe_key:
        Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        # ignore_conflicts returns no keys: read back the rows this call wrote (not yet e-mailed)
        new_ids = list(Notification.objects.filter(recipient_id__in=ids, dedupe_key=dedupe_key[:120],
                                                   emailed_at__isnull=True).values_list("pk", flat=True))
    else:
        rows = Notification.objects.bulk_create(rows, batch_size=1000)
        new_ids = [row.pk for row in rows]
    _email_after_commit(new_ids)
    return rows


def _recipient_ids(actor, recipients: Iterable[int]) -> list[int]:
    """The user ids to tell: None and duplicates dropped, never the actor (checked) of their own act."""
    require_actor(actor)
    actor_id = getattr(actor, "pk", None)
    return sorted({int(r) for r in recipients if r is not None and r != actor_id})


def _texts(title, body, languages: Iterable[str]) -> dict[str, tuple[str, str]]:
    """language → (title, body), each written in that language."""
    texts = {}
    for language in languages:
        with translation.override(language):
            texts[language] = (str(title)[:200], str(body))
    return texts


def _row(instance_id: int, recipient_id: int, kind, text: tuple[str, str], url: str, obj, dedupe_key: str):
    return Notification(instance_id=instance_id, recipient_id=recipient_id, kind=str(kind), title=text[0],
                        body=text[1], url=url[:500],
                        object_type=f"{obj._meta.app_label}.{obj._meta.model_name}" if obj is not None else "",
                        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
                        dedupe_key=dedupe_key[:120])


ONCE_PER_KEY = "ON CONFLICT (recipient_id, dedupe_key) WHERE NOT (dedupe_key = '') DO NOTHING"


def chained_rows(*, actor, instance_id: int, recipients: Iterable[int], kind: Kind | str, title, body="",
                 url: str = "", obj, dedupe_key: str, source: str, object_id: str) -> list:
    """:func:`notify` with a once-only key as rows of a ``core.chained`` step (PostgreSQL; ``Chain.insert(name,
    rows, conflict=ONCE_PER_KEY, returning="")``): no query of its own. Each recipient gets one row per
    language, inserted only where its language is the recipient's (their choice, else the default, as
    :func:`languages_of` reads it) and only when ``source`` (an SQL ``FROM`` over an earlier step, e.g. the
    report just inserted) yields a row; ``object_id`` an SQL expression over it. The unique once-only key skips
    the recipients who have one. No task is enqueued for them: the outbox e-mails them
    (``tasks.send_pending_emails``, every few minutes)."""
    from kinerja.core.chained import Row

    ids = _recipient_ids(actor, recipients)
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    if not dedupe_key:
        raise ValueError("chained notifications need a once-only key")
    languages = [code for code, _name in settings.LANGUAGES]
    texts = _texts(title, body, languages)
    chosen = (f"COALESCE((SELECT language FROM {LanguagePreference._meta.db_table} WHERE user_id = %s "
              f"AND language = ANY(%s)), %s)")
    return [Row(_row(instance_id, recipient, kind, texts[language], url, obj, dedupe_key),
                source=f"{source} WHERE %s = {chosen}",
                source_params=[language, recipient, languages, default_language()],
                columns={"object_id": object_id})
            for recipient in ids for language in languages]


def _email_after_commit(ids: list[int]) -> None:
    from .tasks import send_emails

    for start in range(0, len(ids), EMAIL_CHUNK):
        chunk = ids[start:start + EMAIL_CHUNK]
        transaction.on_commit(lambda chunk=chunk: send_emails.enqueue(chunk))


def mark_read(*, actor, notification: Notification) -> Notification:
    """The recipient marks one of their notifications read (again: nothing changes)."""
    require_actor(actor)
    if notification.recipient_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, actor) -> int:
    """The actor's unread notifications all read (one query); returns how many."""
    require_actor(actor)
    if not getattr(actor, "pk", None):
        raise PermissionDenied(_("Only a user has notifications."))
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=timezone.now())


def email_kinds_on(user) -> list[str]:
    """The kinds ``user`` gets by e-mail (every kind unless switched off)."""
    off = set(EmailPreference.objects.filter(user_id=user.pk, enabled=False).values_list("kind", flat=True))
    return [kind for kind in Kind.values if kind not in off]


def language_chosen(user) -> str:
    """The language ``user`` chose for their notifications ("" when none: the instance default)."""
    return languages_of([user.pk]).get(user.pk, "")


def set_email_preferences(*, actor, user, kinds_on: Iterable[str], language: str | None = None) -> list[str]:
    """Which kinds of notification ``user`` gets by e-mail: ``kinds_on``, every other kind off; and, when
    ``language`` is given, the language of their notifications and e-mails ("": the instance default).
    Returns the kinds on."""
    require_actor(actor)
    if not permissions.can_set_preferences(actor, user):
        raise PermissionDenied(_("You may only choose your own e-mails."))
    if language is not None and language != "" and not supported(language):
        raise field_error("language", _("Unknown language: %(language)s.") % {"language": language},
                          "invalid_choice")
    kinds_on = set(kinds_on)
    unknown = sorted(kinds_on - set(Kind.values))
    if unknown:
        raise field_error("kinds", _("Unknown kind of notification: %(kind)s.") % {"kind": ", ".join(unknown)},
                          "invalid_choice")
    if user.instance_id is None:
        raise field_error("kinds", _("A login without an instance receives no notifications."), "no_instance")
    with transaction.atomic():
        before = email_kinds_on(user)
        after = [kind for kind in Kind.values if kind in kinds_on]
        if language is not None:
            _set_language(actor, user, language)
        if before != after:
            existing = {p.kind: p for p in EmailPreference.objects.select_for_update().filter(user_id=user.pk)}
            create, change = [], []
            for kind in Kind.values:
                enabled = kind in kinds_on
                row = existing.get(kind)
                if row is None:
                    if not enabled:
                        create.append(EmailPreference(instance_id=user.instance_id, user_id=user.pk, kind=kind,
                                                      enabled=False))
                elif row.enabled != enabled:
                    row.enabled, row.updated_at = enabled, timezone.now()
                    change.append(row)
            EmailPreference.objects.bulk_create(create)
            if change:
                EmailPreference.objects.bulk_update(change, ["enabled", "updated_at"])
            record("notifications.preferences.update", None, actor=actor, instance_id=user.instance_id,
                   object_type="notifications.emailpreference", object_id=user.pk, object_label=str(user),
                   before={"email": before}, after={"email": after})
    return after


def _set_language(actor, user, language: str) -> None:
    before = language_chosen(user)
    if before == language:
        return
    if language:
        LanguagePreference.objects.update_or_create(user_id=user.pk, defaults={
            "instance_id": user.instance_id, "language": language})
    else:
        LanguagePreference.objects.filter(user_id=user.pk).delete()
    record("notifications.preferences.update", None, actor=actor, instance_id=user.instance_id,
           object_type="notifications.emailpreference", object_id=user.pk, object_label=str(user),
           before={"language": before}, after={"language": language})


# --- the scheduler (kinerja scheduler): the SCHEDULE jobs the apps declare, each due run enqueued once ----------

KEEP_RUNS = timedelta(days=14)


def last_due(job: ScheduledJob, now: datetime) -> datetime:
    """The latest due time of ``job`` at or before ``now`` (server time zone)."""
    local = timezone.localtime(now)
    midnight = timezone.make_aware(datetime.combine(local.date(), time()), local.tzinfo)
    if job.every_minutes is not None:
        minutes = int((local - midnight).total_seconds() // 60)
        return midnight + timedelta(minutes=minutes - minutes % job.every_minutes)
    due = timezone.make_aware(datetime.combine(local.date(), time(job.hour, job.minute)), local.tzinfo)
    return due if due <= local else due - timedelta(days=1)


def run_due_jobs(*, actor, now: datetime | None = None, jobs=None) -> list[ScheduledRun]:
    """Enqueue every scheduled job whose latest due time has no run yet; returns the runs made.

    The run row and the queued task are written in one transaction, and ``(name, due_at)`` is unique: a
    second scheduler, or a restarted one, finds the run made and skips it. A scheduler that was down
    catches up with the latest due time only (a daily job does not run three times after three days off)."""
    require_actor(actor)
    now = now or timezone.now()
    made = []
    for job in scheduled_jobs() if jobs is None else jobs:
        due = last_due(job, now)
        if ScheduledRun.objects.filter(name=job.name, due_at=due).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=job.name, due_at=due)
                result = import_string(job.task).enqueue()
                run.task_id = str(getattr(result, "id", "") or "")[:64]
                ScheduledRun.objects.filter(pk=run.pk).update(task_id=run.task_id)
        except IntegrityError:  # another scheduler made it in between
            continue
        made.append(run)
    ScheduledRun.objects.filter(due_at__lt=now - KEEP_RUNS).delete()
    return made
