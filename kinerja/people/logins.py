"""Logins at scale (services): create logins for every employee of a unit's subtree or a whole instance
who has none, with one-time initial passwords; deactivate the logins of employees who left.

Both write in chunks (one read, one bulk insert/update and one audit insert per chunk: the number of
queries does not grow with the number of employees) inside one transaction, so a failure leaves
nothing half-written.

The initial passwords exist in clear only in the :class:`LoginBatch` returned to the caller, which
prints them in the same request or command (card sheet, CSV, PDF): they are never stored, logged or
audited in clear; the database keeps their hash (``passwords.hash_one_time``) and the flag that forces
the change at the first log-in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts import scope
from kinerja.accounts.models import User
from kinerja.accounts.passwords import generate_password, hash_one_time
from kinerja.audit.services import build, record_many
from kinerja.core import bulk
from kinerja.core.actors import require_actor
from kinerja.core.errors import PermissionDenied, field_error
from kinerja.people.models import Employee
from kinerja.rules import nip as nip_rules

Progress = Callable[[int], None]


@dataclass(frozen=True)
class NewLogin:
    """One card of the sheet: who, where, how to log in. ``password`` is the only clear copy."""

    employee_id: int
    user_id: int
    name: str
    nip: str
    unit: str
    position: str
    username: str
    password: str


@dataclass
class LoginBatch:
    created: list[NewLogin] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (NIP, reason)


def _chunk_size() -> int:
    return max(1, int(settings.KINERJA.get("IMPORT_CHUNK", 2000)))


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _check(actor, instance, unit) -> None:
    if not scope.can_manage_instance(actor, instance.pk):
        raise PermissionDenied(_("Only BKPSDM administrators create and deactivate logins."))
    if unit is not None and unit.instance_id != instance.pk:
        raise field_error("unit", _("The unit belongs to another instance."), "other_instance")


def employees_without_login(instance, unit=None):
    """Active employees of the instance (of the unit's subtree) who have no login yet."""
    qs = Employee.objects.filter(instance=instance, is_active=True, user__isnull=True)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


def leaver_logins(instance):
    """Active logins whose employee is no longer active (retired, moved out)."""
    return User.objects.filter(instance=instance, is_active=True, employee__is_active=False)


def _full_name(row: dict) -> str:
    name = f"{row['front_title']} {row['name']}".strip() if row["front_title"] else row["name"]
    return f"{name}, {row['back_title']}" if row["back_title"] else name


def _nip_display(nip: str, kind: str) -> str:
    try:
        return nip_rules.parse(nip, kind).formatted()
    except nip_rules.NipError:
        return nip


def create_logins(*, actor, instance, unit=None, progress: Progress | None = None) -> LoginBatch:
    """A login (user name = NIP, one-time password to change at the first log-in) for every active
    employee of ``instance`` (of ``unit``'s subtree) without one. A NIP already used as the user name
    of another login is skipped and reported."""
    require_actor(actor)
    _check(actor, instance, unit)
    rows = list(employees_without_login(instance, unit).order_by("unit__path", "name", "id").values(
        "id", "nip", "kind", "name", "front_title", "back_title", "unit__name", "position__name"))
    batch = LoginBatch()
    now = timezone.now()
    with transaction.atomic():
        for chunk in _chunks(rows, _chunk_size()):
            taken = set(User.objects.filter(username__in=[r["nip"] for r in chunk])
                        .values_list("username", flat=True))
            users, cards = [], []
            for row in chunk:
                if row["nip"] in taken:
                    batch.skipped.append((row["nip"], _("the NIP is already the user name of another login")))
                    continue
                taken.add(row["nip"])
                raw = generate_password()
                users.append(User(username=row["nip"], instance_id=instance.pk, employee_id=row["id"],
                                  password=hash_one_time(raw), must_change_password=True, is_active=True,
                                  date_joined=now))
                cards.append((row, raw))
            bulk.create_objects(User, users, now)
            events = []
            for user, (row, raw) in zip(users, cards, strict=True):
                name = _full_name(row)
                events.append(build("accounts.user.create", user, actor=actor, object_label=name,
                                    instance_id=instance.pk, after={
                                        "username": user.username, "instance_id": instance.pk,
                                        "employee_id": row["id"], "is_active": True,
                                        "must_change_password": True, "bulk": True}))
                batch.created.append(NewLogin(
                    employee_id=row["id"], user_id=user.pk, name=name, nip=_nip_display(row["nip"], row["kind"]),
                    unit=row["unit__name"] or "", position=row["position__name"] or "", username=user.username,
                    password=raw))
            record_many(events)
            if progress:
                progress(len(chunk))
    return batch


def deactivate_leavers(*, actor, instance, progress: Progress | None = None) -> int:
    """Deactivate the logins of the instance's inactive employees; returns how many."""
    require_actor(actor)
    _check(actor, instance, None)
    rows = list(leaver_logins(instance).order_by("pk").values_list("pk", "username", "employee__name"))
    with transaction.atomic():
        for chunk in _chunks(rows, _chunk_size()):
            User.objects.filter(pk__in=[pk for pk, _u, _n in chunk], is_active=True).update(is_active=False)
            record_many([
                build("accounts.user.deactivate", actor=actor, instance_id=instance.pk, object_type="accounts.user",
                      object_id=pk, object_label=name or username, before={"is_active": True},
                      after={"is_active": False, "reason": "employee inactive"})
                for pk, username, name in chunk
            ])
            if progress:
                progress(len(chunk))
    return len(rows)
