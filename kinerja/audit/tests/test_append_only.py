"""The audit log is append-only in the database itself, on SQLite (triggers) and PostgreSQL (a trigger,
and an application role that owns nothing and may only SELECT and INSERT on the log)."""

from __future__ import annotations

import secrets

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from kinerja.audit.models import AppendOnlyError, AuditEvent
from kinerja.audit.services import record
from kinerja.core.testing import SYSTEM

TABLE = "audit_auditevent"
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles")


def raw(sql: str, params=()) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@pytest.fixture
def event(db):
    return record("test.audit.append_only", actor=SYSTEM, after={"n": 1})


@pytest.mark.parametrize("sql", [
    f"UPDATE {TABLE} SET action = 'forged' WHERE id = %s",
    f"UPDATE {TABLE} SET after = NULL WHERE id = %s",
    f"DELETE FROM {TABLE} WHERE id = %s",
], ids=["update-action", "update-after", "delete"])
def test_raw_sql_cannot_change_or_delete_an_event(event, sql):
    with pytest.raises(DatabaseError, match="append-only"):
        raw(sql, [event.pk])
    event.refresh_from_db()
    assert event.action == "test.audit.append_only" and event.after == {"n": 1}


def test_a_whole_table_delete_is_refused_too(event):
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f"DELETE FROM {TABLE}")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_inserting_still_works(db):
    raw(f"INSERT INTO {TABLE} (at, actor_label, action, object_type, object_id, object_label, source, "
        "request_id) VALUES (CURRENT_TIMESTAMP, 'sql', 'test.audit.insert', '', '', '', 'cli', '')")
    assert AuditEvent.objects.filter(action="test.audit.insert").exists()


def test_the_orm_refuses_before_the_database_does(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite triggers")
@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_puts_the_sqlite_triggers_back():
    record("test.audit.flush", actor=SYSTEM)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s ORDER BY name",
                       [TABLE])
        assert [row[0] for row in cursor.fetchall()] == ["audit_auditevent_no_delete", "audit_auditevent_no_update"]
    record("test.audit.after_flush", actor=SYSTEM)
    with pytest.raises(DatabaseError, match="append-only"):
        raw(f"DELETE FROM {TABLE}")


def test_grant_app_role_is_for_postgresql_only(db):
    if connection.vendor == "postgresql":
        with pytest.raises(CommandError, match="No PostgreSQL role"):
            call_command("grant_app_role", f"kinerja_missing_{secrets.token_hex(4)}")
    else:
        with pytest.raises(CommandError, match="for PostgreSQL"):
            call_command("grant_app_role", "kinerja_app")


# --- PostgreSQL: the application connects as a role that owns nothing --------------------------------

@pytest.fixture
def app_role(transactional_db):
    """A login role created for the test, granted by ``grant_app_role``; dropped afterwards."""
    name = f"kinerja_app_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" LOGIN PASSWORD %s', [password])
    try:
        call_command("grant_app_role", name, stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield name, password
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{name}"')
            cursor.execute(f'DROP ROLE "{name}"')


def connect_as(role: str, password: str):
    import psycopg

    params = connection.get_connection_params()
    params.update(user=role, password=password)
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(autocommit=True, **params)


@postgres_only
def test_the_app_role_cannot_change_history_nor_lift_the_trigger(app_role):
    import psycopg

    event = record("test.audit.pg_role", actor=SYSTEM, after={"n": 1})
    with connect_as(*app_role) as app:
        refused = {
            "update": f"UPDATE {TABLE} SET action = 'forged' WHERE id = {event.pk}",
            "delete": f"DELETE FROM {TABLE} WHERE id = {event.pk}",
            "truncate": f"TRUNCATE {TABLE}",
            "disable trigger": f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_auditevent_append_only",
            "disable all triggers": f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL",
            "drop trigger": f"DROP TRIGGER audit_auditevent_append_only ON {TABLE}",
            "replication role": "SET session_replication_role = replica",
        }
        for what, sql in refused.items():
            try:
                app.execute(sql)
            except psycopg.errors.InsufficientPrivilege:
                continue
            pytest.fail(f"the app role could {what}")
        # reading and appending work
        assert app.execute(f"SELECT action FROM {TABLE} WHERE id = %s", [event.pk]).fetchone() == (
            "test.audit.pg_role",)
        app.execute(f"INSERT INTO {TABLE} (at, actor_label, action, object_type, object_id, object_label, source, "
                    "request_id) VALUES (now(), 'app', 'test.audit.app_insert', '', '', '', 'cli', '')")
    event.refresh_from_db()
    assert event.action == "test.audit.pg_role"
    assert AuditEvent.objects.filter(action="test.audit.app_insert").exists()


@postgres_only
def test_the_app_runs_its_services_as_the_app_role(app_role):
    """Normal writes (insert with sequences, update, delete, audit events) work through the ORM as the role."""
    from django.db import connections
    from django.db.backends.postgresql.base import DatabaseWrapper

    from kinerja.core.testing import build_world
    from kinerja.organization import services as org_services
    from kinerja.socialisation import services as socialisation_services

    owner = connections["default"]
    role, password = app_role
    app = DatabaseWrapper({**owner.settings_dict, "USER": role, "PASSWORD": password}, "default")
    connections["default"] = app
    try:
        with app.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone() == (role,)
        world = build_world()  # instances, units, positions, employees, logins, roles: every write audited
        org_services.update_unit(actor=world.u_admin_bkpsdm, unit=world.surv, name="Seksi Surveilans Epidemiologi")
        item = socialisation_services.create_item(actor=world.u_admin_bkpsdm, instance=world.a, title="Panduan",
                                                  whole_instance=True, body="Isi")
        socialisation_services.publish_item(actor=world.u_admin_bkpsdm, item=item)
        socialisation_services.acknowledge(actor=world.u_staff1, item=item)
        from kinerja.accounts.models import RoleGrant
        from kinerja.accounts.services import revoke_role

        revoke_role(actor=world.u_admin_bkpsdm, grant=RoleGrant.objects.get(user=world.u_auditor))  # a DELETE
        assert AuditEvent.objects.filter(action="organization.unit.update").count() == 1
        with pytest.raises(DatabaseError), transaction.atomic(), app.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
    finally:
        app.close()
        connections["default"] = owner


def test_grant_statements_never_give_the_app_role_history_rights():
    from kinerja.audit.management.commands.grant_app_role import grant_statements

    quote = lambda name: f'"{name}"'  # noqa: E731
    for version in (150000, 170000):
        statements = grant_statements("app", "public", "kinerja", quote, version)
        assert 'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "public"."audit_auditevent" FROM "app"' \
            in statements
        assert not any("OWNER" in s or "SUPERUSER" in s or "ALL PRIVILEGES" in s for s in statements)
        assert any("MAINTAIN" in s for s in statements) == (version >= 170000)
        # the revoke comes after the table-wide grant
        grant = next(i for i, s in enumerate(statements) if s.startswith("GRANT SELECT, INSERT, UPDATE, DELETE"))
        revoke = next(i for i, s in enumerate(statements) if s.startswith("REVOKE"))
        assert grant < revoke
