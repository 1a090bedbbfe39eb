"""docs/architecture.md, "Adding an app": an app is its folder, a line in INSTALLED_APPS and one in the root
URLconf — nothing else. What can be checked of that is checked here:

* core, audit, the home page, the bench, the API and the command line name no domain app (an import or a
  dotted path): what they show of an app, the app declares in its faces.py (kinerja/core/registry.py);
* every installed app with pages is mounted in the root URLconf and has a menu entry (or says why not);
* every declared menu entry, object page, visibility rule, home card, bench step, API router, API hook,
  authentication, command and settings section resolves: a typo fails here, not as a "#" link;
* one convention: an AppConfig declares nothing of the app's face (no ``api_routers``, ``login_feature``, …):
  that is faces.py's job; an AppConfig keeps its name, label, verbose name and ``ready()`` hooks.
"""

from __future__ import annotations

import ast
from importlib import import_module
from pathlib import Path

import click
import pytest
from django.apps import apps
from django.forms import ModelForm
from django.template.loader import get_template
from django.urls import get_resolver, reverse
from django.utils.module_loading import import_string, module_has_submodule
from ninja import Router

from kinerja.core.registry import (
    LoginFeature,
    api_declarations,
    audit_labels,
    bench_steps,
    cli_commands,
    faces_modules,
    home_cards,
    login_features,
    menu_entries,
    package_faces_modules,
    resolve,
    scheduled_jobs,
    settings_sections,
    topbar_items,
)

ROOT = Path(__file__).resolve().parents[1]  # the kinerja package
LOWER = {"core", "audit", "accounts", "organization", "people"}
FACES = {"home", "demo"}

# What still names a domain app, and why (each goes when its reason does).
PENDING: dict[str, str] = {}
# Installed apps with pages but no menu entry of their own.
NO_MENU = {
    "core": "the health check only",
    "exports": "an export is asked for from the page of what it exports (the SKP export page) and listed there",
    "notifications": "the bell in the top bar of every page (TOPBAR) leads to its pages",
}


def _ours():
    return [config for config in apps.get_app_configs() if config.name.startswith("kinerja.")]


def _domain_apps() -> set[str]:
    return {config.label for config in _ours()} - LOWER - FACES


def _allowed(folder: str) -> set[str]:
    labels = {config.label for config in _ours()}
    if folder == "core":
        return {"core", "rules"}
    if folder == "audit":
        return {"audit", "core", "rules"}
    return (labels | {"rules", "api", "bench", "cli", "demo", "tests"}) - _domain_apps()


def _named_apps(path: Path) -> set[str]:
    """The kinerja apps a module imports or names by a dotted path."""
    named = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value]
        for name in names:
            if name.startswith("kinerja.") and len(name.split(".")) > 2:
                named.add(name.split(".")[1])
    return named


def _sources(folder: str):
    for path in sorted((ROOT / folder).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or path.name == "testing.py":
            continue
        yield path


@pytest.mark.parametrize("folder", ["core", "audit", "home", "bench", "api", "cli"])
def test_the_shared_layers_and_faces_name_no_domain_app(folder):
    allowed = _allowed(folder)
    wrong = {}
    for path in _sources(folder):
        where = str(path.relative_to(ROOT))
        if any(where.startswith(pending) for pending in PENDING):
            continue
        named = _named_apps(path) - allowed
        if named:
            wrong[where] = sorted(named)
    assert not wrong, f"declare it in the app's faces.py instead (kinerja/core/registry.py): {wrong}"


def test_the_pending_exceptions_still_exist():
    for pending in PENDING:
        assert (ROOT / pending).exists(), f"{pending} is gone: drop it from PENDING"


def test_every_app_with_pages_is_mounted_and_in_the_menu():
    included = [pattern.urlconf_module for pattern in get_resolver().url_patterns if hasattr(pattern, "urlconf_module")]
    mounted = {getattr(module, "__name__", "") for module in included}
    # a URLconf joined with another's under one namespace (accounts' with people's account pages): its
    # patterns are all mounted
    joined = [pattern for module in included if isinstance(module, list | tuple) for pattern in module]
    menus = {config.label: bool(getattr(_faces(config), "MENU", ())) for config in _ours()}
    for config in _ours():
        if not module_has_submodule(config.module, "urls"):
            continue
        patterns = import_module(f"{config.name}.urls").urlpatterns
        assert f"{config.name}.urls" in mounted or all(any(p is j for j in joined) for p in patterns), \
            f"{config.name}.urls is not in kinerja/urls.py"
        assert menus[config.label] or config.label in NO_MENU, f"{config.label} has pages but no menu entry"


def _faces(config):
    from importlib import import_module

    if module_has_submodule(config.module, "faces"):
        return import_module(f"{config.name}.faces")
    return None


def test_every_declared_entry_resolves():
    for entry in menu_entries():
        assert reverse(entry.url_name)
        assert callable(resolve(entry.visible)), entry.key
    labels = audit_labels()
    for object_type, url_name in labels.object_pages.items():
        assert reverse(url_name, args=[1]), object_type
        assert object_type in labels.object_types
    for card in home_cards():
        get_template(card.template)
        if card.head:
            get_template(card.head)
        assert callable(resolve(card.context)), card.key
    for item in topbar_items():
        get_template(item.template)
        if item.head:
            get_template(item.head)
        assert callable(resolve(item.visible)), item.key
    for job in scheduled_jobs():
        assert hasattr(import_string(job.task), "enqueue"), job.name
    for step in bench_steps():
        assert callable(resolve(step.run)) and (step.child is None or callable(resolve(step.child))), step.name
    for declaration in api_declarations():
        for path in declaration.routers:
            assert isinstance(import_string(path), Router), path
        assert declaration.install is None or callable(import_string(declaration.install)), declaration.install
        for path in declaration.auth:
            assert callable(import_string(path)), path
    for section in settings_sections():
        form = import_string(section.form)
        assert issubclass(form, ModelForm) and "instance" not in form.base_fields, section.key
        assert form._meta.model._meta.app_label == section.form.split(".")[1], section.key  # the app's own model
        assert callable(import_string(section.service)), section.key
    for feature in login_features():
        assert isinstance(feature, LoginFeature) and feature.icon and str(feature.text), feature
    names = [import_string(path).name for path in cli_commands()]
    for path in cli_commands():
        assert isinstance(import_string(path), click.Command), path
    assert len(set(names)) == len(names)


def test_the_command_line_reads_the_faces_of_the_installed_apps():
    # kinerja/cli finds the faces modules on disk (it runs before any settings); they must be the installed ones.
    assert [m.__name__ for m in package_faces_modules()] == sorted(m.__name__ for m in faces_modules()
                                                                   if m.__name__.startswith("kinerja."))


# What an AppConfig may define: who the app is, and the runtime hooks it registers in ready().
APP_CONFIG_ATTRIBUTES = {"name", "label", "verbose_name", "default_auto_field", "ready"}


def test_an_app_config_declares_no_face():
    for config in _ours():
        own = {name for name in vars(type(config)) if not name.startswith("__")}
        assert own <= APP_CONFIG_ATTRIBUTES, f"{config.name}: declare {sorted(own - APP_CONFIG_ATTRIBUTES)} in faces.py"


def test_menu_keys_and_orders_are_unique():
    entries = menu_entries()
    assert len({entry.key for entry in entries}) == len(entries)
    assert len({entry.order for entry in entries}) == len(entries)
