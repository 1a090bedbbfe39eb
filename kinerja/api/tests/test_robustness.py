"""Hostile input at the API boundary: control characters, NUL bytes, over-long text, huge ids,
bodies that are not objects, oversized bodies, unknown paths — each a 4xx in the JSON error shape."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kinerja.api.testing import errors_of
from kinerja.organization.models import Unit
from kinerja.skp import services as skp_services
from kinerja.skp.models import Period

pytestmark = pytest.mark.django_db

@pytest.fixture
def period(world):
    return Period.objects.create(instance=world.a, name="2026", year=2026, start_date=date(2026, 1, 1),
                                 end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))


@pytest.fixture
def skp(world, period):
    return skp_services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)


def raw(client, method: str, path: str, body: str):
    return getattr(client.client, method)(f"/api/v1{path}", body, content_type="application/json")


# --- bodies that are not objects (item 22) ------------------------------------------------------


@pytest.mark.parametrize("body", ["[]", "[1]", '"x"', "5", "true", "null"])
def test_a_body_that_is_not_an_object_is_refused(world, api, period, body):
    client = api(world.u_admin_bkpsdm)
    response = raw(client, "post", f"/skp/periods/{period.pk}/close", body)
    assert response.status_code in (400, 422), response.content
    assert response.json()["detail"]
    assert not Period.objects.get(pk=period.pk).is_closed


def test_an_array_is_not_an_object_for_any_operation(world, api, skp):
    """Siblings: every body schema derives from InSchema (tested over the whole API in test_schemas)."""
    client = api(world.u_staff1)
    response = raw(client, "post", f"/skp/{skp.pk}/submit", "[]")
    assert response.status_code == 422
    assert raw(api(world.u_admin_bkpsdm), "post", "/units", "[]").status_code == 422


# --- control characters and NUL bytes (items 20, 21) --------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x1f", "\x7f", "\x85", "\ud800", "\uffff"])
def test_control_character_in_rhk_text_is_a_field_error(world, api, skp, char):
    response = api(world.u_staff1).post(f"/skp/{skp.pk}/rhk", {"lock_version": 0, "text": f"Laporan{char}x"})
    assert response.status_code == 422, response.content
    assert "text" in errors_of(response)
    assert not skp.rhks.exists()


def test_control_characters_everywhere_an_employee_writes(world, api, skp):
    client = api(world.u_staff1)
    response = client._call("put", f"/skp/{skp.pk}/appendix/dukungan_sumber_daya",
                            {"lock_version": 0, "lines": ["ok", "bad\x00line"]})
    assert response.status_code == 422 and "lines.1" in errors_of(response)
    response = client.post("/tokens", {"name": "laptop\x00"})
    assert response.status_code == 422 and "name" in errors_of(response)


def test_control_characters_in_admin_writes(world, api):
    client = api(world.u_admin_bkpsdm)
    response = client.patch(f"/units/{world.dinkes.pk}", {"short_name": "DK\x00"})
    assert response.status_code == 422 and "short_name" in errors_of(response)
    response = client.post("/socialisation/manage/items", {"title": "Kebijakan\x00", "body": "Isi\x1f"})
    assert response.status_code == 422
    assert set(errors_of(response)) == {"title", "body"}
    assert Unit.objects.get(pk=world.dinkes.pk).short_name == world.dinkes.short_name


def test_multiline_text_keeps_line_breaks_and_single_line_text_gets_spaces(world, api, skp):
    response = api(world.u_staff1).post(f"/skp/{skp.pk}/rhk",
                                        {"lock_version": 0, "text": "Baris satu\r\nBaris dua\x0bBaris tiga"})
    assert response.status_code == 201, response.content
    assert skp.rhks.get().text == "Baris satu\nBaris dua\nBaris tiga"
    response = api(world.u_admin_bkpsdm).patch(f"/units/{world.dinkes.pk}", {"name": "Dinas\tKesehatan\n Kota"})
    assert response.status_code == 200
    assert Unit.objects.get(pk=world.dinkes.pk).name == "Dinas Kesehatan Kota"


@pytest.mark.parametrize("char", ["\x00", "\x1f"])
def test_control_character_in_a_query_string_is_a_422_naming_it(world, api, char):
    response = api(world.u_admin_bkpsdm).get("/employees", {"q": f"andi{char}"})
    assert response.status_code == 422 and "q" in errors_of(response)


# --- lengths (item 21) --------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "field", "limit"), [
    ("/units/{dinkes}", "name", 200),
    ("/units/{dinkes}", "short_name", 60),
    ("/positions/{pos_data}", "name", 200),
    ("/employees/{staff1}", "phone", 30),
])
def test_over_long_text_is_a_422_naming_the_field(world, api, path, field, limit):
    url = path.format(dinkes=world.dinkes.pk, pos_data=world.pos_data.pk, staff1=world.staff1.pk)
    client = api(world.u_admin_bkpsdm)
    response = client.patch(url, {field: "x" * (limit + 1)})
    assert response.status_code == 422 and field in errors_of(response), response.content
    assert client.patch(url, {field: "x" * limit}).status_code == 200


def test_text_fields_have_a_bound(world, api, skp):
    response = api(world.u_staff1).post(f"/skp/{skp.pk}/rhk", {"lock_version": 0, "text": "x" * 100_001})
    assert response.status_code == 422 and "text" in errors_of(response)


# --- numbers (item 21) --------------------------------------------------------------------------


def test_a_huge_id_is_a_422_in_body_path_and_query(world, api, period):
    client = api(world.u_admin_bkpsdm)
    huge = 10**22
    response = client.post("/skp", {"employee": huge, "period": period.pk})
    assert response.status_code == 422 and "employee" in errors_of(response)
    assert client.get(f"/units/{huge}").status_code == 422
    response = client.get("/employees", {"unit": huge})
    assert response.status_code == 422 and "unit" in errors_of(response)
    response = client.post(f"/skp/periods/{huge}/close", {"closed": True})
    assert response.status_code == 422


@pytest.mark.parametrize(("path", "params", "field"), [
    ("/employees", {"limit": 0}, "limit"),
    ("/skp/overdue", {"period": 0}, "period"),
    ("/skp", {"period": -1}, "period"),
])
def test_schema_bounds_are_the_server_bounds(world, api, path, params, field):
    response = api(world.u_admin_bkpsdm).get(path, params)
    assert response.status_code == 422 and field in errors_of(response)


def test_the_openapi_schema_states_the_bounds(world, api):
    schema = api(world.u_staff1).get("/openapi.json").json()

    def param(path, method, name):
        found = next(p for p in schema["paths"][path][method]["parameters"] if p["name"] == name)
        return {"schema": found["schema"].get("anyOf", [found["schema"]])[0]}

    assert param("/api/v1/employees", "get", "limit")["schema"]["minimum"] == 1
    assert param("/api/v1/skp/overdue", "get", "period")["schema"]["minimum"] == 1
    assert param("/api/v1/units/{unit_id}", "get", "unit_id")["schema"]["maximum"] == 2**63 - 1
    unit_in = schema["components"]["schemas"]["UnitCreateIn"]["properties"]
    assert unit_in["name"]["maxLength"] == 200
    assert unit_in["short_name"]["maxLength"] == 60


def _request_schemas(schema: dict):
    """Every parameter schema and request-body schema of the OpenAPI document, with where it is."""
    components = schema["components"]["schemas"]

    def walk(node, where, seen):
        if isinstance(node, dict):
            if "$ref" in node:
                name = node["$ref"].rsplit("/", 1)[-1]
                if name not in seen:
                    yield from walk(components[name], f"{where}→{name}", seen | {name})
                return
            yield where, node
            for key, value in node.items():
                if key in ("properties",):
                    for prop, sub in value.items():
                        yield from walk(sub, f"{where}.{prop}", seen)
                elif key in ("items", "additionalProperties", "anyOf", "oneOf", "allOf", "propertyNames"):
                    yield from walk(value, where, seen)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item, where, seen)

    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            for p in op.get("parameters", []):
                yield from walk(p["schema"], f"{method} {path} {p['name']}", frozenset())
            for media in op.get("requestBody", {}).get("content", {}).values():
                yield from walk(media["schema"], f"{method} {path} body", frozenset())


def test_every_request_string_and_integer_is_bounded(world, api):
    """The schema states each bound the server enforces: no unbounded string or integer goes in."""
    schema = api(world.u_staff1).get("/openapi.json").json()
    unbounded = []
    for where, node in _request_schemas(schema):
        kind = node.get("type")
        if kind == "string" and "maxLength" not in node and "enum" not in node and "format" not in node:
            unbounded.append(where)
        if kind == "integer" and ("maximum" not in node or "minimum" not in node):
            unbounded.append(where)
    assert unbounded == []


# --- edges of the HTTP layer (item 22) ----------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post", "delete", "patch"])
@pytest.mark.parametrize("path", ["/nothing-here", "/units/abc", "/units/1/nothing", "/skp/periods/x/close"])
def test_unmatched_api_paths_answer_json(world, api, method, path):
    response = getattr(api(world.u_staff1), method)(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_an_oversized_body_answers_json(world, api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = api(world.u_admin_bkpsdm)
    response = raw(client, "post", "/units", json.dumps({"name": "x" * 2000}))
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize("method", ["post", "delete", "patch"])
def test_unmatched_api_paths_answer_json_with_a_session_and_no_csrf_token(world, api, method):
    client = api(world.u_admin_bkpsdm, enforce_csrf_checks=True)
    response = getattr(client, method)("/employees/-1/transfer")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_pdf_past_its_time_bound_is_a_503(world, api, skp, settings):
    settings.KINERJA = {**settings.KINERJA, "PDF_TIMEOUT": 0.001}
    response = api(world.u_staff1).get(f"/skp/{skp.pk}/pdf")
    assert response.status_code == 503
    assert response.json()["detail"]


def test_a_pdf_past_its_time_bound_on_the_web_says_so(world, skp, settings, client):
    settings.KINERJA = {**settings.KINERJA, "PDF_TIMEOUT": 0.001}
    client.force_login(world.u_staff1)
    response = client.get(f"/skp/documents/{skp.pk}/pdf/", follow=True)
    assert response.redirect_chain[-1][0] == f"/skp/{skp.pk}/"
    assert "too long" in response.content.decode()


def test_every_request_body_derives_from_in_schema():
    """So a new operation cannot take ``[]`` for an object (its body schema must be an InSchema)."""
    from ninja.params.models import BodyModel

    from kinerja.api.api import api
    from kinerja.api.types import InSchema

    wrong, checked = [], 0
    for _prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for model in operation.models:
                    if not issubclass(model, BodyModel):
                        continue
                    for name, field in model.model_fields.items():
                        checked += 1
                        kinds = [a for a in getattr(field.annotation, "__args__", (field.annotation,))
                                 if isinstance(a, type)]
                        if not any(issubclass(k, InSchema) for k in kinds if k is not type(None)):
                            wrong.append(f"{operation.methods} {path} {name}")
    assert checked > 50 and wrong == []


def test_a_cursor_after_the_longest_name_is_accepted(world, api):
    from kinerja.people.models import Employee

    Employee.objects.filter(pk=world.staff1.pk).update(name="ĕ" * 149 + "f")
    Employee.objects.filter(pk=world.staff2.pk).update(name="ĕ" * 149 + "g")
    client = api(world.u_admin_bkpsdm)
    first = client.get("/employees", {"limit": 1, "q": "ĕĕĕ"}).json()
    assert len(first["next_cursor"]) > 1000
    response = client.get("/employees", {"limit": 1, "q": "ĕĕĕ", "cursor": first["next_cursor"]})
    assert response.status_code == 200 and response.json()["items"][0]["name"].endswith("g")


def test_too_many_form_fields_answer_json(world, api, settings):
    client = api(world.u_admin_bkpsdm)
    item = client.post("/socialisation/manage/items",
                       {"title": "Kebijakan", "body": "Isi", "whole_instance": True}).json()
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    response = client.client.post(f"/api/v1/socialisation/manage/items/{item['id']}/attachments",
                                  {"a": "1", "b": "2", "c": "3"})
    assert response.status_code == 400
    assert response.json()["detail"]
