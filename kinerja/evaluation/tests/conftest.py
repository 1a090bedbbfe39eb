import pytest

from .evaluation_world import build


@pytest.fixture
def e(world):
    return build(world)
