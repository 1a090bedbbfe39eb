"""The words of the audit log: each app declares its action labels, object types and object pages
(``AUDIT`` in its faces.py, kinerja/core/registry.py); these read them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kinerja.core.registry import audit_labels

# ``admin.<app>.<model>.<verb>``: a change made in the back office (kinerja.audit.admin)
ADMIN_VERBS = {
    "create": _("Back office: %(object)s created"),
    "update": _("Back office: %(object)s changed"),
    "delete": _("Back office: %(object)s deleted"),
}


def action_labels() -> dict[str, str]:
    """Every known action code → its label."""
    return audit_labels().actions


def object_types() -> dict[str, str]:
    """Every audited object type (``app.model``) → its label."""
    return audit_labels().object_types


def action_label(code: str) -> str:
    """The human label of an audit action code; the code itself when none is known."""
    label = action_labels().get(code)
    if label is not None:
        return str(label)
    if code.startswith("admin."):
        object_type, _dot, verb = code[len("admin."):].rpartition(".")
        if verb in ADMIN_VERBS and object_type:
            what = object_types().get(object_type) or object_type.rpartition(".")[2]
            return str(ADMIN_VERBS[verb]) % {"object": what}
    return code


def object_type_label(object_type: str) -> str:
    return str(object_types().get(object_type, object_type))


def object_url(object_type: str, object_id: str) -> str:
    """The page of an audited object, when its app declares one (a wrong URL name fails here)."""
    name = audit_labels().object_pages.get(object_type)
    if not name or not object_id.isdigit():
        return ""
    return reverse(name, args=[int(object_id)])
