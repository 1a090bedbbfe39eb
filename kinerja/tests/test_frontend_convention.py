"""The front-end convention (docs/architecture.md "Front-end convention"), checked on the files themselves:
one JavaScript style in every static script of the project, static files in the app that owns them, and one
inline-form component."""

from __future__ import annotations

import re
from pathlib import Path

import kinerja

PACKAGE = Path(kinerja.__file__).resolve().parent

# kinerja/static/kinerja holds only what every page loads (base.html); an app's files live in
# kinerja/<app>/static/<app>/.
SITE_WIDE = {"app.css", "app.js", "favicon.svg"}

STYLE = {
    "`var` (use const or let)": re.compile(r"\bvar\s"),
    "a `function` (use an arrow function)": re.compile(r"\bfunction\b"),
    # an XMLHttpRequest (``xhr``, ``xhr.upload``: an upload's progress) is no element and cannot be delegated;
    # nor is a service worker's global scope (``self``: install, activate, fetch, message; it has no document)
    "a listener on an element (delegate from document, keyed by a data-* attribute)":
        re.compile(r"(?<!\bdocument)(?<!\bxhr)(?<!\bxhr\.upload)(?<!\bself)\.addEventListener\("),
    "an on… property handler (delegate from document)": re.compile(r"\.on[a-z]+\s*=(?!=)"),
}
LEADING_COMMENTS = re.compile(r"\A(?:\s*(?://[^\n]*|/\*.*?\*/))*\s*", re.S)


def script_files() -> list[Path]:
    """Every JavaScript file of the project's static folders (not node_modules, not vendored copies)."""
    return sorted(path for path in PACKAGE.glob("**/static/**/*.js")
                  if not {"node_modules", "vendor"} & set(path.relative_to(PACKAGE).parts))


def test_the_scan_sees_the_scripts():
    names = {path.relative_to(PACKAGE).as_posix() for path in script_files()}
    assert {"static/kinerja/app.js", "skp/static/skp/skp.js", "planning/static/planning/planning.js"} <= names


def test_every_script_is_one_strict_block_scoped_file_of_delegated_listeners():
    problems = []
    for path in script_files():
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(PACKAGE).as_posix()
        body = text[LEADING_COMMENTS.match(text).end():]
        if not body.startswith('(() => {\n  "use strict";\n') or not body.rstrip().endswith("})();"):
            problems.append(f'{where}: its body is not `(() => {{ "use strict"; … }})();`')
        for what, pattern in STYLE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{where}:{line}: {what}")
    assert not problems, "\n".join(problems)


def test_the_style_check_catches_the_old_style():
    old = 'var x = 1; button.addEventListener("click", function () {}); el.onclick = go;'
    found = [what for what, pattern in STYLE.items() if pattern.search(old)]
    assert len(found) == len(STYLE)
    assert not any(p.search('document.addEventListener("click", (e) => { if (a === b) go(); });')
                   for p in STYLE.values())


def test_site_wide_static_folder_holds_only_the_site_wide_files():
    present = {path.name for path in (PACKAGE / "static" / "kinerja").iterdir()}
    assert present == SITE_WIDE, f"move app files to kinerja/<app>/static/<app>/: {sorted(present - SITE_WIDE)}"


def test_every_app_static_file_is_under_its_own_app_name():
    wrong = []
    for path in PACKAGE.glob("*/static/*"):
        if path.parent.parent.name != path.name:
            wrong.append(path.relative_to(PACKAGE).as_posix())
    assert not wrong, f"an app's static files go in kinerja/<app>/static/<app>/: {wrong}"


def test_inline_forms_use_the_one_component():
    """Every htmx form swapped into a row or slot is templates/components/inline_form.html: no template but the
    component carries the inline-form markup, and the wrappers include it."""
    own = []
    for path in sorted(PACKAGE.glob("**/templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.endswith("components/inline_form.html"):
            continue
        if re.search(r'class="[^"]*\binline-form\b', text) or "data-inline-form" in text:
            own.append(rel)
    assert not own, f"an inline form of its own (include components/inline_form.html): {own}"
    for wrapper in ("skp/_inline_form.html", "planning/_inline_form.html"):
        assert '{% include "components/inline_form.html"' in (PACKAGE / "templates" / wrapper).read_text()
