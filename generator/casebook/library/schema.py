"""JSON Schema files for editors, generated from the models and the taxonomy that validation uses.

The editor must agree with ``casebook validate``, so the generated schema is tightened where pydantic's
output is looser than the checks: taxonomy values become enums, text must hold a visible character,
and question types select their fields with ``if``/``then`` (JSON Schema validators ignore pydantic's
``discriminator``, and a plain ``oneOf`` reports every other type's fields as the error).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from casebook.library.case_model import NON_BLANK_PATTERN, Case, Taxonomy, Term
from casebook.library.quiz_model import QUESTION_TYPES, Quiz, Track
from casebook.library.validate import QUESTION_MODELS, to_model
from casebook.sources.yamlsrc import read_yaml

SCHEMAS: dict[str, type[BaseModel]] = {
    "case.schema.json": Case,
    "quiz.schema.json": Quiz,
    "track.schema.json": Track,
    "taxonomy.schema.json": Taxonomy,
}

_QUESTION_DEFS = {
    "单选": "SingleChoice",
    "多选": "MultipleChoice",
    "判断": "TrueFalse",
    "排序": "Ordering",
    "对话": "Dialogue",
}


def schema_text(model: type[BaseModel], taxonomy: Taxonomy | None = None) -> str:
    """The model's JSON Schema, pretty-printed with Chinese kept readable."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    _non_blank(schema)
    if model is Quiz:
        _question_types(schema)
    if taxonomy is not None and model is Case:
        _case_enums(schema, taxonomy)
    if taxonomy is not None and model is Quiz:
        pool = schema["$defs"]["Pool"]["properties"]["categories"]
        pool["items"]["enum"] = [c.name for c in taxonomy.categories] + _categories(taxonomy)
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _non_blank(node: Any) -> None:
    """Text fields refuse whitespace-only and zero-width-only text, as validation does."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("minLength") == 1 and "pattern" not in node:
            node["pattern"] = NON_BLANK_PATTERN
        for value in node.values():
            _non_blank(value)
    elif isinstance(node, list):
        for value in node:
            _non_blank(value)


def _question_types(schema: dict[str, Any]) -> None:
    """Pick a question's fields by its ``type``, so an editor names the field that is wrong."""
    items = schema["properties"]["questions"]["items"]
    items.clear()
    items.update(
        {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"enum": list(QUESTION_TYPES), "title": "题型"}},
            "allOf": [
                {
                    "if": {"properties": {"type": {"const": tag}}, "required": ["type"]},
                    "then": {"$ref": f"#/$defs/{member.__name__}"},
                }
                for tag, member in QUESTION_MODELS.items()
            ],
        }
    )


def _categories(taxonomy: Taxonomy) -> list[str]:
    return [f"{c.name}/{s.name}" for c in taxonomy.categories for s in c.subcategories]


def _names(terms: list[Term]) -> list[str]:
    return [t.name for t in terms]


def _case_enums(schema: dict[str, Any], taxonomy: Taxonomy) -> None:
    props = schema["properties"]
    props["category"]["enum"] = _categories(taxonomy)
    single = {
        "cause": taxonomy.causes,
        "business_line": taxonomy.business_lines,
        "channel": taxonomy.channels,
        "responsibility": taxonomy.responsibilities,
        "difficulty": taxonomy.difficulties,
    }
    for key, terms in single.items():
        text = next(branch for branch in props[key]["anyOf"] if branch.get("type") == "string")
        text["enum"] = _names(terms)
    props["principles"]["items"]["enum"] = _names(taxonomy.principles)
    props["audience"]["items"]["enum"] = _names(taxonomy.audiences)


def load_taxonomy_for_schema(path: Path) -> Taxonomy | None:
    """The project's taxonomy, if it is valid (an invalid one is for ``validate`` to report)."""
    if not path.is_file():
        return None
    source, problems = read_yaml(path, path.name)
    if source is None or problems:
        return None
    taxonomy, problems = to_model(source, Taxonomy)
    return taxonomy


def write_schemas(folder: Path, taxonomy_path: Path | None = None) -> list[Path]:
    """Write every schema file into ``folder`` (enums from the taxonomy beside it); returns the paths written."""
    taxonomy = load_taxonomy_for_schema(taxonomy_path or folder.parent / "taxonomy.yaml")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, model in SCHEMAS.items():
        path = folder / name
        path.write_text(schema_text(model, taxonomy), encoding="utf-8")
        paths.append(path)
    return paths
