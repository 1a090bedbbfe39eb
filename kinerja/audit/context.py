"""Where the current write comes from (web, api, cli…), set once per request or command."""

from __future__ import annotations

import contextlib
import uuid
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    source: str = "system"
    ip_address: str | None = None
    request_id: str = ""


_current: ContextVar[AuditContext] = ContextVar("kinerja_audit_context", default=AuditContext())  # noqa: B039 (frozen)


def current() -> AuditContext:
    return _current.get()


@contextlib.contextmanager
def audit_context(source: str, ip_address: str | None = None, request_id: str | None = None):
    token = _current.set(AuditContext(source, ip_address, request_id or uuid.uuid4().hex[:16]))
    try:
        yield
    finally:
        _current.reset(token)
