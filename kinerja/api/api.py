"""The REST API at ``/api/v1/``: one NinjaAPI, a router per domain, one error shape."""

from __future__ import annotations

from ninja import NinjaAPI

from kinerja.accounts import api as accounts
from kinerja.alignment import api as alignment
from kinerja.organization.api import positions
from kinerja.organization.api import units as organization
from kinerja.people import api as people
from kinerja.planning import api as planning
from kinerja.skp import api as skp
from kinerja.skp.documents import api as documents
from kinerja.socialisation import api as socialisation

from . import errors
from .auth import AUTH
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
    auth=AUTH,
    docs=OfflineSwagger(),
    docs_url="/docs/swagger",
)
errors.install(api)
api.add_router("", organization.router)
api.add_router("", positions.router)
api.add_router("", people.router)
api.add_router("", accounts.router)
api.add_router("", socialisation.router)
api.add_router("", planning.router)
api.add_router("", skp.router)
api.add_router("", alignment.router)
api.add_router("", documents.router)
skp.install(api)  # a stale SKP lock_version: 409 with the field error
