"""Who does background work: an explicit system actor instead of ``actor=None``.

Every service takes the ``actor`` doing the write: a user for a request, a :class:`SystemActor` for
work nobody requested by hand (the CLI, the demo loader, a task). ``actor=None`` is an error
(:func:`require_actor`), never "allowed": permission functions check :func:`is_system` explicitly,
and a system actor is no user (no pk, not authenticated, not a superuser), so a check that forgets it
refuses rather than allows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    """Background work named by what runs it: ``"cli"``, ``"demo"``, ``"task:socialisation.reminders"``."""

    name: str
    pk = None
    id = None
    employee_id = None
    employee = None
    instance_id = None
    is_superuser = False
    is_staff = False
    is_active = True
    is_authenticated = False
    is_anonymous = False

    def get_username(self) -> str:
        return f"system:{self.name}"

    def __str__(self) -> str:
        return self.get_username()


def system_actor(name: str) -> SystemActor:
    """The actor of background work called ``name`` (what the audit log records as ``system:<name>``)."""
    if not name:
        raise ValueError("a system actor needs a name")
    return SystemActor(name)


def is_system(actor) -> bool:
    return isinstance(actor, SystemActor)


def require_actor(actor) -> None:
    """Refuse a service call without an actor: background work passes ``system_actor(...)``."""
    if actor is None:
        raise TypeError("actor is required: pass a user, or system_actor(...) for background work")
