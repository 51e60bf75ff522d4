"""JSON Schema files for editors, generated from the same models that validation uses."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from casebook.library.case_model import Case, Taxonomy
from casebook.library.quiz_model import Quiz, Track

SCHEMAS: dict[str, type[BaseModel]] = {
    "case.schema.json": Case,
    "quiz.schema.json": Quiz,
    "track.schema.json": Track,
    "taxonomy.schema.json": Taxonomy,
}


def schema_text(model: type[BaseModel]) -> str:
    """The model's JSON Schema, pretty-printed with Chinese kept readable."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema file into ``folder``; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, model in SCHEMAS.items():
        path = folder / name
        path.write_text(schema_text(model), encoding="utf-8")
        paths.append(path)
    return paths
