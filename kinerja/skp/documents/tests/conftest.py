import pytest


@pytest.fixture
def skps(world):
    """The test world's 2026 SKPs (see factories.build_skps)."""
    from .factories import build_skps

    return build_skps(world)
