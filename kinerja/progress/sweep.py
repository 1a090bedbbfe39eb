"""Evidence files in the storage that no evidence row names: what a process killed between storing a file
and committing its row leaves behind (the services remove their files on every failure they see)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from .models import Evidence, evidence_storage


def _walk(storage, folder: str):
    dirs, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in dirs:
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def orphan_files(min_age: int = 3600) -> list[str]:
    storage = evidence_storage()
    try:
        stored = list(_walk(storage, "evidence"))
    except FileNotFoundError:
        return []
    known = set(Evidence.objects.filter(file__in=stored).values_list("file", flat=True)) if stored else set()
    cutoff = timezone.now() - timedelta(seconds=min_age)
    orphans = []
    for name in stored:
        if name in known:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            modified = None
        if modified is None or min_age <= 0 or modified < cutoff:
            orphans.append(name)
    return orphans


def remove(name: str) -> None:
    evidence_storage().delete(name)
