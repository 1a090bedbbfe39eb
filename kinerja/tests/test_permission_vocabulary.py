"""Views and API handlers ask named permission functions; they never read the user's scope themselves.

Who may do or see what is decided in each app's ``permissions.py`` (``can_*``, ``restrict_*``, ``*_q``, …), and
the views and API handlers call those functions. A view that opens the scope (``get_scope(…)``) or reads its
internals (``.superuser``, ``.roles``, ``.change_paths``, ``.is_penilai``, …) builds a permission filter of its
own, which the permission harness (kinerja/tests/permissions) and the templates' ``{% can %}`` do not see.
And an app keeps its rules in one module, ``permissions.py``: no ``access.py``, no second permission module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

KINERJA = Path(__file__).resolve().parent.parent

# The scope's internals (kinerja/accounts/scope.py: Scope): reading one of them is deciding a permission.
SCOPE_INTERNALS = {
    "superuser", "roles", "view_paths", "change_paths", "headed_paths", "my_position_ids",
    "subordinate_position_ids", "instance_wide_view", "instance_wide_change", "is_penilai", "is_pegawai",
    "can_view_audit", "read_only",
}

# (module relative to kinerja/, name read) -> why it must stay. Keep it short.
ALLOWED: dict[tuple[str, str], str] = {
    ("accounts/context_processors.py", "get_scope"):
        "puts the user's scope in every template for display only: the role labels of the header and the home page",
}

PERMISSION_MODULE = re.compile(r"(access|perms?|permissions?|.*_perms?|.*_permissions?|permissions?_.*)\.py$")
# A Django template tag library must live in templatetags/ and is named by its {% load %}: the ``{% can %}``
# tag asks the apps' permissions.py, it holds no rule of its own.
NOT_A_PERMISSION_MODULE = {"core/templatetags/permissions.py"}


# Besides views and API modules, what else answers a request with what the user may see: the apps' home cards
# (home.py), their menu and card declarations (faces.py) and the template context processors.
ALSO_SCANNED = {"home", "faces", "context_processors"}


def _is_face(path: Path) -> bool:
    """A views or API module (views.py, api.py, *_views.py, *_api.py, a module of a views/ or api/ package), or
    one of :data:`ALSO_SCANNED`."""
    rel = path.relative_to(KINERJA)
    if "tests" in rel.parts or "migrations" in rel.parts:
        return False
    name = path.stem
    if name in {"views", "api"} | ALSO_SCANNED or name.endswith(("_views", "_api")):
        return True
    return any(part in {"views", "api"} for part in rel.parts[:-1])


def _faces() -> list[Path]:
    return sorted(p for p in KINERJA.rglob("*.py") if _is_face(p))


def _scope_reads(path: Path) -> list[tuple[int, str]]:
    reads = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Attribute) and node.attr in SCOPE_INTERNALS | {"get_scope"}:
            reads.append((node.lineno, node.attr))
        elif isinstance(node, ast.Name) and node.id == "get_scope":
            reads.append((node.lineno, node.id))
        elif isinstance(node, ast.ImportFrom) and any(alias.name == "get_scope" for alias in node.names):
            reads.append((node.lineno, "get_scope"))
    return reads


def test_the_scan_finds_the_views_and_api_modules():
    faces = {str(p.relative_to(KINERJA)) for p in _faces()}
    assert {"home/views.py", "people/views.py", "people/account_api.py", "people/user_views.py",
            "skp/views/pages.py", "skp/documents/views.py", "auditlog/views.py", "people/api.py",
            "organization/api/__init__.py", "skp/home.py", "skp/faces.py", "accounts/context_processors.py"} <= faces


def test_the_scan_sees_a_scope_read(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("from kinerja.accounts import scope as sc\n\n\ndef page(request):\n"
                      "    s = sc.get_scope(request.user)\n    return s.superuser or bool(s.change_paths)\n")
    assert sorted(_scope_reads(module)) == [(5, "get_scope"), (6, "change_paths"), (6, "superuser")]


def test_no_view_or_api_handler_reads_the_scope():
    found = []
    for path in _faces():
        rel = str(path.relative_to(KINERJA))
        for line, name in _scope_reads(path):
            if (rel, name) not in ALLOWED:
                found.append(f"kinerja/{rel}:{line}: {name}")
    assert not found, (
        "Views and API handlers call the permission functions of the app's permissions.py (can_*, restrict_*, "
        "*_q, …) instead of reading the scope:\n" + "\n".join(found))


def test_the_allowlist_has_no_stale_entry():
    used = set()
    for path in _faces():
        rel = str(path.relative_to(KINERJA))
        used |= {(rel, name) for _, name in _scope_reads(path)}
    assert set(ALLOWED) <= used, set(ALLOWED) - used


def test_each_app_keeps_its_rules_in_one_permissions_module():
    stray = []
    for path in sorted(KINERJA.rglob("*.py")):
        rel = path.relative_to(KINERJA)
        if "tests" in rel.parts or not PERMISSION_MODULE.match(path.name):
            continue
        if str(rel) in NOT_A_PERMISSION_MODULE:
            continue
        if path.name == "permissions.py" and len(rel.parts) == 2:  # kinerja/<app>/permissions.py
            continue
        stray.append(f"kinerja/{rel}")
    assert not stray, "Permission rules live in kinerja/<app>/permissions.py, nowhere else: " + ", ".join(stray)
