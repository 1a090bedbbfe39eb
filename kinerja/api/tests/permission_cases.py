"""Permission cases of the API's own pages: the index, the reference, the schema, Swagger UI, the JSON 404.

The operations themselves have their cases in the app that owns them (kinerja/<app>/tests/permission_cases.py).
"""

from kinerja.tests.permissions.harness import case, public

OWN = "the API reference is the same for every user; no object, no unit scope"

CASES = [
    public("api:index", "/api/v1/", "a redirect to the reference (which asks for a log-in)", status=302),
    public("api:api-root", "/api/v1/", "ninja's own root, shadowed by api:index on the same path (the redirect)",
           status=302),
    case("api:docs", "/api/v1/docs", ok=("u_staff1", 200), no_role=("u_nobody", 200), unit=OWN,
         other=("u_staff_b", 200)),
    public("api:openapi-json", "/api/v1/openapi.json", "the machine-readable schema the reference is built from"),
    public("api:openapi-view", "/api/v1/docs/swagger", "Swagger UI over the public schema"),
    public("api:not-found", "/api/v1/no-such-thing", "an unknown API path is the JSON 404 for anyone", status=404),
]
