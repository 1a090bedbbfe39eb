"""The SKP rows of ``kinerja bench``: each step measures on a small seeded instance, or says why not."""

import pytest

from kinerja.alignment import bench
from kinerja.demo.seed import seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return seed(400, seed=3, skp=True, year=2026, slug="bench-skp")


def test_cascade_page_and_pdf_steps_measure(seeded):
    cascade = bench.cascade_step("bench-skp", 2, 60)
    assert cascade["available"] and cascade["employees"] == 400 and cascade["ikis"] == seeded.ikis
    sub, whole = cascade["subtree"], cascade["whole"]
    assert 0 < sub["employees"] < 400 and sub["p95"] >= sub["p50"] > 0 and sub["heap_peak_mb"] > 0
    assert 0 < sub["queries"] <= 12 and whole["queries"] <= 12  # a fixed number, whatever the size
    page = bench.page_step("bench-skp", 2)
    assert page["available"] and page["n"] == 2 and 0 < page["queries"] < 40
    pdf = bench.pdf_step("bench-skp", 1)
    assert pdf["available"] and pdf["bytes_biggest"] > 1000


def test_subtree_near_picks_the_closest_unit(seeded):
    unit, count = bench.subtree_near(seeded.instance_id, 100)
    assert unit.instance_id == seeded.instance_id and 100 <= count < 400
    assert unit.depth > 1 or count > 100  # the smallest subtree that is big enough
    whole, total = bench.subtree_near(seeded.instance_id, 10_000)  # nothing that big: the biggest there is
    assert total == 400 or whole.depth == 1


def test_missing_and_failing_steps_do_not_stop_the_bench():
    def missing(args, env):  # a step's module or URL is missing: the child fails loudly, the bench goes on
        raise RuntimeError("bench step cascade failed: ModuleNotFoundError: No module named 'kinerja.alignment'")

    def failing(args, env):
        raise RuntimeError("bench step cascade failed: boom")

    rows = bench._rows("sqlite", "cascade", [], {}, missing)
    assert rows == [{"db": "sqlite", "step": "cascade map",
                     "note": "failed: bench step cascade failed: ModuleNotFoundError: No module named "
                             "'kinerja.alignment'"}]
    rows = bench._rows("sqlite", "skp-pdf", [], {}, failing)
    assert rows[0]["note"].startswith("failed:") and "boom" in rows[0]["note"]
    with pytest.raises(SystemExit):
        bench.child_main("nonsense", [])

