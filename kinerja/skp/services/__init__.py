"""Writes about SKPs: periods, the SKP and its content, templates, and the workflow (DOMAIN §1–§3).

One module per concern — ``periods``, ``skps`` (starting an SKP), ``content`` (RHK, IKI, lampiran, expectations),
``templates`` (templates, copying the previous SKP), ``workflow`` (submit … revise, versions), ``serialization``;
``common`` holds what they share. Callers use the package: ``from kinerja.skp import services``.

Every function checks permissions, validates everything first (raising a ValidationError that names
the field at fault), then writes in one ``transaction.atomic()`` and records an audit event, so a
refused write leaves nothing behind.

Optimistic concurrency: every call that changes an SKP takes the ``lock_version`` the caller saw. The
first write of the transaction bumps it only if it is still the same; otherwise :class:`ConflictError`
names who changed the SKP meanwhile and nothing is written (the caller keeps its input and reloads).

Audit events of an SKP's content and workflow are recorded on the SKP itself (object ``skp.skp``), with
the changed part in ``before``/``after``, so an SKP's whole history is one indexed query.
"""

from .common import MAX_LINES, MAX_TEXT, ConflictError
from .content import (
    EXPECTATION_STATUSES,
    IKI_FIELDS,
    RHK_FIELDS,
    acknowledge_parent_change,
    add_iki,
    add_rhk,
    delete_iki,
    delete_rhk,
    set_appendix,
    set_expectations,
    update_iki,
    update_rhk,
)
from .periods import ensure_period, scheme_change_refusal, set_period_closed, set_scoring_scheme
from .serialization import serialize
from .skps import create_skp
from .templates import (
    TEMPLATE_FIELDS,
    apply_template,
    clean_template_content,
    copy_from_previous,
    create_template,
    previous_skp,
    update_template,
)
from .workflow import approve, return_skp, start_revision, submit, withdraw

__all__ = [
    "ConflictError", "ensure_period", "set_period_closed", "set_scoring_scheme", "scheme_change_refusal",
    "create_skp", "copy_from_previous", "apply_template",
    "create_template", "update_template", "add_rhk", "update_rhk", "delete_rhk", "acknowledge_parent_change",
    "add_iki", "update_iki", "delete_iki", "set_appendix", "set_expectations", "submit", "withdraw", "return_skp",
    "approve", "start_revision", "serialize", "previous_skp", "clean_template_content",
    "EXPECTATION_STATUSES", "IKI_FIELDS", "RHK_FIELDS", "TEMPLATE_FIELDS", "MAX_TEXT", "MAX_LINES",
]
