"""Achievement (capaian) roll-up: ``refresh_for_ikis`` (incremental) and ``rebuild`` (full); see services.py."""

from kinerja.progress.achievement.services import Stats, rebuild, refresh_for_ikis

__all__ = ["Stats", "rebuild", "refresh_for_ikis"]
