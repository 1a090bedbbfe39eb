"""What each app shows of itself, declared in the app and collected here (issue 8 item 1).

An app declares its face in a module it owns, ``kinerja/<app>/faces.py``, as module attributes:

* ``MENU``: :class:`MenuEntry` rows (the left menu and the home page's quick links);
* ``HOME_CARDS``: :class:`HomeCard` rows (the cards on the home page);
* ``AUDIT``: one :class:`AuditLabels` (the audit log's action labels, object types and object pages);
* ``BENCH_STEPS``: :class:`BenchStep` rows (``kinerja bench --only NAME``).

Core imports no app: it reads these modules over ``apps.get_app_configs()``, in ``INSTALLED_APPS``
order, the first time they are asked for. A callable may be given as a dotted path
(``"kinerja.<app>.home.home_card"``), so an app low in the layers can name a rule of a higher one without
importing it; the path is resolved when first used, so a typo fails loudly there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string, module_has_submodule

FACES_MODULE = "faces"

Check = Callable[[Any], bool] | str  # user → shown? (or the dotted path of such a function)


def resolve(func: Callable | str) -> Callable:
    return import_string(func) if isinstance(func, str) else func


def always(user) -> bool:
    return True


@dataclass(frozen=True)
class MenuEntry:
    """One menu entry; ``visible(user)`` says whom it is shown to, ``order`` where (lower first)."""

    key: str
    label: str
    url_name: str
    icon: str
    order: int
    visible: Check = always
    hint: str = ""  # what the home page's quick link says under the label

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def shown_to(self, user) -> bool:
        return bool(resolve(self.visible)(user))


@dataclass(frozen=True)
class HomeCard:
    """A card of the home page: ``context(user, employee, today)`` gives the template's variables, or
    None when the card has nothing for this user; ``head`` is a template for the page's <head>."""

    key: str
    template: str
    context: Callable[[Any, Any, Any], dict | None] | str
    order: int
    head: str = ""

    def context_for(self, user, employee, today) -> dict | None:
        return resolve(self.context)(user, employee, today)


@dataclass(frozen=True)
class AuditLabels:
    """The audit log's words for an app: action code → label, object type → label, object type → the
    URL name of its page (reversed with the object's id)."""

    actions: dict[str, str] = field(default_factory=dict)
    object_types: dict[str, str] = field(default_factory=dict)
    object_pages: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BenchStep:
    """A group of ``kinerja bench`` rows: ``run(options, report) -> list[dict]`` in the parent process, and
    ``child(kind, args) -> dict`` for each measured child process kind in ``kinds``."""

    name: str
    help: str
    run: Callable | str
    kinds: tuple[str, ...] = ()
    child: Callable | str | None = None
    order: int = 100


def faces_modules() -> Iterator[ModuleType]:
    """Each installed app's ``faces`` module, in INSTALLED_APPS order."""
    yield from _modules()


@cache
def _modules() -> tuple[ModuleType, ...]:
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, FACES_MODULE):
            found.append(import_module(f"{config.name}.{FACES_MODULE}"))
    return tuple(found)


def _collect(attribute: str) -> list:
    return [row for module in _modules() for row in getattr(module, attribute, ())]


@cache
def menu_entries() -> tuple[MenuEntry, ...]:
    entries = sorted(_collect("MENU"), key=lambda entry: entry.order)
    keys = [entry.key for entry in entries]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"menu keys declared twice: {duplicates}")
    return tuple(entries)


@cache
def home_cards() -> tuple[HomeCard, ...]:
    return tuple(sorted(_collect("HOME_CARDS"), key=lambda card: card.order))


@cache
def audit_labels() -> AuditLabels:
    merged = AuditLabels()
    for module in _modules():
        labels = getattr(module, "AUDIT", None)
        if labels is None:
            continue
        for mine, theirs in ((merged.actions, labels.actions), (merged.object_types, labels.object_types),
                             (merged.object_pages, labels.object_pages)):
            clash = set(mine) & set(theirs)
            if clash:
                raise ValueError(f"audit labels declared twice: {sorted(clash)} ({module.__name__})")
            mine.update(theirs)
    return merged


@cache
def bench_steps() -> tuple[BenchStep, ...]:
    return tuple(sorted(_collect("BENCH_STEPS"), key=lambda step: step.order))
