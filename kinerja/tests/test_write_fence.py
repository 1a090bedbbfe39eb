"""The write fence: no ORM write outside services, tasks, importers and a short list of reasons.

The scanner and its heuristic are described in kinerja/tests/write_fence.py; the snippets below prove
it finds what it must and leaves dict/set/hash updates and file saves alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kinerja.tests.write_fence import scan_source, scan_tree

KINERJA = Path(__file__).resolve().parents[1]

# Modules that write by design: the write path itself.
WRITER_FILES = {"services.py", "tasks.py", "importer.py", "siasn.py"}

# Every other module that may write, with its reason. Keep it short: a new entry needs a reason that
# really holds; the usual fix is to move the write into the app's services with its audit event.
ALLOWLIST = {
    "kinerja/core/bulk.py": "the COPY/executemany bulk writer the importers and the seed go through",
    "kinerja/people/logins.py": "logins in bulk: a service module (permission check, transaction, one "
                                "audit event per login through record_many) named after its job",
    "kinerja/accounts/lockout.py": "django-axes' own failure counters (AccessAttempt): log-in bookkeeping, "
                                   "like Django's last_login, not a business write",
    "kinerja/accounts/api_auth.py": "a token's last_used_at, bookkeeping at most once per minute (no audit "
                                    "event, like Django's last_login)",
    "kinerja/demo/": "the demo and the synthetic seed write a fresh database from the command line "
                     "(`kinerja demo`, `kinerja seed`), never from a request",
    "kinerja/bench/": "the benchmark builds its own throw-away database (`kinerja bench`)",
    "kinerja/alignment/bench.py": "the benchmark step logs an admin into its own throw-away database "
                                  "(`kinerja bench --only skp`)",
    "kinerja/progress/bench.py": "the rush benchmark approves the SKPs and makes logins and API tokens in bulk in "
                                 "its own throw-away database (`kinerja bench --only rush`)",
    "kinerja/progress/achievement/sql.py": "the set-based full roll-up (DELETE and INSERT … SELECT inside "
                                           "PostgreSQL), called only by achievement/services.rebuild, in its "
                                           "transaction: derived rows, like that module's COPY",
    "kinerja/evaluation/bench.py": "the evaluation benchmark writes each SKP's achievement, the organisation predikat "
                                   "and the evaluators' ratings into its own throw-away database "
                                   "(`kinerja bench --only evaluate`)",
    "kinerja/dashboard/bench.py": "the roll-up benchmark changes one report of its own throw-away database before "
                                  "each timed incremental update (`kinerja bench --only rollup`)",
}


def allowed(rel: str) -> bool:
    parts = rel.split("/")
    if "tests" in parts or "migrations" in parts or parts[-1] in ("conftest.py", "testing.py"):
        return True  # tests, migrations and the test worlds (core/testing.py, planning/testing.py)
    if parts[-1] in WRITER_FILES or "services" in parts[:-1]:
        return True
    return any(rel == entry or (entry.endswith("/") and rel.startswith(entry)) for entry in ALLOWLIST)


def test_no_orm_write_outside_services_tasks_and_importers():
    found = scan_tree(KINERJA, allowed)
    assert not found, "ORM writes outside services (move them into the app's services):\n" + "\n".join(
        map(str, found))


def test_every_allowlist_entry_exists_and_still_writes():
    """An entry whose module is gone or no longer writes is removed, so the list only shrinks."""
    root = KINERJA.parent
    for entry in ALLOWLIST:
        path = root / entry
        assert path.exists(), entry
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        writes = [w for f in files for w in scan_source(f.read_text(encoding="utf-8"), str(f))]
        assert writes, f"{entry} no longer writes: remove it from the allowlist"


FOUND = [
    ("obj.save()", "obj.save"),
    ("form.save(commit=True)", "form.save"),
    ("employee.delete()", "employee.delete"),
    ("Unit.objects.filter(pk=1).delete()", "Unit.objects.filter(pk=1).delete"),
    ("Unit.objects.create(name='x')", "Unit.objects.create"),
    ("unit.position_set.create(name='x')", "unit.position_set.create"),
    ("Unit._default_manager.create(name='x')", "Unit._default_manager.create"),
    ("Unit.objects.filter(pk=1).update(name='x')", "Unit.objects.filter(pk=1).update"),
    ("Skp.objects.select_for_update().get(pk=1).save()", "Skp.objects.select_for_update().get(pk=1).save"),
    ("qs.update(name='x')", "qs.update"),
    ("units_qs.update(name='x')", "units_qs.update"),
    ("x.filter(a=1).update(b=2)", "x.filter(a=1).update"),
    ("Unit.objects.get_or_create(name='x')", "Unit.objects.get_or_create"),
    ("anything.update_or_create(name='x')", "anything.update_or_create"),
    ("Unit.objects.bulk_create(rows)", "Unit.objects.bulk_create"),
    ("Unit.objects.bulk_update(rows, ['name'])", "Unit.objects.bulk_update"),
    ("cursor.execute('UPDATE people_employee SET name = %s', [n])", "cursor.execute"),
    ("cursor.executemany('  insert into t values (%s)', rows)", "cursor.executemany"),
    ("cursor.execute(f'DELETE FROM {table}')", "cursor.execute"),
]

LEFT_ALONE = [
    "context.update({'a': 1})",
    "seen.update(ids)",
    "digest.update(b'x')",
    "counts.update({row['prefix']: row['n'] for row in rows})",
    "workbook.save(buffer)",
    "storage.save(name, content)",
    "cache.delete(key)",
    "default_storage.delete(name)",
    "template.create(x)",
    "super().save(*args, **kwargs)",
    "cursor.execute('SELECT 1')",
    "cursor.execute(sql, params)",
    "Unit.objects.filter(pk=1).exists()",
]


@pytest.mark.parametrize(("snippet", "call"), FOUND)
def test_the_scanner_finds_a_write(snippet, call):
    assert [w.call for w in scan_source(snippet)] == [call]


@pytest.mark.parametrize("snippet", LEFT_ALONE)
def test_the_scanner_leaves_other_calls_alone(snippet):
    assert scan_source(snippet) == []


def test_the_fence_fails_on_a_write_in_a_view(tmp_path):
    app = tmp_path / "kinerja" / "app"
    app.mkdir(parents=True)
    (app / "views.py").write_text("def v(request, pk):\n    Item.objects.filter(pk=pk).update(done=True)\n")
    (app / "services.py").write_text("def s(item):\n    item.save()\n")
    found = scan_tree(tmp_path / "kinerja", allowed)
    assert [str(w) for w in found] == ["kinerja/app/views.py:2: Item.objects.filter(pk=pk).update"]
