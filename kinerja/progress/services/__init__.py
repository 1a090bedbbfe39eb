"""The writes of progress, one module per concern (``reports``, ``evidence``, ``submission``: a report with
its files in one step, ``plans``: action plans, ``daily``: the daily log, ``review``: the superior's review);
callers write ``services.save_report(...)``."""

from .common import ConflictError, FileTooLarge
from .daily import delete_entry, draft_from_log, log_day, update_entry
from .evidence import add_evidence, check_file, delete_evidence, stored_files
from .plans import delete_action_plan, save_action_plan
from .reports import save_report, submit_report
from .review import accept_report, return_report, review_evidence
from .submission import submit_with_evidence

__all__ = ["ConflictError", "FileTooLarge", "save_report", "submit_report", "add_evidence", "delete_evidence",
           "check_file", "stored_files", "save_action_plan", "delete_action_plan", "log_day", "update_entry",
           "delete_entry", "draft_from_log", "submit_with_evidence", "accept_report", "return_report",
           "review_evidence"]
