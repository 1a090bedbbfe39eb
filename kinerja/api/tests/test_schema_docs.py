"""The OpenAPI schema, the offline documentation pages and the error shape at the edges."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import IntegrityError
from django.urls import reverse

from kinerja.api.errors import _field_name
from kinerja.core.errors import ConflictError

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/instances/current", "/api/v1/units", "/api/v1/units/{unit_id}", "/api/v1/units/{unit_id}/children",
    "/api/v1/units/{unit_id}/move", "/api/v1/positions", "/api/v1/positions/{position_id}", "/api/v1/employees",
    "/api/v1/employees/{employee_id}", "/api/v1/employees/by-nip/{nip}", "/api/v1/employees/{employee_id}/transfer",
    "/api/v1/employees/{employee_id}/acting", "/api/v1/employees/{employee_id}/deactivate", "/api/v1/me",
    "/api/v1/tokens", "/api/v1/tokens/{token_id}",
]


def test_openapi_schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Kinerja API" and schema["info"]["version"] == "1"
    assert set(PATHS) <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/units/{unit_id}"]) == {"get", "patch"}
    assert set(schema["paths"]["/api/v1/tokens/{token_id}"]) == {"delete"}
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"http", "apiKey"}
    assert "ErrorOut" in schema["components"]["schemas"]
    assert "422" in schema["paths"]["/api/v1/employees"]["post"]["responses"]


def test_docs_url_name_resolves():
    assert reverse("api:docs") == "/api/v1/docs"


def test_docs_page_lists_the_api_without_cdn(world, client_for):
    response = client_for(world.u_staff1).get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["active_menu"] == "api"
    for path in ("/api/v1/employees/{employee_id}/transfer", "/api/v1/units", "/api/v1/tokens"):
        assert path in html
    assert "EmployeeCreateIn" in html and "Bearer" in html
    external = re.findall(r'(?:src|href)="(https?:)?//[^"]+"', html)
    assert external == []


def test_docs_page_needs_login(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_swagger_console_is_offline(world, client_for):
    response = client_for(world.u_staff1).get(reverse("api:openapi-view"))
    if not apps.is_installed("ninja"):
        # ninja's assets are not on the static path: never fall back to its CDN template
        assert response.status_code == 302 and response["Location"] == reverse("api:docs")
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn." not in html and "https://" not in html


def test_unknown_api_path_is_json_404(world, api):
    response = api(world.u_staff1).get("/no/such/thing")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_malformed_json_is_a_json_error(world, api):
    client = api(world.u_admin_bkpsdm)
    response = client.client.post("/api/v1/units", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


def test_wrong_type_in_path_is_404(world, api):
    assert api(world.u_staff1).get("/units/abc").status_code == 404


@pytest.mark.parametrize("loc, name", [
    (("body", "payload", "nip"), "nip"),
    (("body", "payload", "address", "street"), "address.street"),
    (("query", "limit"), "limit"),
    (("body", "payload"), "payload"),
    ((), "__all__"),
])
def test_schema_error_field_names(loc, name):
    assert _field_name(loc) == name


@pytest.mark.parametrize("exc", [ConflictError("Changed meanwhile."), IntegrityError("duplicate key value")])
def test_conflicts_are_409(world, api, monkeypatch, unchanged, exc):
    from kinerja.organization import services

    def refuse(**kwargs):
        raise exc

    monkeypatch.setattr(services, "update_unit", refuse)
    with unchanged():
        response = api(world.u_admin_opd).patch(f"/units/{world.p2p.pk}", {"name": "X"})
    assert response.status_code == 409
    assert set(response.json()) == {"detail"}
    assert "duplicate key" not in response.json()["detail"]  # no database internals in the answer


def test_api_root_leads_to_the_docs(client):
    response = client.get("/api/v1/")
    assert response.status_code == 302 and response["Location"] == reverse("api:docs")
