"""Quiz, exam, track and notebook pages: Markdown carrying the data the browser grades with.

Quiz data travels as JSON inside a hidden ``<template>`` marked ``data-search-exclude``:
Material's search skips it, so answers and explanations never reach the index.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import Any

from casebook.library.bank import BankQuestion, digest, pool_members, version
from casebook.library.load import Library
from casebook.library.quiz_model import (
    Dialogue,
    Module,
    MultipleChoice,
    Option,
    Ordering,
    Question,
    Quiz,
    SingleChoice,
    Track,
)
from casebook.render.boundary import html_text, json_block, md_inline, md_text, trusted

_TYPES = {"单选": "single", "多选": "multiple", "判断": "truefalse", "排序": "ordering", "对话": "dialogue"}


def page_url(uri: str) -> str:
    """The directory URL MkDocs gives a page (``use_directory_urls``): a/b.md → a/b/."""
    stem = uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


@lru_cache(maxsize=1 << 16)
def relative_url(target_uri: str, from_uri: str) -> str:
    """URL of one page as seen from another; JSON is not rewritten by MkDocs, so we do it here.

    Cached: every question links to its case, and posixpath.relpath resolves both paths each call."""
    rel = posixpath.relpath(page_url(target_uri) or ".", page_url(from_uri) or ".")
    return "./" if rel == "." else rel + "/"


def _options(options: list[Option]) -> list[dict[str, Any]]:
    return [{"id": o.id, "text": o.text, "feedback": o.feedback} for o in options]


def pooled_keys(lib: Library, bank: tuple[BankQuestion, ...]) -> frozenset[str]:
    """Keys of the questions some exam may draw: the trainee site never prints their answers."""
    if bank is lib.bank:
        return lib.pooled_keys
    return frozenset(m.key for quiz in lib.quizzes for pool in quiz.pools for m in pool_members(bank, pool))


def question_json(
    item: BankQuestion | tuple[Quiz, Question], lib: Library, page: str, pooled: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """One question as the browser sees it, with a link back to its case relative to ``page``."""
    quiz, q = (item.quiz, item.question) if isinstance(item, BankQuestion) else item
    key = f"{quiz.id}/{q.id}"
    data: dict[str, Any] = {
        "key": key,
        "version": version(q),
        "type": _TYPES[q.type],
        "prompt": q.prompt,
        "explanation": q.explanation,
        "case": None,
        "pooled": key in pooled,
    }
    if isinstance(q, SingleChoice | MultipleChoice):
        data["options"] = _options(q.options)
    if isinstance(q, Ordering):
        data["items"] = list(q.items)
    elif isinstance(q, Dialogue):
        data["steps"] = [{"customer": s.customer, "options": _options(s.options), "answer": s.answer} for s in q.steps]
    else:
        data["answer"] = q.answer
    if quiz.case:
        data["case"] = {"title": lib.case(quiz.case).title, "url": relative_url(f"cases/{quiz.case}.md", page)}
    return data


def quiz_json(
    quiz: Quiz, lib: Library, page: str, bank: tuple[BankQuestion, ...], *, trainer: bool = False
) -> dict[str, Any]:
    """A practice quiz with its questions, or an exam with its candidate questions and pools.

    ``trainer`` is for a trainer edition: its printable answer key then covers the questions
    exams draw too (the trainee site prints only the keys of questions no exam can draw)."""
    pooled = pooled_keys(lib, bank)
    data: dict[str, Any] = {
        "id": quiz.id,
        "title": quiz.title,
        "kind": "practice" if quiz.kind == "练习" else "exam",
        "version": quiz_version(quiz, bank),
        "passMark": quiz.pass_mark,
        "description": quiz.description,
        "timeLimitMinutes": quiz.time_limit_minutes,
        "trainer": trainer,
        "pools": [],
    }
    if quiz.kind == "练习":
        data["questions"] = [question_json((quiz, q), lib, page, pooled) for q in quiz.questions]
        return data
    pools = [pool_members(bank, pool) for pool in quiz.pools]
    candidates = {item.key: item for members in pools for item in members}
    data["questions"] = [question_json(item, lib, page, pooled) for item in candidates.values()]
    data["pools"] = [
        {"count": p.count, "keys": [m.key for m in members]} for p, members in zip(quiz.pools, pools, strict=True)
    ]
    return data


# An exam's version per (exam, bank) object pair: every track item and page asks for it again.
_EXAM_VERSIONS: dict[tuple[int, int], tuple[Quiz, tuple[BankQuestion, ...], str]] = {}


def quiz_version(quiz: Quiz, bank: tuple[BankQuestion, ...]) -> str:
    """A quiz's version; an exam's also follows every question it may draw, not only its own file."""
    if quiz.kind == "练习":
        return version(quiz)
    hit = _EXAM_VERSIONS.get((id(quiz), id(bank)))
    if hit is not None and hit[0] is quiz and hit[1] is bank:
        return hit[2]
    members = {m.key: m for pool in quiz.pools for m in pool_members(bank, pool)}
    value = digest(version(quiz) + "".join(version(m.question) for m in members.values()))
    if len(_EXAM_VERSIONS) > 256:  # a few exams per library; old libraries' entries go
        _EXAM_VERSIONS.clear()
    _EXAM_VERSIONS[(id(quiz), id(bank))] = (quiz, bank, value)
    return value


def quiz_block(quiz: Quiz, lib: Library, page: str, bank: tuple[BankQuestion, ...], *, trainer: bool = False) -> str:
    """The HTML a page carries for one quiz: a mount point and its data (``trainer``: see :func:`quiz_json`)."""
    mount = trusted(
        f'<div class="cb-quiz" data-quiz="{html_text(quiz.id)}">'
        '<p class="cb-noscript">测验需要在浏览器中启用 JavaScript。</p></div>'
    )
    return mount + "\n" + json_block(quiz_json(quiz, lib, page, bank, trainer=trainer), for_id=quiz.id)


def _page_title(lib: Library, uri: str) -> str:
    return lib.page_titles.get(uri, uri)


def track_json(track: Track, lib: Library, page: str, bank: tuple[BankQuestion, ...]) -> dict[str, Any]:
    """A track's modules and items, with URLs relative to ``page`` and quiz versions,
    so progress from an edited quiz no longer counts."""
    modules = []
    for module in track.modules:
        items: list[dict[str, Any]] = []
        for uri in module.pages:
            items.append(_item("page", _page_title(lib, uri), uri, page) | {"required": _required(module, "page", uri)})
        for case_id in module.cases:
            item = _item("case", lib.case(case_id).title, f"cases/{case_id}.md", page)
            items.append(item | {"required": _required(module, "case", case_id)})
        for quiz_id in module.quizzes:
            quiz = lib.quiz(quiz_id)
            item = _item("quiz", quiz.title, f"quizzes/{quiz_id}.md", page, quiz=quiz_id)
            items.append(item | {"version": quiz_version(quiz, bank), "required": _required(module, "quiz", quiz_id)})
        for case_id in module.roleplays:
            # Scored by an observer on paper, so the browser lists it but never waits for it.
            item = _item("roleplay", lib.case(case_id).title, f"roleplay/{case_id}.md", page)
            items.append(item | {"required": False})
        modules.append({"title": module.title, "description": module.description, "items": items})
    exam = lib.quiz(track.final_exam)
    return {
        "id": track.id,
        "title": track.title,
        "version": version(track),
        "modules": modules,
        "finalExam": {
            "id": exam.id,
            "title": exam.title,
            "url": relative_url(f"quizzes/{exam.id}.md", page),
            "passMark": exam.pass_mark,
            "version": quiz_version(exam, bank),
        },
    }


def _required(module: Module, kind: str, name: str) -> bool:
    """Whether the completion record waits for this item (the module's ``required`` and ``optional``)."""
    if module.required == "选修" or name in module.optional:
        return False
    return module.required == "全部" or kind == "quiz"


def _item(kind: str, title: str, uri: str, page: str, *, quiz: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "title": title, "url": relative_url(uri, page), "path": page_url(uri), "quiz": quiz}


def render_quiz_page(quiz: Quiz, lib: Library, bank: tuple[BankQuestion, ...], *, trainer: bool = False) -> str:
    """A quiz's own page (case quizzes are also shown at the end of their case page)."""
    uri = f"quizzes/{quiz.id}.md"
    lines = [f"# {md_inline(quiz.title)}", ""]
    if quiz.case:
        lines += [f"本测验对应案例：[{md_inline(lib.case(quiz.case).title)}](../cases/{quiz.case}.md)", ""]
    if quiz.kind == "考试":
        draw = sum(p.count for p in quiz.pools)
        lines += [f"每次考试从题库中随机抽取 {draw} 道题，及格线 {quiz.pass_mark} 分。重新作答会抽到不同的题目。", ""]
        if quiz.time_limit_minutes:
            limit = quiz.time_limit_minutes
            lines += [f"限时 {limit} 分钟：开始后页面显示倒计时，时间到自动交卷，刷新页面不会重新计时。", ""]
        lines += ["考试交卷后才显示对错和解析。", ""]
    lines += [quiz_block(quiz, lib, uri, bank, trainer=trainer), ""]
    return "\n".join(lines)


def render_quiz_index(lib: Library) -> str:
    """All quizzes: standalone ones first, then exams, then one per case."""
    lines = [
        "# 测验与考试",
        "",
        "每份测验都可以反复练习，成绩保存在本机浏览器中。答错的题目会自动收进[错题本](../training/notebook.md)。",
        "",
    ]
    groups = (
        ("专题测验", [q for q in lib.quizzes if q.kind == "练习" and not q.case]),
        ("考试", [q for q in lib.quizzes if q.kind == "考试"]),
        ("案例测验", [q for q in lib.quizzes if q.case]),
    )
    for heading, quizzes in groups:
        if quizzes:
            lines += [f"## {heading}", ""]
            lines += [f"- [{md_inline(q.title)}]({q.id}.md)" for q in quizzes]
            lines.append("")
    return "\n".join(lines)


_NOTICE = "成绩由学员在本机浏览器中自行记录，仅供培训参考，不作为正式考核凭证。"


def render_track_page(track: Track, lib: Library, bank: tuple[BankQuestion, ...]) -> str:
    """A track: its modules in order, with the trainee's progress drawn by the browser."""
    uri = f"training/{track.id}.md"
    return "\n".join(
        [
            f"# {md_inline(track.title)}",
            "",
            md_text(track.description),
            "",
            f'!!! note "关于成绩"\n\n    {_NOTICE}',
            "",
            trusted(f'<div class="cb-track" data-track="{html_text(track.id)}"></div>'),
            json_block(track_json(track, lib, uri, bank), for_id=track.id),
            "",
        ]
    )


def render_training_index(lib: Library, bank: tuple[BankQuestion, ...]) -> str:
    """The training home: both tracks with progress, the notebook and the quizzes."""
    uri = "training/index.md"
    lines = ["# 培训", "", "选择一条培训路线，按单元顺序学习，最后参加结业考试。", ""]
    for track in lib.tracks:
        lines += [f"## [{md_inline(track.title)}]({track.id}.md)", "", md_text(track.description), ""]
    lines += [
        "## 我的进度",
        "",
        trusted('<div class="cb-tracks-summary"></div>'),
        *[json_block(track_json(t, lib, uri, bank), for_id=t.id) for t in lib.tracks],
        "",
        "## 更多练习",
        "",
        "- [错题本](notebook.md)：答错的题目按间隔安排复习，今天到期的先练。",
        "- [全部测验与考试](../quizzes/index.md)",
        "",
        f"*{_NOTICE}*",
        "",
    ]
    return "\n".join(lines)


def render_notebook(lib: Library, bank: tuple[BankQuestion, ...]) -> str:
    """The mistake notebook: every practice question, so any wrong answer can be re-asked here."""
    uri = "training/notebook.md"
    pooled = pooled_keys(lib, bank)
    questions = {item.key: question_json(item, lib, uri, pooled) for item in bank}
    return "\n".join(
        [
            "# 错题本",
            "",
            "在任何测验中答错的题目都会收集到这里，并按间隔安排复习：每天先练今天到期的题。",
            "",
            trusted('<div class="cb-notebook"></div>'),
            json_block({"questions": questions}, for_id="bank"),
            "",
        ]
    )


def render_training_pages(lib: Library, *, trainer: bool = False) -> dict[str, str]:
    """Every quiz, exam, track and notebook page, keyed by ``src_uri``."""
    bank = lib.bank
    pages = {f"quizzes/{q.id}.md": render_quiz_page(q, lib, bank, trainer=trainer) for q in lib.quizzes}
    pages["quizzes/index.md"] = render_quiz_index(lib)
    pages["training/index.md"] = render_training_index(lib, bank)
    pages["training/notebook.md"] = render_notebook(lib, bank)
    for track in lib.tracks:
        pages[f"training/{track.id}.md"] = render_track_page(track, lib, bank)
    return pages
