"""Error answers at the edges of the API: 405 as JSON, schema messages in the request language."""

from __future__ import annotations

import pytest

from kinerja.api.errors import SCHEMA_MESSAGES, schema_message
from kinerja.api.testing import errors_of

ID = {"Accept-Language": "id"}
EN = {"Accept-Language": "en"}


# --- 405 ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("delete", "/employees", {"GET", "POST"}),
    ("post", "/me", {"GET"}),
])
def test_a_method_the_path_does_not_take_is_a_json_405(world, api, method, path, allowed):
    response = getattr(api(world.u_admin_bkpsdm), method)(path, headers=EN)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert {m.strip() for m in response["Allow"].split(",")} == allowed
    data = response.json()
    assert set(data) == {"detail"}
    assert data["detail"].startswith(f"The method {method.upper()} is not allowed here; allowed: ")


def test_the_405_message_follows_the_request_language(world, api):
    response = api(world.u_admin_bkpsdm).delete("/employees", headers=ID)
    assert response.status_code == 405
    assert response.json()["detail"].startswith("Metode DELETE tidak diizinkan di sini")


def test_a_405_does_not_hide_a_path_that_answers(world, api):
    assert api(world.u_admin_bkpsdm).get("/employees").status_code == 200


# --- schema validation messages ---------------------------------------------------------------

def _create(api, world, headers, **payload):
    return api(world.u_admin_bkpsdm).post("/employees", payload, headers=headers)


def test_missing_field_and_wrong_types_in_indonesian(world, api, unchanged):
    with unchanged():
        response = _create(api, world, ID, nip="199204172018032001", birth_date="17-04-1992", position="satu")
    assert response.status_code == 422
    errors = errors_of(response)
    assert errors["name"] == ["Isian ini wajib diisi."]
    assert errors["birth_date"] == ["Masukkan tanggal yang valid (TTTT-BB-HH)."]
    assert errors["position"] == ["Masukkan bilangan bulat."]
    assert response.json()["detail"] == "Validasi gagal"


def test_the_same_errors_in_english(world, api):
    response = _create(api, world, EN, nip="199204172018032001", birth_date="17-04-1992", position="satu")
    errors = errors_of(response)
    assert errors["name"] == ["This field is required."]
    assert errors["birth_date"] == ["Enter a valid date (YYYY-MM-DD)."]
    assert errors["position"] == ["Enter a whole number."]


def test_query_parameter_of_the_wrong_type_in_indonesian(world, api):
    response = api(world.u_admin_bkpsdm).get("/employees", {"limit": "banyak"}, headers=ID)
    assert response.status_code == 422 and errors_of(response) == {"limit": ["Masukkan bilangan bulat."]}


def test_choice_outside_the_literal_names_the_choices_in_the_language(world, api):
    client = api(world.u_admin_bkpsdm)
    body = {"position": world.pos_data.pk, "kind": "boss", "start_date": "2024-01-02"}
    response = client.post(f"/employees/{world.staff1.pk}/acting", body, headers=ID)
    assert response.status_code == 422
    assert errors_of(response)["kind"] == ["Harus salah satu dari: 'plt' atau 'plh'."]
    response = client.post(f"/employees/{world.staff1.pk}/acting", body, headers=EN)
    assert errors_of(response)["kind"] == ["Must be one of: 'plt' or 'plh'."]


def test_our_own_validator_message_comes_without_pydantics_prefix(world, api):
    response = api(world.u_staff1).post("/tokens", {"name": "old", "expires_at": "2020-01-01T00:00:00"}, headers=EN)
    assert errors_of(response) == {"expires_at": ["The expiry must be in the future."]}


def test_message_with_a_limit_from_the_context():
    assert schema_message({"type": "string_too_long", "ctx": {"max_length": 100}, "msg": "x"}) \
        == "Enter at most 100 characters."


def test_unknown_types_and_incomplete_contexts_keep_pydantics_message():
    assert schema_message({"type": "uuid_parsing", "msg": "Input should be a valid UUID"}) \
        == "Input should be a valid UUID"
    assert schema_message({"type": "string_too_long", "ctx": {}, "msg": "String too long"}) == "String too long"


def test_every_message_formats_with_the_context_pydantic_gives():
    ctx = {"min_length": 1, "max_length": 2, "ge": 1, "le": 2, "gt": 1, "lt": 2, "expected": "'a' or 'b'"}
    for kind in SCHEMA_MESSAGES:
        assert schema_message({"type": kind, "ctx": ctx, "msg": "pydantic"}) != "pydantic", kind
