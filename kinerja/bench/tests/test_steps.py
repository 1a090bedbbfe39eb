"""``kinerja bench --only NAME``: the bench's own import rows, or a step an app declares (BENCH_STEPS)."""

import click
import pytest
from click.testing import CliRunner

from kinerja.bench import child
from kinerja.cli import bench as bench_command
from kinerja.core.registry import bench_steps


@pytest.fixture
def cli():
    group = click.Group("kinerja")
    bench_command.register(group)
    return group


def test_the_skp_app_declares_its_bench_step():
    step = next(step for step in bench_steps() if step.name == "skp")
    assert step.run == "kinerja.alignment.bench.run"
    assert set(step.kinds) == {"cascade", "skp-page", "skp-pdf"}


def test_only_runs_the_named_step(cli, monkeypatch):
    calls = []

    def fake_run(ctx):
        calls.append(ctx)
        return [{"db": "sqlite", "step": "cascade map", "p50_ms": 1.0, "p95_ms": 2.0, "note": "fake"}]

    monkeypatch.setattr("kinerja.alignment.bench.run", fake_run)
    monkeypatch.setattr("kinerja.bench.runner.run", lambda *args: pytest.fail("the import rows were not asked for"))
    result = CliRunner().invoke(cli, ["bench", "--only", "skp", "--db", "sqlite", "--skp-employees", "300",
                                      "--skp-rounds", "2", "--skp-subtree", "50"])
    assert result.exit_code == 0, result.output
    assert "cascade map" in result.output and "SKP 300" in result.output
    [ctx] = calls
    assert ctx.databases == ["sqlite"]
    assert ctx.options == {"skp_employees": 300, "skp_rounds": 2, "skp_subtree": 50,
                           "rollup_employees": 100_000, "rollup_rounds": 3,
                           "evaluate_employees": 100_000}  # no --quick, no rush options


def test_only_refuses_an_unknown_step(cli):
    result = CliRunner().invoke(cli, ["bench", "--only", "nonsense"])
    assert result.exit_code == 2 and "nonsense" in result.output and "skp" in result.output


def test_the_child_dispatches_a_declared_kind(monkeypatch, capsys):
    monkeypatch.setattr(child, "_setup", lambda: None)
    monkeypatch.setattr("kinerja.alignment.bench.child_main", lambda kind, args: {"kind": kind, "args": args})
    child.main(["skp-page", "bench-skp", "3"])
    assert capsys.readouterr().out.strip().splitlines()[-1] == '{"kind": "skp-page", "args": ["bench-skp", "3"]}'
    with pytest.raises(SystemExit):
        child.main(["nonsense"])
