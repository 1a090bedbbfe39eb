"""What each app shows of itself, declared in the app and collected here (issue 8 item 1).

An app declares its face in a module it owns, ``kinerja/<app>/faces.py``, as module attributes:

* ``MENU``: :class:`MenuEntry` rows (the left menu and the home page's quick links);
* ``HOME_CARDS``: :class:`HomeCard` rows (the cards on the home page);
* ``AUDIT``: one :class:`AuditLabels` (the audit log's action labels, object types and object pages);
* ``BENCH_STEPS``: :class:`BenchStep` rows (``kinerja bench --only NAME``);
* ``API``: one :class:`ApiDeclaration` (its routers at ``/api/v1``, an exception handler, an authentication);
* ``LOGIN_FEATURE``: one :class:`LoginFeature` (what the log-in page says the app offers);
* ``CLI_COMMANDS``: dotted paths of click commands or groups, added to ``kinerja`` (see :func:`cli_commands`);
* ``TOPBAR``: :class:`TopbarItem` rows (templates included in the top bar of every page, e.g. a bell);
* ``SCHEDULE``: :class:`ScheduledJob` rows (periodic background tasks, enqueued by ``kinerja scheduler``);
* ``SETTINGS``: :class:`SettingsSection` rows (the app's part of the instance settings page, ``/settings/``).

Core imports no app: it reads these modules over ``apps.get_app_configs()``, in ``INSTALLED_APPS``
order (those of the apps installed now: a test that uninstalls an app sees it gone). A callable may be
given as a dotted path (``"kinerja.<app>.home.home_card"``), so an app low in the layers can name a rule
of a higher one without importing it; the path is resolved when first used, so a typo fails loudly there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from pathlib import Path
from pkgutil import iter_modules
from types import ModuleType
from typing import Any, NamedTuple

from django.apps import apps
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
        from django.urls import reverse  # not at import: the command line reads the faces before any settings

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


@dataclass(frozen=True)
class ApiDeclaration:
    """An app's part of the REST API (``kinerja/api/api.py``): ``routers``, dotted paths of ninja routers
    mounted at ``/api/v1`` in INSTALLED_APPS order; ``install``, the dotted path of a function taking the
    ``NinjaAPI`` that installs an exception handler of the app's own; ``auth``, dotted paths of
    authentication classes tried before the session (in INSTALLED_APPS order)."""

    routers: tuple[str, ...] = ()
    install: str | None = None
    auth: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopbarItem:
    """A piece of the top bar on every page (left of the user menu): ``template`` is included with the page's
    context; ``visible(user)`` says whom it is shown to. It should cost no query when the page renders (load
    what it shows with htmx), since every page carries it. ``head`` is a template for the page's <head>
    (its stylesheet)."""

    key: str
    template: str
    order: int
    visible: Check = always
    head: str = ""

    def shown_to(self, user) -> bool:
        return bool(resolve(self.visible)(user))


@dataclass(frozen=True)
class ScheduledJob:
    """A periodic background task: ``task`` is the dotted path of a django.tasks task (enqueued without
    arguments). Either daily at ``hour``:``minute`` (server time zone), or every ``every_minutes`` minutes
    (counted from midnight). ``kinerja scheduler`` enqueues each due run once (kinerja/notifications/scheduler.py)."""

    name: str
    task: str
    hour: int | None = None
    minute: int = 0
    every_minutes: int | None = None

    def __post_init__(self):
        if (self.hour is None) == (self.every_minutes is None):
            raise ValueError(f"scheduled job {self.name}: give either hour (daily) or every_minutes")
        if self.hour is not None and not (0 <= self.hour < 24 and 0 <= self.minute < 60):
            raise ValueError(f"scheduled job {self.name}: no such time {self.hour}:{self.minute}")
        if self.every_minutes is not None and not (1 <= self.every_minutes <= 1440):
            raise ValueError(f"scheduled job {self.name}: every_minutes must be 1 to 1440")


@dataclass(frozen=True)
class SettingsSection:
    """An app's section of the instance settings page (kinerja/instancesettings): ``form`` is the dotted path
    of a ModelForm of the app's per-instance settings model (without the instance field), ``service`` the
    dotted path of ``service(*, actor, instance, values, seen)`` that validates, saves in one transaction and
    records the audit event (``seen``: the row's ``updated_at`` the user opened, "" for none, None: no check)."""

    key: str
    title: str
    form: str
    service: str
    order: int
    icon: str = "sliders"
    help: str = ""


class LoginFeature(NamedTuple):
    """One line of the log-in page: a bootstrap-icons name and what the app offers."""

    icon: str
    text: str


def faces_modules() -> Iterator[ModuleType]:
    """Each installed app's ``faces`` module, in INSTALLED_APPS order."""
    yield from _modules()


def _modules() -> tuple[ModuleType, ...]:
    return _modules_of(tuple(config.name for config in apps.get_app_configs()))


@cache
def _modules_of(app_names: tuple[str, ...]) -> tuple[ModuleType, ...]:
    found = []
    for name in app_names:
        if module_has_submodule(import_module(name), FACES_MODULE):
            found.append(import_module(f"{name}.{FACES_MODULE}"))
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


def topbar_items() -> tuple[TopbarItem, ...]:
    return tuple(sorted(_collect("TOPBAR"), key=lambda item: item.order))


def scheduled_jobs() -> tuple[ScheduledJob, ...]:
    """Every installed app's ``SCHEDULE`` (names are unique: they key the runs already made)."""
    jobs = tuple(_collect("SCHEDULE"))
    names = [job.name for job in jobs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"scheduled jobs declared twice: {duplicates}")
    return jobs


def settings_sections() -> tuple[SettingsSection, ...]:
    """Every installed app's ``SETTINGS``, by order (keys are unique: they name the section in the URL)."""
    sections = tuple(sorted(_collect("SETTINGS"), key=lambda section: section.order))
    keys = [section.key for section in sections]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"settings sections declared twice: {duplicates}")
    return sections


def api_declarations() -> tuple[ApiDeclaration, ...]:
    """Each installed app's :class:`ApiDeclaration`, in INSTALLED_APPS order (the API's mount order)."""
    return tuple(module.API for module in _modules() if getattr(module, "API", None) is not None)


def login_features() -> tuple[LoginFeature, ...]:
    """The ``LOGIN_FEATURE`` of each installed app that declares one, in INSTALLED_APPS order."""
    return tuple(module.LOGIN_FEATURE for module in _modules() if getattr(module, "LOGIN_FEATURE", None))


def cli_commands(package: str = "kinerja") -> tuple[str, ...]:
    """The ``CLI_COMMANDS`` the apps declare: dotted paths of click commands or groups.

    The command line is assembled before any settings are read (``kinerja demo`` and ``kinerja init``
    choose them, ``--help`` needs none), so these are read from the faces modules of the app packages in
    ``package``, found on disk, not over INSTALLED_APPS; ``kinerja/tests/test_adding_an_app.py`` checks that
    the two are the same apps. A faces module imports no model, so this needs no app registry."""
    return tuple(path for module in package_faces_modules(package) for path in getattr(module, "CLI_COMMANDS", ()))


def package_faces_modules(package: str = "kinerja") -> tuple[ModuleType, ...]:
    """The faces modules of the sub-packages of ``package`` that have one, by name (no settings needed)."""
    root = import_module(package)
    names = sorted(info.name for info in iter_modules(root.__path__) if info.ispkg)
    return tuple(import_module(f"{package}.{name}.{FACES_MODULE}") for name in names
                 if any((Path(folder) / name / f"{FACES_MODULE}.py").is_file() for folder in root.__path__))
