"""The evaluation rules stay pure: importing them loads no Django and no app of the project."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[1]


def test_no_rules_module_imports_django_or_an_app():
    for path in RULES.rglob("*.py"):
        if "tests" in path.relative_to(RULES).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            for name in names:
                assert not name.startswith("django"), f"{path}: imports {name}"
                assert not name.startswith("kinerja.") or name.startswith("kinerja.rules"), f"{path}: imports {name}"


def test_importing_the_evaluation_rules_loads_no_django():
    code = ("import sys; import kinerja.rules.evaluation.schemes, kinerja.rules.evaluation.curve, "
            "kinerja.rules.evaluation.suggest, kinerja.rules.evaluation.credit, kinerja.rules.evaluation.feedback360; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django' "
            "or (m.startswith('kinerja.') and not m.startswith('kinerja.rules'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=RULES.parents[1])
    assert out.stdout.strip() == "[]"
