"""The hand-out of new logins: cards to print (HTML in the app, or PDF) and a CSV, built from a
:class:`~kinerja.people.logins.LoginBatch` in the same request or command that created the logins."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .logins import LoginBatch

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def login_url(request=None) -> str:
    """Where employees log in: ``KINERJA_BASE_URL`` if set, else the address of this request."""
    path = reverse("accounts:login")
    base = settings.KINERJA.get("BASE_URL", "")
    if base:
        return f"{base}{path}"
    return request.build_absolute_uri(path) if request is not None else path


def _cell(value: str) -> str:
    """A spreadsheet does not run what a name or unit might start with (CSV formula injection)."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def csv_text(batch: LoginBatch, url: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Name"), _("NIP"), _("Unit"), _("Position"), _("Username"), _("Initial password"),
                      _("Log-in address")])
    for card in batch.created:
        writer.writerow([_cell(card.name), card.nip, _cell(card.unit), _cell(card.position), card.username,
                         card.password, url])
    return out.getvalue()


def pdf_bytes(batch: LoginBatch, url: str, instance) -> bytes:
    from weasyprint import CSS, HTML  # imported late: loading Pango is slow and most requests need none

    html = render_to_string("accounts/logins_cards_pdf.html", {"batch": batch, "login_url": url,
                                                               "instance": instance})
    # the cards' stylesheet is the static file the web page links (one source for both)
    cards_css = CSS(filename=finders.find("accounts/login_cards.css"))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[cards_css])
