"""The REST API at ``/api/v1/``: one NinjaAPI, the routers of the installed apps, one error shape.

Each app names its routers in its ``AppConfig`` (``api_routers``: dotted paths, mounted in
``INSTALLED_APPS`` order) and, if it answers an exception of its own, a hook that installs the handler
(``api_install``: the dotted path of a function taking the ``NinjaAPI``). This package imports no app.
"""

from __future__ import annotations

import sys

from django.apps import apps
from django.utils.module_loading import import_string
from ninja import NinjaAPI

from . import errors
from .auth import installed_auth
from .docs import OfflineSwagger

DESCRIPTION = """\
Read and change the organisation, positions and employees of your instance.

**Authentication**: a logged-in browser session (send the `X-CSRFToken` header on writes), or a
personal token: `Authorization: Bearer knj_…` (create one with `POST /api/v1/tokens`).

**Scope**: you see what your roles allow; anything else answers 404. Writes need an administrator role.

**Errors** are JSON: `{"detail": "…", "errors": {"field": ["message"]}}`; invalid input is 422.

**Lists** are keyset-paginated: pass `next_cursor` back as `cursor`; `limit` sets the page size.
"""


class KinerjaAPI(NinjaAPI):
    """NinjaAPI that builds its OpenAPI schema once per process (it is static, and slow to build)."""

    def get_openapi_operation_id(self, operation) -> str:
        """``<module>_<function>``, unless the operation's module declares ``OPERATION_ID_PREFIX``: a router
        that moved keeps the operation ids it was published with."""
        prefix = getattr(sys.modules.get(operation.view_func.__module__), "OPERATION_ID_PREFIX", None)
        if prefix is None:
            return super().get_openapi_operation_id(operation)
        return prefix + operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        cache = self.__dict__.setdefault("_schema_cache", {})
        if path_prefix not in cache:
            cache[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return cache[path_prefix]


api = KinerjaAPI(
    title="Kinerja API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=installed_auth(),
    docs=OfflineSwagger(),
    docs_url="/docs/swagger",
)
errors.install(api)
for app_config in apps.get_app_configs():
    for router in getattr(app_config, "api_routers", ()):
        api.add_router("", router)  # a dotted path
    if getattr(app_config, "api_install", None):
        import_string(app_config.api_install)(api)
