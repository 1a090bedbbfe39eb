"""No ``exclude()`` and no chained ``filter()`` across a multi-valued relation (issue 7, item 1).

``Employee.objects.exclude(skps__period=p, skps__status="approved")`` does not mean "no approved SKP in p":
Django excludes whoever has *an* SKP in p and *an* approved SKP in any period, so from the second period on
the overdue list lost everyone approved the year before. ``.filter(skps__a=…).filter(skps__b=…)`` has the
same trap the other way round (two joins, two different SKPs). Write a correlated ``Exists`` instead. This
test reads the code (not the tests, not the migrations) and names every such lookup it finds.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]


def multivalued_names() -> set[str]:
    """The query names of every reverse foreign key and many-to-many relation of the project's models."""
    names, forward = set(), set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.one_to_many or field.many_to_many:  # reverse foreign keys, many-to-many both ways
                names.add(field.name)
            elif field.concrete:
                forward.add(field.name)
    return names - forward


def _lookups(call: ast.Call) -> list[str]:
    """Keyword lookups of a call and of the Q(...) inside it."""
    found = [k.arg for k in call.keywords if k.arg]
    for node in ast.walk(call):
        if node is not call and isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Q":
            found += [k.arg for k in node.keywords if k.arg]
    return found


def _relations(lookups: list[str], multi: set[str]) -> set[str]:
    return {part for lookup in lookups for part in lookup.split("__")[:-1] if part in multi}


def problems(source: str, multi: set[str], where: str = "<code>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        if method == "exclude":
            hit = _relations(_lookups(node), multi)
            if hit:
                found.append(f"{where}:{node.lineno}: exclude() across {', '.join(sorted(hit))}")
        elif method == "filter":
            inner = node.func.value
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and inner.func.attr == "filter":
                shared = _relations(_lookups(node), multi) & _relations(_lookups(inner), multi)
                if shared:
                    found.append(f"{where}:{node.lineno}: chained filter() across {', '.join(sorted(shared))}")
    return found


def test_the_checker_finds_the_trap():
    multi = multivalued_names()
    assert {"skps", "rhks", "ikis", "assignments", "holders", "role_grants", "audience"} <= multi
    assert "unit" not in multi and "skp" not in multi and "employee" not in multi
    old = 'Employee.objects.exclude(skps__period=period, skps__status=SkpStatus.APPROVED)'
    assert problems(old, multi) == ["<code>:1: exclude() across skps"]
    assert problems('qs.exclude(Q(rhks__ikis__aspect="waktu"))', multi) == ["<code>:1: exclude() across ikis, rhks"]
    chained = 'Employee.objects.filter(skps__period=p).filter(skps__status="approved")'
    assert problems(chained, multi) == ["<code>:1: chained filter() across skps"]
    fine = ('Employee.objects.exclude(Exists(Skp.objects.filter(employee=OuterRef("pk"), period=p)))\n'
            'Employee.objects.filter(skps__period=p, skps__status="approved")\n'
            'Rhk.objects.exclude(skp__period=p).filter(skp__status="draft").filter(skp__unit=u)\n')
    assert problems(fine, multi) == []


def test_no_exclude_or_chained_filter_across_a_multivalued_relation():
    multi = multivalued_names()
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        found += problems(path.read_text(encoding="utf-8"), multi, str(rel))
    assert found == [], "use a correlated Exists(...) instead:\n" + "\n".join(found)
