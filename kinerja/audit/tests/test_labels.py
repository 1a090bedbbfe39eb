"""Every audit action the code base records has a human label (audit log, home page, profile history).

The actions are found in the source, not listed by hand: every string constant shaped like
``<app>.<object>.<verb>`` of one of our apps, the first argument of every ``record``/``build`` call,
and the f-strings passed there (each must be in :data:`EXPANSIONS`, which says what it can become).
Back-office changes (``admin.<app>.<model>.<verb>``) are checked for every audited admin.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import translation

from kinerja.audit.admin import AuditedAdminMixin
from kinerja.audit.labels import action_label, action_labels, object_types
from kinerja.rules import skp as skp_rules

ROOT = Path(__file__).resolve().parents[2]  # the kinerja package
RECORDERS = {"record", "build", "_record", "record_summary"}  # record_summary: the demo chapters (demo/clock.py)
ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+){1,3}$")
# f-strings recorded as actions → every value they can take
EXPANSIONS = {
    "skp.skp.{action}": [f"skp.skp.{action.value}" for action in skp_rules.Action],
}


def _our_apps() -> set[str]:
    return {config.label for config in apps.get_app_configs() if config.name.startswith("kinerja.")}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        yield path


def _template(node: ast.JoinedStr) -> str:
    """``f"skp.skp.{action}"`` → ``"skp.skp.{action}"``."""
    return "".join(part.value if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}"
                   for part in node.values)


def recorded_actions() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(action → files, unknown f-string template → files) found in the source."""
    ours = _our_apps()
    found: dict[str, set[str]] = {}
    unknown: dict[str, set[str]] = {}
    for path in _sources():
        where = str(path.relative_to(ROOT.parent))
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and ACTION.match(node.value):
                parts = node.value.split(".")
                if len(parts) == 3 and parts[0] in ours:
                    found.setdefault(node.value, set()).add(where)
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in RECORDERS:
                continue
            first = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "action"), None)
            candidates = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            for arg in candidates:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, set()).add(where)
                elif isinstance(arg, ast.JoinedStr):
                    template = _template(arg)
                    if template in EXPANSIONS:
                        for action in EXPANSIONS[template]:
                            found.setdefault(action, set()).add(where)
                    else:
                        unknown.setdefault(template, set()).add(where)
    return found, unknown


def test_the_scan_finds_the_actions_of_every_domain():
    found, _unknown = recorded_actions()
    # a sample of each kind: literal, IfExp, two-part, f-string expansion, helper argument
    for action in ("people.employee.transfer", "skp.period.reopen", "people.import", "skp.skp.approve",
                   "planning.agreement.sign", "socialisation.reminder.create", "exports.export.create"):
        assert action in found, action
    assert len(found) > 80


def test_every_recorded_action_has_a_label():
    found, unknown = recorded_actions()
    assert not unknown, f"f-string actions without an entry in EXPANSIONS: {unknown}"
    missing = {action: sorted(files) for action, files in found.items() if action not in action_labels()}
    assert not missing, f"audit actions without a label (AUDIT in its app's faces.py): {missing}"


def test_labels_are_translated_to_indonesian():
    untranslated = []
    for code, label in action_labels().items():
        with translation.override("en"):
            english = str(label)
        with translation.override("id"):
            indonesian = str(label)
        if english == indonesian:
            untranslated.append(code)
    assert not untranslated, f"labels without an Indonesian translation (run make messages): {untranslated}"


@pytest.mark.parametrize("verb", ["create", "update", "delete"])
def test_back_office_changes_are_labelled(verb):
    audited = [model for model, model_admin in admin.site._registry.items()
               if isinstance(model_admin, AuditedAdminMixin)]
    assert audited
    for model in audited:
        object_type = f"{model._meta.app_label}.{model._meta.model_name}"
        code = f"admin.{object_type}.{verb}"
        label = action_label(code)
        assert label != code and label.startswith("Back office: "), code
        assert object_type in object_types(), f"{object_type} has no label in its app's AUDIT.object_types"


def test_labels_read_well():
    assert action_label("skp.skp.approve") == "SKP approved"
    assert action_label("admin.planning.iku.delete") == "Back office: IKU deleted"
    assert action_label("admin.organization.unit.move") == "Unit moved (back office)"
    assert action_label("something.unknown") == "something.unknown"
    with translation.override("id"):
        assert action_label("skp.skp.approve") != "SKP approved"
