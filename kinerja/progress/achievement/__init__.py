"""Achievement (capaian) roll-up: ``refresh_for_ikis`` (incremental), ``advance`` (the periods that depend on the date,
nightly) and ``rebuild`` (every IKI's current standing; ``history=True``: every period); see services.py.

Imported lazily, so that the command line (cli.py) can name this package before Django is set up."""

__all__ = ["Stats", "advance", "rebuild", "refresh_for_ikis"]


def __getattr__(name):
    if name in __all__:
        from kinerja.progress.achievement import services

        return getattr(services, name)
    raise AttributeError(name)
