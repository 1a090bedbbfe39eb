"""docs/api.md lists every endpoint of the OpenAPI schema (and nothing that is not there)."""

import re
from pathlib import Path

from kinerja.api.api import api

DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"
ROW = re.compile(r"^\| (GET|POST|PUT|PATCH|DELETE) \| `(/[^`]*)` \|", re.M)
TAG_SECTIONS = {  # schema tag → the heading of its table in docs/api.md
    "organization": "Organisation", "positions": "Positions", "people": "Employees",
    "socialisation": "Socialisation", "skp": "SKP", "alignment": "Alignment", "plan": "Organisation plan",
    "documents": "Documents and exports", "accounts": "The caller and API tokens", "progress": "Progress",
    "achievement": "Achievement (capaian)",
    "notifications": "Notifications",
    "feedback": "Feedback and performance dialogues",
    "evaluation": "Performance evaluation",
    "calibration": "Calibration and organisation predikat", "appeals": "Appeals (keberatan)",
    "evaluation-reports": "Evaluation reports",
    "360": "360 feedback",
    "monev": "Monitoring and evaluation team (tim monev)",
}


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path.removeprefix("/api/v1"))


def _schema_operations() -> dict[tuple[str, str], str]:
    schema = api.get_openapi_schema()
    return {(method.upper(), _shape(path)): op["tags"][0]
            for path, ops in schema["paths"].items() for method, op in ops.items()}


def _sections() -> dict[str, set[tuple[str, str]]]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### (.+)$", text, flags=re.M)
    return {title.strip(): {(m, _shape(p)) for m, p in ROW.findall(body)} for title, body in zip(
        parts[1::2], parts[2::2], strict=True)}


def test_every_endpoint_is_documented_in_its_section():
    operations, sections = _schema_operations(), _sections()
    assert set(TAG_SECTIONS.values()) <= set(sections), "a tag's section is missing from docs/api.md"
    assert set(operations.values()) <= set(TAG_SECTIONS), "a new tag: give it a section in docs/api.md"
    missing = sorted(f"{m} {p} ({tag})" for (m, p), tag in operations.items()
                     if (m, p) not in sections[TAG_SECTIONS[tag]])
    assert missing == [], "endpoints not in docs/api.md:\n" + "\n".join(missing)


def test_docs_list_no_endpoint_that_does_not_exist():
    documented = set().union(*_sections().values())
    stale = sorted(f"{m} {p}" for m, p in documented - set(_schema_operations()))
    assert stale == [], "docs/api.md lists endpoints that are not in the schema:\n" + "\n".join(stale)
