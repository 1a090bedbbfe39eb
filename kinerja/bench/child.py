"""One measured step, run in its own process so its peak memory is its own.

    python -m kinerja.bench.child import FILE SLUG
    python -m kinerja.bench.child lists SLUG ROUNDS
    python -m kinerja.bench.child seed EMPLOYEES SLUG [FLAG…]   (kinerja seed: FLAG=skp seeds SKPs too)
    python -m kinerja.bench.child KIND ARGS…   (a kind of a BenchStep an app declares, e.g. kinerja/skp/bench.py)

Prints one JSON object on the last line of stdout.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    os.environ["KINERJA_INSECURE_HTTP"] = "1"
    import django

    django.setup()


def run_import(path: str, slug: str) -> dict:
    _setup()
    from kinerja.organization.models import Instance
    from kinerja.people.importer import import_employees

    instance, _ = Instance.objects.get_or_create(slug=slug, defaults={"name": f"Pemerintah Bench {slug}"})
    started = time.perf_counter()
    result = import_employees(path, instance, create_units=True)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": result.rows, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "invalid": result.invalid}


def run_seed(employees: int, slug: str, flags: list[str]) -> dict:
    """A synthetic government (kinerja.demo.seed), e.g. with one cascading SKP per employee (flag ``skp``)."""
    _setup()
    from dataclasses import asdict

    from kinerja.demo.seed import seed

    started = time.perf_counter()
    result = seed(employees, seed=42, slug=slug, name=f"Pemerintah Bench {slug} {employees}",
                  **dict.fromkeys(flags, True))
    return {"seconds": time.perf_counter() - started, **asdict(result)}


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered) * 1000, "p95": p95 * 1000}


RARE_NAME = "Zulkarnaen Wiratmadja"


def run_lists(slug: str, rounds: int) -> dict:
    _setup()
    from django.test import Client
    from django.urls import reverse

    from kinerja.accounts.models import Role, RoleGrant, User
    from kinerja.core.keyset import encode_cursor
    from kinerja.organization.models import Instance
    from kinerja.people.models import Employee

    instance = Instance.objects.get(slug=slug)
    user, created = User.objects.get_or_create(username=f"bench-admin-{slug}", defaults={"instance": instance})
    if created:
        RoleGrant.objects.create(instance=instance, user=user, role=Role.ADMIN_BKPSDM)
    client = Client()
    client.force_login(user)
    total = Employee.objects.filter(instance=instance).count()
    deep_row = (Employee.objects.filter(instance=instance).order_by("name", "id")
                .values("name", "id")[max(0, int(total * 0.9))])
    deep_cursor = encode_cursor([deep_row["name"], deep_row["id"]])
    # a name that occurs once (synthetic names all repeat): what a search for one person costs
    rare = Employee.objects.filter(instance=instance).order_by("id").values_list("id", flat=True)[total // 2]
    Employee.objects.filter(pk=rare).update(name=RARE_NAME)
    targets = {
        "directory page, first": reverse("people:directory"),
        "directory page, deep (90%)": reverse("people:directory") + f"?cursor={deep_cursor}",
        "API list, first": "/api/v1/employees?limit=50",
        "API list, deep (90%)": f"/api/v1/employees?limit=50&cursor={deep_cursor}",
        "directory search 'sri'": reverse("people:directory") + "?q=sri",
        "directory search, rare name": reverse("people:directory") + "?q=wiratmadja",
        "API search, rare name": "/api/v1/employees?limit=50&q=wiratmadja",
    }
    out = {"employees": total}
    for label, url in targets.items():
        client.get(url)  # warm-up
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code} for {url}")
        out[label] = _percentiles(samples)
    return out


def main(argv: list[str]) -> None:
    kind = argv[0]
    if kind == "import":
        result = run_import(argv[1], argv[2])
    elif kind == "lists":
        result = run_lists(argv[1], int(argv[2]))
    elif kind == "seed":
        result = run_seed(int(argv[1]), argv[2], argv[3:])
    else:
        _setup()
        from kinerja.core.registry import bench_steps, resolve

        step = next((step for step in bench_steps() if kind in step.kinds), None)
        if step is None or step.child is None:
            raise SystemExit(f"unknown step {kind}")
        result = resolve(step.child)(kind, argv[1:])
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
