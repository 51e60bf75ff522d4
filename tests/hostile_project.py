"""A copy of the shipped project with the hostile corpus put into every text field we know of."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from helpers import REPO

CORPUS = Path(__file__).parent / "hostile" / "payloads.yaml"
HOSTILE_HOST = "host.example"  # every outside address in the corpus is on this host


def payloads() -> list[dict[str, Any]]:
    return list(yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["payloads"])


def accepted() -> list[str]:
    """Payloads valid as YAML input (the rest are refused by validation)."""
    return [p["text"] for p in payloads() if not p.get("refused")]


def refused() -> list[str]:
    return [p["text"] for p in payloads() if p.get("refused")]


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _line(text: str) -> str:
    return text.replace("\n", " ")


PRINCIPLE = '原则"><img src=x onerror=alert(50)>'


def _case(n: int, p: str) -> dict[str, Any]:
    return {
        "id": f"hostile-{n:02d}",
        "title": _line(f"标题{n}{p}"),
        "category": "人员服务/服务态度不佳",
        "principles": [PRINCIPLE],
        "tags": ["恶意内容"],  # markup in a tag is refused by validation (test_hostile.py)
        "source": _line(f"来源{p}"),
        "scenario": f"经过{p}",
        "analysis": [f"原因{p}"],
        "countermeasures": [f"措施{p}"],
        "summary": f"小结{p}",
        "scripts": [{"speaker": _line(f"客户{p}"), "line": f"话术{p}"}, {"speaker": "柜员", "line": p}],
        "avoid": [{"phrase": _line(f"禁用{p}"), "instead": _line(f"改说{p}")}],
        "roleplay": {
            "customer_feels": f"心情{p}",
            "escalates_if": [f"升级{p}"],
            "opening_line": _line(f"开场{p}"),
            "employee_role": _line(f"岗位{p}"),
            "employee_task": f"任务{p}",
            "avoid": [_line(f"演练禁用{p}")],
        },
    }


def _quiz(n: int, p: str) -> dict[str, Any]:
    option = {"text": _line(f"选项{p}"), "feedback": f"反馈{p}"}
    return {
        "id": f"hostile-{n:02d}",
        "title": _line(f"测验{n}{p}"),
        "case": f"hostile-{n:02d}",
        "description": f"说明{p}",
        "questions": [
            {
                "id": "q1",
                "type": "单选",
                "prompt": f"题干{p}",
                "options": [{"id": "a", **option}, {"id": "b", "text": "另一个选项"}],
                "answer": "a",
                "explanation": f"解析{p}",
            },
            {"id": "q2", "type": "判断", "prompt": f"判断{p}", "answer": True, "explanation": f"解析{p}"},
        ],
    }


def _docs_page(all_payloads: list[str]) -> str:
    title = '页面"></title><script>alert(70)</script>'
    body = "\n\n".join(f"第 {i} 段：{p}" for i, p in enumerate(all_payloads, 1))
    return (
        f"---\ntitle: {yaml.safe_dump(title, allow_unicode=True).splitlines()[0]}\n"
        f"description: {yaml.safe_dump(all_payloads[1], allow_unicode=True).splitlines()[0]}\n---\n\n"
        f"# 手写页面 {all_payloads[0]}\n\n## 小节 {all_payloads[2]}\n\n{body}\n"
    )


def build_hostile_project(root: Path) -> Path:
    """Write the hostile project into ``root`` (a new folder) and return it."""
    shutil.copytree(
        REPO,
        root,
        ignore=shutil.ignore_patterns(".venv", "site", "node_modules", ".git", "tests", "bench", ".casebook-*"),
    )
    good = accepted()
    taxonomy = yaml.safe_load((root / "taxonomy.yaml").read_text(encoding="utf-8"))
    joined = "\n\n".join(good)
    for group in ("categories", "causes", "principles", "business_lines", "channels"):
        for term in taxonomy[group]:
            term["description"] = f"{term.get('description') or '说明'}{joined}"
    taxonomy["principles"].append({"name": PRINCIPLE, "slug": "hostile", "description": joined})
    _dump(root / "taxonomy.yaml", taxonomy)
    for n, p in enumerate(good, 1):
        _dump(root / "cases" / f"hostile-{n:02d}.yaml", _case(n, p))
        _dump(root / "quizzes" / f"hostile-{n:02d}.yaml", _quiz(n, p))
    modules = [
        {
            "title": _line(f"单元{n}{p}"),
            "description": f"单元说明{p}",
            "cases": [f"hostile-{n:02d}"],
            "quizzes": [f"hostile-{n:02d}"],
            "roleplays": [f"hostile-{n:02d}"],
            **({"pages": ["knowledge/hostile.md"]} if n == 1 else {}),
        }
        for n, p in enumerate(good, 1)
    ]
    track = {
        "id": "hostile",
        "title": _line(f"路线{good[2]}"),
        "description": joined,
        "order": 3,
        "modules": modules,
        "final_exam": "advanced-review",
    }
    _dump(root / "quizzes" / "tracks" / "hostile.yaml", track)
    (root / "docs" / "knowledge" / "hostile.md").write_text(
        _docs_page([p["text"] for p in payloads()]), encoding="utf-8"
    )
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("copyright: 内部培训资料 · 请勿外传", "copyright: '内部</title><script>alert(80)</script>'")
    config = config.replace(
        "      - 投诉处理技巧: knowledge/handling-techniques.md",
        "      - 投诉处理技巧: knowledge/handling-techniques.md\n      - '手写<script>alert(81)</script>': knowledge/hostile.md",
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root
