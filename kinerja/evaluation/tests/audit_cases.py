"""Every evaluation service with the audit event it must write (kinerja/tests/test_services_audit.py); one
module per concern, merged here."""

from .audit_cases_evaluations import EVALUATION_CASES  # noqa: F401
