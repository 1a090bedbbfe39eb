"""``kinerja manage grant_app_role ROLE``: give the PostgreSQL role the web server, worker and CLI
connect as what the application needs, and no more.

Run it as the owner of the tables (the role that runs ``kinerja manage migrate``), after each migrate
(it is idempotent). The app role reads and writes every table and uses their sequences, but owns
nothing: on the audit log it may only SELECT and INSERT, and since only an owner may
``ALTER TABLE … DISABLE TRIGGER`` or drop the append-only trigger, the application cannot change
history even through raw SQL. Default privileges extend the grants to tables later migrations create.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

AUDIT_TABLE = "audit_auditevent"


def grant_statements(role: str, schema: str, database: str, quote, server_version: int = 0) -> list[str]:
    r, s, d, audit = quote(role), quote(schema), quote(database), f"{quote(schema)}.{quote(AUDIT_TABLE)}"
    # PostgreSQL 17+: MAINTAIN lets the app ANALYZE after a bulk load (kinerja/core/bulk.py); it changes
    # no row and no trigger. Before 17 only the owner may ANALYZE (the app's attempt is a warning).
    maintain = [f"GRANT MAINTAIN ON ALL TABLES IN SCHEMA {s} TO {r}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT MAINTAIN ON TABLES TO {r}"
                ] if server_version >= 170000 else []
    return [*maintain,
        f"GRANT CONNECT ON DATABASE {d} TO {r}",
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        # history: read and append only
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
    ]


class Command(BaseCommand):
    help = ("PostgreSQL: grant ROLE (the application's login, which must not own the tables) SELECT, INSERT, "
            "UPDATE, DELETE on every table and USAGE on the sequences, but only SELECT and INSERT on the audit "
            "log. Run as the tables' owner after each migrate.")

    def add_arguments(self, parser):
        parser.add_argument("role", help="the PostgreSQL role the application connects as")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role: str, database: str, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("grant_app_role is for PostgreSQL; SQLite has no roles (its triggers keep the "
                               "audit log append-only).")
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            row = cursor.fetchone()
            if row is None:
                raise CommandError(f"No PostgreSQL role {role!r}; create it first, e.g. "
                                   f"CREATE ROLE {role} LOGIN PASSWORD '…';")
            if row[0]:
                raise CommandError(f"{role!r} is a superuser: the application must connect as an ordinary role.")
            cursor.execute("SELECT current_schema(), current_database(), tableowner FROM pg_tables "
                           "WHERE schemaname = current_schema() AND tablename = %s", [AUDIT_TABLE])
            found = cursor.fetchone()
            if found is None:
                raise CommandError("The database is not migrated yet: run `kinerja manage migrate` first.")
            schema, name, owner = found
            if owner == role:
                raise CommandError(f"{role!r} owns the tables; the application must connect as another role.")
            with transaction.atomic(using=database):
                for sql in grant_statements(role, schema, name, connection.ops.quote_name,
                                            connection.pg_version):
                    cursor.execute(sql)
        self.stdout.write(f"Granted {role} the application's rights on {name} (owner: {owner}); "
                          f"on {AUDIT_TABLE} only SELECT and INSERT.")
