"""What the browser draws for a trainee's first visit, written into the page at build time.

A quiz, track, training summary or notebook mount used to be an empty box the script filled, so
without JavaScript the page said nothing and with it the page jumped when the script ran. Each
mount now carries the markup the script draws when nothing is stored yet: the same text in the
same boxes (``div`` and ``span`` standing in for ``fieldset`` and ``input``, which the sanitiser
does not pass). Without JavaScript it reads and prints; with it, the script replaces it and, for a
first visit, nothing moves. These are mirrors of quiz.js, widgets.js, tracks.js and notebook.js:
tests/browser/test_first_visit.py compares each one with what the script draws, in Chromium.

Every function returns one line of registered HTML (``boundary.trusted``) built from escaped text.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

from casebook.library.bank import digest
from casebook.library.quiz_model import Dialogue, MultipleChoice, Option, Ordering, Question, Quiz, SingleChoice
from casebook.render.boundary import html_text, trusted

_NUMBERED = re.compile(r"^第\S*单元")
# A question's type as the browser names it (the quiz data's "type", the widgets' class names).
QUESTION_TYPES = {"单选": "single", "多选": "multiple", "判断": "truefalse", "排序": "ordering", "对话": "dialogue"}
KIND_LABELS = {"page": "阅读", "case": "案例", "quiz": "测验", "roleplay": "情景演练"}
NOTEBOOK_RULE = "答对一次升一级，分别隔 1、3、7、14 天再复习；第 5 级答对后移出错题本。答错则回到第 1 级，当天再练。"
NO_SCRIPT_QUIZ = "作答和自动评分需要在浏览器中启用 JavaScript；未启用时可以阅读和打印题目。"
NO_SCRIPT_EXAM = "考试需要在浏览器中启用 JavaScript：题目在开始时随机抽取，交卷后自动评分。"
NO_SCRIPT_PROGRESS = "学习进度保存在本机浏览器中，需要启用 JavaScript 才能显示；未启用时仍可按下面的链接学习。"


def _el(tag: str, cls: str, *children: str) -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<{tag}{attr}>{''.join(children)}</{tag}>"


def site_relpath(target: str, start: str) -> str:
    """``posixpath.relpath`` for the site's own clean relative paths (no ``..``).

    relpath makes both paths absolute against the working directory on every call: at 1,000
    cases the 20,000 links between questions and their cases spent a second in it."""
    to = [part for part in target.split("/") if part not in ("", ".")]
    base = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    while common < len(to) and common < len(base) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def href(target_uri: str, from_uri: str, *, file_urls: bool) -> str:
    """A link between two pages as the built site spells it: directory URLs (``cases/x/``) on a
    web server, file names (``cases/x.html``) in the offline bundle, where MkDocs writes no
    directories. The browser's ``pageHref`` maps the JSON's directory URLs the same way."""
    from casebook.render.training import relative_url  # training imports this module

    if not file_urls:
        return relative_url(target_uri, from_uri)
    target = target_uri.removesuffix(".md") + ".html"
    return site_relpath(target, posixpath.dirname(from_uri))


def _link(url: str, text: str) -> str:
    return f'<a href="{html_text(url)}">{html_text(text)}</a>'


# --- Quizzes -----------------------------------------------------------------------------------


def _legend(number: int, label: str, prompt: str) -> str:
    meta = _el("span", "cb-q-meta", html_text(f"第 {number} 题 · {label}"))
    return _el("p", "cb-q-legend", meta, " ", _el("span", "cb-q-prompt", html_text(prompt)))


def _options(options: Iterable[Option | str], mark: str, inline: bool = False) -> str:
    items = [
        _el(
            "span",
            "cb-option",
            _el("span", f"cb-static-mark cb-static-mark--{mark}", ""),
            _el("span", "cb-option-text", html_text(o.text if isinstance(o, Option) else o)),
        )
        for o in options
    ]
    return _el("div", "cb-options" + (" cb-options--inline" if inline else ""), *items)


def scrambled(items: list[str]) -> list[str]:
    """An ordering question's items in a fixed order that is not the answer (the YAML lists the
    answer), so a page printed without JavaScript does not give it away."""
    out = sorted(items, key=lambda text: digest(text))
    if out == items and len(set(items)) > 1:
        out.reverse()
    return out


def question_markup(q: Question, number: int) -> str:
    """One question as widgets.js draws it before any answer."""
    kind = QUESTION_TYPES[q.type]
    cls = f"cb-q cb-q--{kind} cb-static-q"
    if isinstance(q, SingleChoice | MultipleChoice):
        multiple = isinstance(q, MultipleChoice)
        extra = "（可多选）" if multiple else ""
        body = _options(q.options, "box" if multiple else "circle")
        return _el("div", cls, _legend(number, q.type + extra, q.prompt), body)
    if isinstance(q, Ordering):
        hint = _el("p", "cb-hint", "用“上移”“下移”按钮把各项排成正确的顺序。")
        items = [_el("li", "cb-order-item", _el("span", "cb-order-text", html_text(t))) for t in scrambled(q.items)]
        return _el("div", cls, _legend(number, q.type, q.prompt), hint, _el("ol", "cb-order", *items))
    if isinstance(q, Dialogue):
        steps = []
        for si, step in enumerate(q.steps, 1):
            meta = _el("span", "cb-step-meta", html_text(f"第 {si} 轮 · 客户说："))
            legend = _el("p", "cb-step-legend", meta, " ", _el("span", "cb-bubble", html_text(step.customer)))
            steps.append(
                _el("div", "cb-step", legend, _el("p", "cb-hint", "你的回应："), _options(step.options, "circle"))
            )
        return _el("div", cls, _legend(number, "情景对话", q.prompt), *steps)
    legend = _legend(number, q.type + "（判断这个说法对不对）", q.prompt)
    return _el("div", cls, legend, _options(["对", "错"], "circle", inline=True))


@dataclass(frozen=True)
class QuizPlace:
    """Where a quiz sits: whether its title repeats the page's ``# heading`` (quiz.js then leaves
    it out) and the level of the heading it would get (``CB.headingLevelFor``)."""

    title_is_h1: bool
    level: int


def quiz_markup(quiz: Quiz, place: QuizPlace) -> str:
    """A practice quiz's questions in YAML order (the script shuffles options per attempt), or an
    exam's rules: its questions are drawn when it starts."""
    parts = []
    if not place.title_is_h1:
        parts.append(_el(f"h{place.level}", "cb-quiz-title", html_text(quiz.title)))
    if quiz.description:
        parts.append(_el("p", "cb-quiz-desc", html_text(quiz.description)))
    if quiz.kind == "考试":
        draw = sum(p.count for p in quiz.pools)
        meta = f"本次考试随机抽取 {draw} 题 · 及格线 {quiz.pass_mark} 分"
        if quiz.time_limit_minutes:
            meta += f" · 限时 {quiz.time_limit_minutes} 分钟"
        parts += [_el("p", "cb-quiz-meta", html_text(meta)), _el("p", "cb-noscript", NO_SCRIPT_EXAM)]
    else:
        parts.append(_el("p", "cb-quiz-meta", html_text(f"共 {len(quiz.questions)} 题 · 及格线 {quiz.pass_mark} 分")))
        parts.append(_el("div", "cb-questions", *(question_markup(q, i) for i, q in enumerate(quiz.questions, 1))))
        parts.append(_el("div", "cb-actions", _el("p", "cb-noscript", NO_SCRIPT_QUIZ)))
    return trusted(f'<div class="cb-quiz" data-quiz="{html_text(quiz.id)}">{"".join(parts)}</div>')


# --- Tracks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One track item as the first visit shows it: not done, not answered."""

    kind: str
    title: str
    url: str
    required: bool


@dataclass(frozen=True)
class ModuleView:
    title: str
    description: str | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class TrackView:
    id: str
    title: str
    modules: tuple[ModuleView, ...]
    exam_title: str
    exam_url: str
    exam_pass_mark: int

    @property
    def total(self) -> int:
        return sum(len(m.items) for m in self.modules) + 1  # + the final exam

    @property
    def missing(self) -> list[Item]:
        return [it for m in self.modules for it in m.items if it.required]


def _progress(label: str, total: int) -> str:
    text = f"已完成 0/{total} 项（0%）"
    bar = _el("div", "cb-progress", _el("div", "cb-progress-fill", ""))
    return _el("div", "cb-track-overall", _el("p", "cb-track-progress-text", html_text(label + text)), bar)


def _item(it: Item) -> str:
    optional = ""
    if not it.required:
        optional = _el(
            "span", "cb-item-optional", "（观察员评分，不计入结业条件）" if it.kind == "roleplay" else "（选学）"
        )
    extra = _el("span", "cb-item-extra", " 未作答") if it.kind == "quiz" else ""
    return _el(
        "li",
        f"cb-item cb-item--{it.kind}",
        _el("span", "cb-check", ""),
        _el("span", "cb-sr-only", "未完成："),
        _el("span", "cb-item-kind", KIND_LABELS[it.kind]),
        " ",
        _link(it.url, it.title),
        optional,
        extra,
    )


def _module(m: ModuleView, number: int, level: int) -> str:
    # Titles like "第一单元 服务规范" already carry their number.
    num = "" if _NUMBERED.match(m.title) else _el("span", "cb-module-num", f"第 {number} 单元 ")
    title = _el(
        f"h{level}", "cb-module-title", num, html_text(m.title), " ", _el("span", "cb-status cb-status--todo", "未开始")
    )
    desc = _el("p", "cb-module-desc", html_text(m.description)) if m.description else ""
    return _el("li", "cb-module cb-module--todo", title, desc, _el("ul", "cb-items", *(_item(it) for it in m.items)))


def track_markup(track: TrackView, level: int = 2) -> str:
    """tracks.js's ``renderTrack`` for empty storage: nothing done, the exam not taken."""
    missing = track.missing
    shown = [_el("li", "", _link(it.url, it.title)) for it in missing[:8]]
    if len(missing) > 8:
        shown.append(_el("li", "", f"……另有 {len(missing) - 8} 项"))
    hint = f"还有 {len(missing)} 项必修内容没有完成；全部完成并通过结业考试后，才能生成结业记录："
    locked = (
        _el("div", "cb-locked", _el("p", "cb-hint", html_text(hint)), _el("ul", "cb-missing", *shown))
        if missing
        else _el("p", "cb-hint", "通过结业考试后，可以在这里填写姓名，生成并打印结业记录。")
    )
    exam_line = _el(
        "p",
        "",
        _el("span", "cb-check", ""),
        _link(track.exam_url, track.exam_title),
        f" · 及格线 {track.exam_pass_mark} 分",
    )
    final = _el(
        "div",
        "cb-final",
        _el(f"h{level}", "cb-final-title", "结业考试 ", _el("span", "cb-status cb-status--todo", "未参加")),
        exam_line,
        locked,
    )
    modules = _el("ol", "cb-modules", *(_module(m, i, level) for i, m in enumerate(track.modules, 1)))
    body = _progress("学习进度：", track.total) + modules + final + _el("p", "cb-noscript", NO_SCRIPT_PROGRESS)
    return trusted(f'<div class="cb-track" data-track="{html_text(track.id)}">{body}</div>')


def tracks_summary_markup(tracks: list[TrackView]) -> str:
    """tracks.js's ``initTrackSummaries`` for empty storage."""
    if not tracks:
        return trusted('<div class="cb-tracks-summary"><p class="cb-hint">暂无培训路线。</p></div>')
    lines = []
    for t in tracks:
        text = _el(
            "p",
            "cb-track-line-text",
            _el("strong", "", html_text(t.title)),
            html_text(f"：已完成 0/{t.total} 项（0%）"),
        )
        lines.append(_el("li", "cb-track-line", text, _el("div", "cb-progress", _el("div", "cb-progress-fill", ""))))
    return trusted(f'<div class="cb-tracks-summary">{_el("ul", "cb-tracks-list", *lines)}</div>')


def notebook_markup() -> str:
    """notebook.js's empty notebook, which is also what a first visit shows."""
    empty = _el(
        "div",
        "cb-nb-empty",
        _el("p", "cb-nb-empty-title", "错题本是空的。"),
        _el("p", "cb-hint", html_text("在测验和考试中答错的题目会自动收进这里，并按间隔安排复习。" + NOTEBOOK_RULE)),
    )
    note = _el("p", "cb-noscript", "错题本保存在本机浏览器中，需要启用 JavaScript 才能显示和练习。")
    return trusted(f'<div class="cb-notebook">{empty}{note}</div>')
