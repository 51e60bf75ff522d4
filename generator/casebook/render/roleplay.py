"""The printable role-play card set of each case (``roleplay/<case-id>/``) and their index.

Each card is a ``<div class="cb-rp-card">`` opened and closed by a trusted line, with Markdown
between (every trainer text escaped by ``boundary``). The print style sheet starts each card on
its own A4 page and hides the site around it.
"""

from __future__ import annotations

import json
from functools import partial

from casebook.library.case_model import Case
from casebook.library.load import Library
from casebook.library.roleplay import AVOID_DEDUCTION, CardSet, Row, card_set
from casebook.render.boundary import html_text, md_inline, md_text, trusted
from casebook.render.first_visit import href
from casebook.render.memo import NO_CACHE, RenderCache

_CLOSE = trusted("</div>")


def _item(text: str) -> str:
    """Trainer text as a list item: continuation lines indented so they stay inside it."""
    return md_text(text).replace("\n", "\n  ")


def _cell(text: str) -> str:
    """Trainer text in a table cell: one line, ``|`` escaped, emphasis kept (as on the case page)."""
    return md_text(text).replace("\n", " ").replace("|", "\\|")


def roleplay_uri(case_id: str) -> str:
    return f"roleplay/{case_id}.md"


def _open(kind: str) -> str:
    return trusted(f'<div class="cb-rp-card cb-rp-card--{kind}">')


def _head(kind: str, cards: CardSet) -> list[str]:
    return [f"## {kind}", "", f"**案例**：{md_inline(cards.title)}", ""]


def _bullets(items: tuple[str, ...]) -> list[str]:
    return [f"- {_item(item)}" for item in items] + [""]


def customer_card(cards: CardSet) -> list[str]:
    """顾客角色卡: for whoever plays the customer."""
    lines = [_open("customer"), "", *_head("顾客角色卡", cards)]
    lines += ["*请扮演客户。不要把这张卡给扮演员工的人看。*", ""]
    lines += ["### 发生了什么", "", md_text(cards.story), ""]
    lines += ["### 你的心情", "", md_text(cards.feels), ""]
    lines += ["### 你想要什么", "", md_text(cards.wants), ""]
    if cards.opening:
        lines += ["### 开场白", "", f"> “{md_inline(cards.opening)}”", ""]
    lines += ["### 这些情况会让你更生气", "", *_bullets(cards.escalates)]
    lines += ["员工真诚道歉、问清情况并给出可行的办法时，你可以慢慢平静下来；不必刁难，但也不要轻易满意。", ""]
    return [*lines, _CLOSE, ""]


def employee_card(cards: CardSet) -> list[str]:
    """员工任务卡: the situation as the trainee meets it, and the task."""
    lines = [_open("employee"), "", *_head("员工任务卡", cards)]
    lines += ["### 你的岗位", "", md_text(cards.role), ""]
    lines += ["### 你遇到的情况", "", md_text(cards.situation), ""]
    lines += ["### 你的任务", "", md_text(cards.task), ""]
    return [*lines, _CLOSE, ""]


def _score_rows(rows: tuple[Row, ...]) -> list[str]:
    out = ["| 评分项 | 观察要点 | 分值 | 得分 |", "| --- | --- | --- | --- |"]
    out += [f"| {_cell(r.name)} | {_cell(r.hint)} | {r.points} | |" for r in rows]
    return [*out, ""]


def observer_card(cards: CardSet) -> list[str]:
    """观察评分表: the four steps, the case's countermeasures, phrases to avoid and the pass line."""
    steps = sum(r.points for r in cards.steps)
    checks = sum(r.points for r in cards.checks)
    lines = [_open("observer"), "", *_head("观察评分表", cards)]
    lines += ["学员：＿＿＿＿＿＿　观察员：＿＿＿＿＿＿　日期：＿＿＿＿＿＿", ""]
    lines += ["每项做到给满分，部分做到给一半，没有做到给 0 分。", ""]
    lines += [f"### 投诉处理四步法（{steps} 分）", "", *_score_rows(cards.steps)]
    lines += [f"### 本案例的应对措施（{checks} 分）", "", *_score_rows(cards.checks)]
    lines += [f"### 禁用语（每说出一句扣 {AVOID_DEDUCTION} 分）", ""]
    lines += ["| 禁用语（或意思相同的话） | 说出了 |", "| --- | --- |"]
    lines += [f"| {_cell(phrase)} | □ |" for phrase in cards.avoid]
    lines += ["", "### 结果", ""]
    lines += [f"满分 {cards.total} 分，**{cards.pass_mark} 分及格**（扣除禁用语后的得分）。", ""]
    lines += ["得分：＿＿＿＿　□ 通过　□ 未通过　观察员签字：＿＿＿＿＿＿", ""]
    return [*lines, _CLOSE, ""]


def render_roleplay_page(case: Case) -> str:
    """The three cards of one case, each printing on its own A4 page."""
    cards = card_set(case)
    intro = (
        f"用案例“[{md_inline(case.title)}](../cases/{case.id}.md)”做情景演练：一人扮演客户，一人扮演员工，"
        "一人按评分表观察打分。打印本页时，三张卡片各占一页 A4 纸。"
    )
    lines = [
        "---",
        f"description: {json.dumps('情景演练卡：' + case.title, ensure_ascii=False)}",
        "---",
        "",
        f"# 情景演练卡：{md_inline(case.title)}",
        "",
        trusted('<div class="cb-rp-intro">'),
        "",
        intro,
        "",
        _CLOSE,
        "",
    ]
    return "\n".join(lines + customer_card(cards) + employee_card(cards) + observer_card(cards))


def render_roleplay_index(lib: Library, *, file_urls: bool = False) -> str:
    """Every case's card set, for the trainer preparing the week-5 assessment."""
    lines = [
        "# 情景演练卡",
        "",
        "每个案例都有一套可打印的情景演练卡：顾客角色卡、员工任务卡和观察评分表。"
        "新员工入职第五周的模拟考核就用它们：带教老师或培训师扮演客户，学员扮演员工，观察员按评分表打分。",
        "",
    ]
    items = "".join(
        f'<li><a href="{html_text(href(roleplay_uri(c.id), "roleplay/index.md", file_urls=file_urls))}">'
        f"{html_text(c.title)}</a></li>"
        for c in lib.cases
    )
    lines.append(trusted(f"<ul>{items}</ul>"))  # HTML: see pages.case_list
    return "\n".join([*lines, ""])


def render_roleplay_pages(lib: Library, memo: RenderCache = NO_CACHE, *, file_urls: bool = False) -> dict[str, str]:
    """The card set of every case and the index, keyed by ``src_uri``."""
    pages = {}
    for case in lib.cases:
        uri = roleplay_uri(case.id)
        pages[uri] = memo.page(uri, (case,), partial(render_roleplay_page, case))
    pages["roleplay/index.md"] = render_roleplay_index(lib, file_urls=file_urls)
    return pages
