"""The strict Content-Security-Policy (django-csp, settings.CONTENT_SECURITY_POLICY) and what it needs:
no template holds inline code or style, and every page is sent with the policy."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from django.urls import reverse

import kinerja

PACKAGE = Path(kinerja.__file__).resolve().parent

# Documents WeasyPrint renders to PDF: never served as a page, so they may carry their own <style>.
PDF_TEMPLATES = {
    "skp/documents/skp_pdf.html",
    "accounts/logins_cards_pdf.html",
    "evaluation/evaluations_pdf.html",
}

FORBIDDEN = {
    "an inline <script> (use <script src> and a static file)": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "a <style> block (use the app's static CSS)": re.compile(r"<style\b", re.I),
    "a style attribute (use a CSS class)": re.compile(r"\sstyle=", re.I),
    "an inline event handler (use a listener in static JS)": re.compile(r"\son[a-z]+\s*=", re.I),
    "hx-on (htmx evaluates it)": re.compile(r"\bhx-on", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}

# <script type="application/json"> is data, never run: allowed (none today).
DATA_SCRIPT = re.compile(r"<script[^>]*type=\"application/(ld\+)?json\"", re.I)

DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def template_files():
    roots = [PACKAGE / "templates", *sorted(PACKAGE.glob("*/templates"))]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".html", ".txt", ".svg"}:
                yield root, path


def test_the_scan_sees_the_templates():
    names = {path.relative_to(root).as_posix() for root, path in template_files()}
    assert {"base.html", "skp/editor.html", "alignment/map.html"} <= names
    assert names >= PDF_TEMPLATES, "a PDF template was renamed: update PDF_TEMPLATES"


def test_no_template_holds_inline_code_or_style():
    offences = []
    for root, path in template_files():
        name = path.relative_to(root).as_posix()
        if name in PDF_TEMPLATES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in FORBIDDEN.items():
                for match in pattern.finditer(line):
                    if what.startswith("an inline <script>") and DATA_SCRIPT.match(match.group(0)):
                        continue
                    offences.append(f"{name}:{number}: {what}: {line.strip()[:120]}")
    assert not offences, "inline code or style breaks the Content-Security-Policy:\n" + "\n".join(offences)


def parse_policy(header: str) -> dict[str, str]:
    policy = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            policy[name] = value.strip()
    return policy


def assert_strict_policy(response):
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    policy = parse_policy(header)
    for name, value in DIRECTIVES.items():
        assert policy.get(name) == value, (name, policy.get(name))
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


def test_anonymous_pages_are_sent_with_the_strict_policy(client, db):
    assert_strict_policy(client.get(reverse("accounts:login")))
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404  # the error page
    assert_strict_policy(missing)


def test_every_kind_of_page_is_sent_with_the_strict_policy(client, world):
    from kinerja.skp import services
    from kinerja.skp.models import Period

    period = Period.objects.create(instance=world.a, name="2026", year=2026, start_date=date(2026, 1, 1),
                                   end_date=date(2026, 12, 31), deadline=date(2026, 1, 31))
    skp = services.create_skp(actor=world.u_staff1, employee=world.staff1, period=period)
    client.force_login(world.u_staff1)
    pages = [reverse("home:home"), reverse("skp:mine"), reverse("skp:detail", args=[skp.pk]),
             reverse("skp:edit", args=[skp.pk]), reverse("planning:overview"), reverse("alignment:map"),
             reverse("socialisation:mine"), reverse("organization:tree"), reverse("api:docs")]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)
    # an htmx fragment carries it too (harmless, and nothing slips through unguarded)
    assert_strict_policy(client.get(reverse("organization:tree_search"), {"q": "Dinas"}, HTTP_HX_REQUEST="true"))
    # the platform operator's Django admin as well
    client.force_login(world.u_root)
    assert_strict_policy(client.get("/admin/"))
