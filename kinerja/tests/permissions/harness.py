"""The permission harness (NetBox-style): every URL and every API operation has its permission cases.

A case names a route by its URL name (``"people:profile"``) or an API operation by method and OpenAPI
path (``"GET /api/v1/employees/{employee_id}"``), builds the URL from the harness world
(kinerja/tests/permissions/world.py) and lists who gets what:

* ``allowed``: users with the role and the scope (200, 302, 204, …);
* ``no_role``: a user of the same instance without the role (403, or 404 where the app hides the object);
* ``other_unit``: a user with the role for another unit of the same instance (404 or 403) — or a reason
  why the route has no unit scope (an instance-wide page, one's own record);
* ``other_instance``: a user with the role in another instance (404, or 200 without the object).

``hidden`` (optional) names text of the in-scope object that must not appear in a 200 answer to an
out-of-scope user (a list). ``public`` declares a page open to anyone, with its reason. Each app keeps
its cases in ``kinerja/<app>/tests/permission_cases.py`` (a list ``CASES``); the harness collects them
from every installed app, so a new app adds one file and nothing else.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

W = SimpleNamespace
Check = tuple[str, int]  # (attribute of the world naming the user, expected status)


@dataclass(frozen=True)
class Case:
    key: str
    path: Callable[[W], str] | str
    method: str = "get"
    data: Callable[[W], dict] | dict | None = None
    allowed: tuple[Check, ...] = ()
    no_role: tuple[Check, ...] = ()
    other_unit: tuple[Check, ...] | str = ()
    other_instance: tuple[Check, ...] = ()
    hidden: Callable[[W], str] | None = None
    public: str = ""
    anonymous: int | None = None  # None: the default (302 to the log-in page; 401 under /api/)
    multipart: bool = False  # API uploads: a multipart body instead of JSON
    settings: Callable | None = None  # settings -> {name: value} overridden while the case runs
    state: Callable[[], object] | None = None  # what a refused write must leave unchanged (default: audit log)
    refused: tuple[int, ...] = (401, 403, 404)  # statuses of a refusal (some pages redirect with a message)
    note: str = ""

    @property
    def is_api(self) -> bool:
        return self.key.split(" ", 1)[-1].startswith("/api/")

    def url(self, w: W) -> str:
        return self.path(w) if callable(self.path) else self.path

    def body(self, w: W):
        return self.data(w) if callable(self.data) else self.data

    def checks(self) -> list[tuple[str, str, int]]:
        """(kind, user attribute, status) for each user of the case."""
        rows = []
        for kind in ("allowed", "no_role", "other_unit", "other_instance"):
            value = getattr(self, kind)
            if isinstance(value, str):
                continue
            rows += [(kind, user, status) for user, status in value]
        return rows


def public(key: str, path, reason: str, *, method: str = "get", status: int = 200, **kwargs) -> Case:
    return Case(key, path, method=method, public=reason, allowed=(("anonymous", status),), **kwargs)


def api(method: str, path: str) -> str:
    return f"{method.upper()} /api/v1{path}"


# Packages with routes that are not installed apps (the API framework mounts its own docs pages).
EXTRA_PACKAGES = ("kinerja.api",)


def collect_cases() -> dict[str, list[Case]]:
    """Every installed app's ``tests/permission_cases.py`` CASES, by key (a route may have several cases)."""
    cases: dict[str, list[Case]] = {}
    names = dict.fromkeys([config.name for config in apps.get_app_configs()] + list(EXTRA_PACKAGES))
    for name in names:
        try:
            module = importlib.import_module(f"{name}.tests.permission_cases")
        except ModuleNotFoundError as exc:
            if exc.name not in (name, f"{name}.tests", f"{name}.tests.permission_cases"):
                raise
            continue
        for case in module.CASES:
            cases.setdefault(case.key, []).append(case)
    return cases


# --- what must be covered ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route itself when the pattern has no name
    route: str
    view: str = field(compare=False)


def _walk(resolver, prefix="", namespace=None):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            route = prefix + str(p.pattern)
            yield Route(name or route, route, p.lookup_str)


def routes() -> list[Route]:
    """Every URL pattern of the root URLconf (admin included)."""
    return list(dict.fromkeys(_walk(get_resolver())))


def operations() -> list[str]:
    """Every OpenAPI operation as ``"METHOD /api/v1/path"``."""
    from kinerja.api.api import api as ninja_api

    schema = ninja_api.get_openapi_schema()
    return [f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item]


def openapi_path(route: str) -> str:
    """``api/v1/units/<int:unit_id>`` → ``/api/v1/units/{unit_id}``."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


# Routes covered by a declared generic rule instead of a case each (tested on a sample in
# test_permissions.py): the Django admin (staff only, an instance's staff see only their instance).
def is_admin(route: Route) -> bool:
    return route.key.startswith("admin:") or route.route.startswith("admin/")


def _checks(value) -> tuple[Check, ...] | str:
    if isinstance(value, str) or value is None:
        return value or ()
    if value and isinstance(value[0], str):
        return (tuple(value),)
    return tuple(tuple(v) for v in value)


def case(key: str, path, method: str = "get", data=None, *, ok, no_role, unit, other, **kwargs) -> Case:
    """A case with its users: each of ``ok``, ``no_role``, ``unit`` (another unit, or the reason it does not
    apply) and ``other`` (another instance) is ``(user, status)`` or a tuple of them."""
    return Case(key, path, method=method, data=data, allowed=_checks(ok), no_role=_checks(no_role),
                other_unit=_checks(unit), other_instance=_checks(other), **kwargs)
