"""The write fence: find ORM writes in Kinerja's source outside the modules allowed to write.

Every write goes through a service (architecture.md, "The request path"), so a view, a form, an API
handler or a helper that writes a model is a bug: it skips the permission check and the audit event.
`scan_source` parses one module with `ast` and reports each call that looks like a database write:

* ``.save(`` with no positional argument (a model or a ModelForm; ``workbook.save(path)``,
  ``storage.save(name, content)`` and ``FieldFile.save(name, content)`` pass one and are file writes);
* ``.delete(`` with no positional argument (a model or a queryset; ``cache.delete(key)`` and
  ``storage.delete(name)`` name what they delete);
* ``.get_or_create(``, ``.update_or_create(``, ``.bulk_create(``, ``.bulk_update(`` always;
* ``.create(`` and ``.update(`` only when the receiver is ORM-shaped (``dict.update``, ``set.update``,
  ``hashlib``'s ``update`` and ``Template.create`` look the same otherwise): the receiver chain goes
  through ``.objects``, ``_default_manager``/``_base_manager``, a related manager (``…_set``), a
  queryset method call (``filter``, ``exclude``, ``all``, ``select_for_update``, …), or is a variable
  named like a queryset (``qs``, ``queryset``, ``…_qs``);
* ``cursor.execute``/``executemany`` (any receiver) whose SQL is a literal starting with ``INSERT``,
  ``UPDATE``, ``DELETE``, ``TRUNCATE``, ``MERGE`` or ``COPY``.

Related-manager ``add``/``remove``/``set``/``clear`` are not detected (they look like ``set`` and
``list`` methods); model ``save`` with a positional argument is not either. The heuristic is tested on
small snippets in kinerja/tests/test_write_fence.py, so it can fail.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ALWAYS = {"get_or_create", "update_or_create", "bulk_create", "bulk_update"}
NO_POSITIONAL = {"save", "delete"}
ORM_SHAPED = {"create", "update"}
QUERYSET_METHODS = {"filter", "exclude", "all", "select_for_update", "select_related", "prefetch_related",
                    "order_by", "only", "defer", "using", "annotate", "distinct", "none", "values", "alias"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SQL_WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "MERGE", "COPY")


@dataclass(frozen=True)
class Write:
    path: str
    line: int
    call: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}"


def _orm_shaped(node: ast.expr) -> bool:
    """Does the receiver chain look like a manager or a queryset?"""
    while True:
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in QUERYSET_METHODS:
                return True
            node = func.value if isinstance(func, ast.Attribute) else func
            if not isinstance(func, ast.Attribute):
                return False
        elif isinstance(node, ast.Attribute):
            if node.attr in MANAGERS or node.attr.endswith("_set"):
                return True
            node = node.value
        elif isinstance(node, ast.Name):
            name = node.id.lower()
            return name in {"qs", "queryset"} or name.endswith("_qs") or name.endswith("_queryset")
        else:
            return False


def _sql_literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def scan_source(source: str, path: str = "<snippet>") -> list[Write]:
    writes = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        receiver = node.func.value
        hit = (
            method in ALWAYS
            or (method in NO_POSITIONAL and not node.args)
            or (method in ORM_SHAPED and _orm_shaped(receiver))
        )
        if not hit and method in ("execute", "executemany") and node.args:
            sql = _sql_literal(node.args[0])
            hit = sql is not None and sql.lstrip().upper().startswith(SQL_WRITES)
        if hit:
            writes.append(Write(path, node.lineno, ast.unparse(node.func)))
    return writes


def scan_tree(root: Path, allowed) -> list[Write]:
    """Every write in ``root/**.py`` whose module path (relative, POSIX) ``allowed`` does not accept."""
    found = []
    for file in sorted(root.rglob("*.py")):
        rel = file.relative_to(root.parent).as_posix()
        if allowed(rel):
            continue
        found += scan_source(file.read_text(encoding="utf-8"), rel)
    return found
