"""The audit label list and the audit test cases, checked against each other both ways (issue 8 item 5).

* every action a service records (each literal action passed to ``record``/``build`` in the source, found by
  kinerja/audit/tests/test_labels.py's AST scan) and every action of ``CASES`` has a label (``AUDIT`` in its
  app's faces.py);
* every labelled action is proved by a case of kinerja/tests/test_services_audit.py, or is listed below with
  the reason it is not, and the test that proves it where one does.
"""

from __future__ import annotations

from pathlib import Path

from kinerja.audit.labels import action_labels
from kinerja.audit.tests.test_labels import recorded_actions

from .test_services_audit import CASES

ROOT = Path(__file__).resolve().parents[1]  # the kinerja package

# labelled action → (why no case in test_services_audit.py, the test that proves it is written, or None)
NOT_A_CASE = {
    "admin.organization.unit.move": ("no longer written: the back office refuses treebeard's drag-and-drop move "
                                     "(organization/admin.py); events written before still carry it", None),
    "demo.seed": ("the synthetic seed's one summary event (background work, no user's service call)",
                  "demo/tests/test_seed.py"),
    "demo.skp": ("the demo loader's summary event (background work, no user's service call)",
                 "demo/tests/test_present.py"),
    "demo.progress": ("the demo loader's summary event of the progress it wrote (background work)",
                      "demo/tests/test_progress_demo.py"),
    "demo.evaluation": ("the demo loader's summary event of the evaluations it wrote (background work)",
                        "demo/tests/test_evaluation_demo.py"),
    "demo.feedback360": ("the demo loader's summary event of the 360 rounds it wrote (background work)",
                         "demo/tests/test_evaluation_demo.py"),
    "demo.monev": ("the demo loader's summary event of the monitoring team's work it wrote (background work)",
                   "demo/tests/test_evaluation_demo.py"),
    "people.import": ("the importer's one summary event per run, written beside its bulk rows",
                      "people/tests/test_importer.py"),
}


def test_every_recorded_or_tested_action_has_a_label():
    found, _unknown = recorded_actions()
    labels = action_labels()
    missing = sorted((set(found) | set(CASES)) - set(labels))
    assert not missing, f"actions without a label (AUDIT in their app's faces.py): {missing}"


def test_every_labelled_action_has_a_case_or_a_reason():
    labels = set(action_labels())
    uncovered = sorted(labels - set(CASES) - set(NOT_A_CASE))
    assert not uncovered, f"labelled actions with no case in kinerja/tests/test_services_audit.py: {uncovered}"
    assert not set(CASES) & set(NOT_A_CASE), "an action with a case needs no reason"
    assert set(NOT_A_CASE) <= labels, f"reasons for actions nobody labels: {sorted(set(NOT_A_CASE) - labels)}"


def test_the_listed_actions_are_proved_elsewhere():
    found, _unknown = recorded_actions()
    for action, (reason, test) in NOT_A_CASE.items():
        assert reason
        if test is None:  # no longer written
            assert action not in found, f"{action} is written again: give it a case"
            continue
        assert action in found, f"{action} is no longer written: say so"
        assert f'"{action}"' in (ROOT / test).read_text(), f"{test} does not check {action}"


def test_every_case_is_an_action_the_source_records():
    found, _unknown = recorded_actions()
    assert not sorted(set(CASES) - set(found)), "a case for an action no service records"
