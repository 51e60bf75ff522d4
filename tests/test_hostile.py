"""The hostile corpus in every text field: the build passes the site audit and shows it as text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from casebook.publish.audit import SitePolicy, audit_site
from helpers import VALID_CASE, Project
from hostile_project import PRINCIPLE, accepted, payloads, refused
from test_audit import ENGINE

SITE = "案例通 · 银行客服投诉案例库"
POLICY = SitePolicy(
    base_path="/",
    site_url="http://127.0.0.1:8000/",
    scripts={*ENGINE, "assets/vendor/iframe-worker-shim.js"},
)


class _Head(HTMLParser):
    """The document title and meta description as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self.description: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "title" and self.title is None:
            self._in_title, self.title = True, ""
        if tag == "meta" and values.get("name") == "description":
            self.description = values.get("content")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False


def _head(path: Path) -> _Head:
    head = _Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def _plain(text: str) -> str:
    return " ".join(text.split())


def test_corpus_size() -> None:
    assert len(payloads()) == 44
    assert len(refused()) == 6


def test_hostile_site_passes_the_audit(hostile_site: Path) -> None:
    assert audit_site(hostile_site, POLICY) == []


@pytest.mark.parametrize("n", range(1, len(accepted()) + 1))
def test_titles_and_descriptions_survive_as_text(hostile_site: Path, n: int) -> None:
    """What the trainer typed is what the browser tab and the search engine snippet show."""
    p = accepted()[n - 1]
    case = _head(hostile_site / "cases" / f"hostile-{n:02d}" / "index.html")
    assert case.title == _plain(f"标题{n}{p}") + f" - {SITE}"
    assert case.description == _plain(f"小结{p}")
    quiz = _head(hostile_site / "quizzes" / f"hostile-{n:02d}" / "index.html")
    assert quiz.title == _plain(f"测验{n}{p}") + f" - {SITE}"
    cards = _head(hostile_site / "roleplay" / f"hostile-{n:02d}" / "index.html")
    assert cards.title == _plain(f"情景演练卡：标题{n}{p}") + f" - {SITE}"


def test_other_titles_survive_as_text(hostile_site: Path) -> None:
    assert _head(hostile_site / "browse" / "principle" / "hostile" / "index.html").title == f"{PRINCIPLE} - {SITE}"
    track = _head(hostile_site / "training" / "hostile" / "index.html")
    assert track.title == _plain(f"路线{accepted()[2]}") + f" - {SITE}"
    docs = _head(hostile_site / "knowledge" / "hostile" / "index.html")
    assert docs.title == f"手写<script>alert(81)</script> - {SITE}"  # the title given in nav wins
    assert docs.description == payloads()[1]["text"]
    copyright_line = re.search(r'md-copyright__highlight">\s*(.*?)\s*</div>', (hostile_site / "index.html").read_text())
    assert copyright_line is not None
    assert copyright_line.group(1) == "内部&lt;/title&gt;&lt;script&gt;alert(80)&lt;/script&gt;"


@pytest.mark.parametrize("payload", refused())
def test_refused_payloads_get_a_located_chinese_message(project: Project, payload: str) -> None:
    scenario = "scenario: " + yaml.safe_dump(payload, allow_unicode=True).splitlines()[0]
    project.case(
        "refused",
        VALID_CASE.format(id="refused").replace(
            "scenario: 客户的医保卡被自助机吞没，网点通知领卡时没有说明期限。", scenario
        ),
    )
    problems = project.problems()
    assert len(problems) == 1
    assert problems[0].startswith("cases/refused.yaml:7:11: 不允许外部链接或脚本链接“")
    assert problems[0].endswith("”：内网站点无法访问外部地址，请改为文字说明，或链接到本站页面")


def test_markup_in_a_tag_is_refused(project: Project) -> None:
    text = VALID_CASE.format(id="tagged").replace("tags: [吞卡, 医保卡]", 'tags: ["吞卡<script>"]')
    project.case("tagged", text)
    assert project.problems() == [
        "cases/tagged.yaml:6:8: 标签“吞卡<script>”只能包含中文、英文字母、数字和连字符（不能有空格、斜杠或标点），多个关键词请分成多个标签"
    ]
