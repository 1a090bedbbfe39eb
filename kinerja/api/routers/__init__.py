"""API routers, one module per domain; mounted in :mod:`kinerja.api.api`."""
