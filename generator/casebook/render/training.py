"""Quiz, exam, track and notebook pages: Markdown carrying the data the browser grades with.

Quiz data travels as JSON inside a hidden ``<template>`` marked ``data-search-exclude``:
Material's search skips it, so answers and explanations never reach the index.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache, partial
from typing import Any

from casebook.library.bank import BankQuestion, digest, pool_members, version
from casebook.library.load import Library
from casebook.library.quiz_model import (
    Dialogue,
    Module,
    MultipleChoice,
    Option,
    Ordering,
    Pool,
    Question,
    Quiz,
    SingleChoice,
    Track,
)
from casebook.render.boundary import json_block, json_text, md_inline, md_text
from casebook.render.first_visit import (
    QUESTION_TYPES,
    Item,
    ModuleView,
    QuizPlace,
    TrackView,
    href,
    notebook_markup,
    quiz_markup,
    site_relpath,
    track_markup,
    tracks_summary_markup,
)
from casebook.render.memo import NO_CACHE, RenderCache


def page_url(uri: str) -> str:
    """The directory URL MkDocs gives a page (``use_directory_urls``): a/b.md → a/b/."""
    stem = uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


@lru_cache(maxsize=1 << 16)
def relative_url(target_uri: str, from_uri: str) -> str:
    """URL of one page as seen from another; JSON is not rewritten by MkDocs, so we do it here.

    Cached: every question links to its case."""
    rel = site_relpath(page_url(target_uri), page_url(from_uri))
    return "./" if rel == "." else rel + "/"


def _options(options: list[Option]) -> list[dict[str, Any]]:
    return [{"id": o.id, "text": o.text, "feedback": o.feedback} for o in options]


def members(lib: Library, bank: tuple[BankQuestion, ...], pool: Pool) -> list[BankQuestion]:
    """A pool's questions, cached per library when ``bank`` is the library's own."""
    return lib.pool_members(pool) if bank is lib.bank else pool_members(bank, pool)


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
        "type": QUESTION_TYPES[q.type],
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
    """A practice quiz with its questions, or an exam with its pools.

    On the trainee site an exam carries no question: the browser draws keys from the pools and
    loads just those questions from the per-quiz files (:func:`render_bank_files`), so an exam
    page stays small and does not change when a case title does. ``trainer`` is for a trainer
    edition: its exams carry every candidate question, and its printable answer key covers them
    (the trainee site prints only the keys of questions no exam can draw)."""
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
    pools = [members(lib, bank, pool) for pool in quiz.pools]
    if trainer:
        candidates = {item.key: item for members in pools for item in members}
        data["questions"] = [question_json(item, lib, page, pooled) for item in candidates.values()]
    else:
        data["questions"] = []
        data["bank"] = True
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


# A case page's quiz comes under its "## 案例测验" heading, with its own title.
IN_CASE_PAGE = QuizPlace(title_is_h1=False, level=3)
OWN_PAGE = QuizPlace(title_is_h1=True, level=2)


def quiz_block(
    quiz: Quiz,
    lib: Library,
    page: str,
    bank: tuple[BankQuestion, ...],
    *,
    trainer: bool = False,
    place: QuizPlace = IN_CASE_PAGE,
) -> str:
    """The HTML a page carries for one quiz: its first-visit markup and its data.

    ``trainer``: see :func:`quiz_json`."""
    return (
        quiz_markup(quiz, place) + "\n" + json_block(quiz_json(quiz, lib, page, bank, trainer=trainer), for_id=quiz.id)
    )


def _page_title(lib: Library, uri: str) -> str:
    return lib.page_titles.get(uri, uri)


def _track_items(track: Track, lib: Library, module: Module) -> list[tuple[str, str, str, str | None, bool]]:
    """A module's items in page order: (kind, title, src_uri, quiz id, required)."""
    items: list[tuple[str, str, str, str | None, bool]] = []
    items += [("page", _page_title(lib, uri), uri, None, _required(module, "page", uri)) for uri in module.pages]
    for case_id in module.cases:
        items.append(("case", lib.case(case_id).title, f"cases/{case_id}.md", None, _required(module, "case", case_id)))
    for quiz_id in module.quizzes:
        items.append(
            ("quiz", lib.quiz(quiz_id).title, f"quizzes/{quiz_id}.md", quiz_id, _required(module, "quiz", quiz_id))
        )
    # A role-play is scored by an observer on paper, so the browser lists it but never waits for it.
    items += [("roleplay", lib.case(c).title, f"roleplay/{c}.md", None, False) for c in module.roleplays]
    return items


def track_json(track: Track, lib: Library, page: str, bank: tuple[BankQuestion, ...]) -> dict[str, Any]:
    """A track's modules and items, with URLs relative to ``page`` and quiz versions,
    so progress from an edited quiz no longer counts."""
    modules = []
    for module in track.modules:
        items: list[dict[str, Any]] = []
        for kind, title, uri, quiz_id, required in _track_items(track, lib, module):
            item = _item(kind, title, uri, page, quiz=quiz_id) | {"required": required}
            if quiz_id is not None:
                item["version"] = quiz_version(lib.quiz(quiz_id), bank)
            items.append(item)
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


def track_view(track: Track, lib: Library, page: str, *, file_urls: bool) -> TrackView:
    """A track as its first visit shows it, with links as the built site spells them."""
    modules = []
    for module in track.modules:
        items = tuple(
            Item(kind, title, href(uri, page, file_urls=file_urls), required)
            for kind, title, uri, _quiz, required in _track_items(track, lib, module)
        )
        modules.append(ModuleView(module.title, module.description, items))
    exam = lib.quiz(track.final_exam)
    exam_url = href(f"quizzes/{exam.id}.md", page, file_urls=file_urls)
    return TrackView(track.id, track.title, tuple(modules), exam.title, exam_url, exam.pass_mark)


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
    lines += [quiz_block(quiz, lib, uri, bank, trainer=trainer, place=OWN_PAGE), ""]
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


def render_track_page(track: Track, lib: Library, bank: tuple[BankQuestion, ...], *, file_urls: bool = False) -> str:
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
            track_markup(track_view(track, lib, uri, file_urls=file_urls)),
            json_block(track_json(track, lib, uri, bank), for_id=track.id),
            "",
        ]
    )


def render_training_index(lib: Library, bank: tuple[BankQuestion, ...], *, file_urls: bool = False) -> str:
    """The training home: both tracks with progress, the notebook and the quizzes."""
    uri = "training/index.md"
    lines = ["# 培训", "", "选择一条培训路线，按单元顺序学习，最后参加结业考试。", ""]
    for track in lib.tracks:
        lines += [f"## [{md_inline(track.title)}]({track.id}.md)", "", md_text(track.description), ""]
    lines += [
        "## 我的进度",
        "",
        tracks_summary_markup([track_view(t, lib, uri, file_urls=file_urls) for t in lib.tracks]),
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


BANK_FOLDER = "assets/casebook/bank"


def render_notebook(lib: Library) -> str:
    """The mistake notebook. It carries only the current version of every question it can hold:
    the questions themselves are in one script file per quiz (:func:`render_bank_files`), and the
    browser loads those of the quizzes it has entries for."""
    versions = {item.key: version(item.question) for item in lib.bank}
    return "\n".join(
        [
            "# 错题本",
            "",
            "在任何测验中答错的题目都会收集到这里，并按间隔安排复习：每天先练今天到期的题。",
            "",
            notebook_markup(),
            json_block({"versions": versions}, for_id="bank"),
            "",
        ]
    )


def render_bank_files(lib: Library, bank: tuple[BankQuestion, ...], memo: RenderCache = NO_CACHE) -> dict[str, str]:
    """``assets/casebook/bank/<quiz id>.js`` per quiz: its questions as the 错题本 asks them (case
    links relative to the notebook page). Script files, not JSON: a page opened from disk (the
    offline bundle) cannot fetch a file, but it can load a script. The JSON text is also a valid
    JavaScript expression (``json_text`` escapes U+2028/2029) and cannot end the statement early."""
    page = "training/notebook.md"
    pooled = pooled_keys(lib, bank)
    by_quiz: dict[str, list[BankQuestion]] = {}
    for item in bank:
        by_quiz.setdefault(item.quiz.id, []).append(item)

    def render(items: list[BankQuestion]) -> str:
        return bank_script(items[0].quiz.id, {i.key: question_json(i, lib, page, pooled) for i in items})

    files = {}
    for quiz_id, items in by_quiz.items():
        uri = f"{BANK_FOLDER}/{quiz_id}.js"
        files[uri] = memo.page(uri, quiz_key(items[0].quiz, lib, bank, pooled), partial(render, items))
    return files


def quiz_key(
    quiz: Quiz, lib: Library, bank: tuple[BankQuestion, ...], pooled: frozenset[str], *, trainer: bool = False
) -> tuple[object, ...]:
    """What a quiz's data is made of (see ``RenderCache``): the quiz, the title of the case it
    links to (only the title: editing a case's story changes no quiz), and which of its questions
    exams draw; for an exam, the keys and versions of every question it may draw, and in a
    trainer edition, which carries those questions, their case titles too."""
    if quiz.kind == "练习":
        title = lib.case(quiz.case).title if quiz.case else None
        return (quiz, title, *(f"{quiz.id}/{q.id}" in pooled for q in quiz.questions))
    key: list[object] = [quiz]
    for pool in quiz.pools:
        drawn_from = members(lib, bank, pool)
        key.append(len(drawn_from))
        for m in drawn_from:
            key += [m.quiz, m.question]
            if trainer:
                key.append(lib.case(m.quiz.case).title if m.quiz.case else None)
    return tuple(key)


_BANK_HEAD = "/* 由 casebook 生成的数据，请勿手工修改。 */\n(window.CasebookBank = window.CasebookBank || {})["
# The class report's library data (render/class_report.py): no quiz id starts with "_".
REPORT_DATA = "_report"
_BANK_ID = re.compile(rf'"(?:[a-z0-9][a-z0-9-]*|{re.escape(REPORT_DATA)})"')


def bank_script(quiz_id: str, questions: dict[str, Any]) -> str:
    """One question file: a single assignment of JSON data (format: CONTRACT.md, "Notebook bank")."""
    return data_script(quiz_id, {"questions": questions})


def data_script(name: str, data: dict[str, Any]) -> str:
    """``assets/casebook/bank/<name>.js``: ``data`` as a script that does nothing but assign it."""
    return f"{_BANK_HEAD}{json_text(name)}] = {json_text(data)};\n"


def bank_script_data(text: str) -> Any | None:
    """The data of a question file, or None unless ``text`` is exactly what :func:`bank_script`
    writes: the site audit lets such a file through because it can do nothing but assign data."""
    if not (text.startswith(_BANK_HEAD) and text.endswith(";\n")):
        return None
    quiz_id, sep, rest = text[len(_BANK_HEAD) : -2].partition("] = ")
    if not sep or not _BANK_ID.fullmatch(quiz_id):
        return None
    try:
        return json.loads(rest)
    except ValueError:
        return None


def render_training_pages(
    lib: Library, *, trainer: bool = False, file_urls: bool = False, memo: RenderCache = NO_CACHE
) -> dict[str, str]:
    """Every quiz, exam, track and notebook page, keyed by ``src_uri``, and the notebook's question files.

    ``file_urls``: links for the offline bundle (``name.html``, see :func:`first_visit.href`)."""
    bank = lib.bank
    pooled = pooled_keys(lib, bank)
    pages = {}
    for quiz in lib.quizzes:
        uri = f"quizzes/{quiz.id}.md"
        key = (trainer, *quiz_key(quiz, lib, bank, pooled, trainer=trainer))
        pages[uri] = memo.page(uri, key, partial(render_quiz_page, quiz, lib, bank, trainer=trainer))
    pages["quizzes/index.md"] = render_quiz_index(lib)
    pages["training/index.md"] = render_training_index(lib, bank, file_urls=file_urls)
    pages["training/notebook.md"] = render_notebook(lib)
    for track in lib.tracks:
        pages[f"training/{track.id}.md"] = render_track_page(track, lib, bank, file_urls=file_urls)
    pages.update(render_bank_files(lib, bank, memo))
    return pages
