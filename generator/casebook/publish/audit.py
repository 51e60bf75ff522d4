"""The site audit: read every page and stylesheet of a finished build and refuse to publish
one that could run script or make the browser fetch anything outside the site.

The audit does not trust the sanitiser: it parses what was actually written, with the standard
library's HTML parser, and is the oracle the hostile-content tests assert on.
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import material

from casebook import helper_process
from casebook.publish.swap import STORE_SUFFIX
from casebook.render.training import BANK_FOLDER, bank_script_data
from casebook.sources.walk import walk

_FORBIDDEN_TAGS = {"base", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "portal"}
# Material's search box and colour switch: forms that submit nowhere (no action).
_MATERIAL_FORMS = {"md-search__form", "md-header__option"}
_URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "poster", "data", "background", "cite", "ping",
    "xlink:href", "manifest", "icon", "longdesc", "lowsrc", "dynsrc",
}  # fmt: skip
_SRCSET = {"srcset", "imagesrcset"}
_SCRIPT_SCHEMES = ("javascript:", "vbscript:")
_CSS_URL = re.compile(
    r"""url\(\s*(?P<q>["']?)(?P<url>.*?)(?P=q)\s*\)|@import\s+(?P<iq>["'])(?P<import>.*?)(?P=iq)""", re.I
)
_IGNORED = re.compile(r"[\t\n\r]")
# A string literal in our scripts that names another site or a script URL.
_JS_URL = re.compile(
    r"""(?P<q>["'`])(?P<url>(?:https?:|javascript:|vbscript:|data:|//[^/\s"'`])[^"'`\n]{0,80})""", re.I
)
_MATERIAL_JS = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")


@lru_cache(maxsize=1)  # the installed Material's templates: read once (70 ms of every preview save)
def _material_inline_scripts() -> tuple[re.Pattern[str], ...]:
    """Material's own inline scripts, read from its templates: ``{{ … }}`` may be any base URL."""
    patterns = []
    for template in (Path(material.__file__).parent / "templates").rglob("*.html"):
        for body in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.S):
            if "{%" in body:
                continue
            parts = re.split(r"\{\{.*?\}\}", body)
            patterns.append(re.compile("^" + '[^"<>\\\\]*'.join(re.escape(p) for p in parts) + "$"))
    return tuple(patterns)


@dataclass
class SitePolicy:
    """What the site may reference: its own base path and the scripts it ships."""

    base_path: str = "/"  # path of site_url; Material's 404 page links from here
    site_url: str = ""  # the canonical link points here
    scripts: set[str] = field(default_factory=set)  # site-relative paths of allowed script files
    inline: tuple[re.Pattern[str], ...] = field(default_factory=_material_inline_scripts)
    trainer: bool = False  # the trainer edition may carry every answer key; the trainee site never


# The key as the generator writes it in page data; inside a JSON string its quotes would be escaped.
_TRAINER_DATA = re.compile(r'(?<!\\)"trainer":true')


def _trainer_data(html: str) -> list[tuple[int, str]]:
    """A trainee site whose quiz data enables the printable key of exam questions is refused."""
    return [
        (html.count("\n", 0, m.start()) + 1, "学员版站点中出现了培训师版的测验数据（含考试题答案），站点不能发布")
        for m in _TRAINER_DATA.finditer(html)
    ]


def _scheme(url: str) -> str:
    cleaned = _IGNORED.sub("", url).strip().lower()
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", cleaned)
    return match.group(1) if match else ""


def url_problem(url: str, page: str, policy: SitePolicy, *, image_data: bool = False) -> str | None:
    """Why ``url`` (found in site file ``page``) must not be published, or None if it stays on the site."""
    cleaned = _IGNORED.sub("", url).strip()
    scheme = _scheme(cleaned)
    if scheme in ("javascript", "vbscript"):
        return f"发现脚本地址“{cleaned[:60]}”"
    if scheme == "data":
        if image_data and cleaned.lower().startswith("data:image/"):
            return None
        return f"发现 data: 地址“{cleaned[:60]}”"
    if scheme or cleaned.startswith("//") or "\\" in cleaned:
        return f"发现外部地址“{cleaned[:80]}”"
    if cleaned.startswith("/"):
        if cleaned.startswith(policy.base_path):
            return None
        return f"发现站点之外的地址“{cleaned[:80]}”（站点位于 {policy.base_path}）"
    path = urlsplit(cleaned).path
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if target == ".." or target.startswith("../"):
        return f"发现指向站点之外的地址“{cleaned[:80]}”"
    return None


def css_problems(css: str, page: str, policy: SitePolicy, first_line: int = 1) -> list[tuple[int, str]]:
    """``url()`` and ``@import`` targets in a stylesheet (or a style attribute) that leave the site."""
    found = []
    for match in _CSS_URL.finditer(css):
        url = match.group("url") if match.group("url") is not None else match.group("import")
        why = url_problem(url, page, policy, image_data=match.group("url") is not None)
        if why:
            found.append((first_line + css.count("\n", 0, match.start()), why))
    return found


class _PageAudit(HTMLParser):
    def __init__(self, page: str, policy: SitePolicy) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.policy = page, policy
        self.found: list[tuple[int, str]] = []
        self._script: tuple[int, dict[str, str | None]] | None = None
        self._script_text: list[str] = []
        self._style: int | None = None
        self._style_text: list[str] = []

    def _add(self, why: str, line: int | None = None) -> None:
        self.found.append((line if line is not None else self.getpos()[0], why))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        material_form = tag == "form" and values.get("class") in _MATERIAL_FORMS and "action" not in values
        if tag in _FORBIDDEN_TAGS and not material_form:
            self._add(f"发现不允许的 <{tag}> 元素")
        if tag == "meta" and (values.get("http-equiv") or "").strip().lower() == "refresh":
            self._add("发现自动跳转 <meta http-equiv=refresh>")
        for name, value in attrs:
            self._attribute(tag, name, value or "", values)
        if tag == "script":
            self._script, self._script_text = (self.getpos()[0], values), []
        if tag == "style":
            self._style, self._style_text = self.getpos()[0], []

    def _attribute(self, tag: str, name: str, value: str, values: dict[str, str | None]) -> None:
        if name.startswith("on"):
            self._add(f"发现事件属性 {name}（<{tag}>）")
        elif name == "style":
            for line, why in css_problems(value, self.page, self.policy, self.getpos()[0]):
                self._add(why, line)
        elif name in _URL_ATTRIBUTES or name in _SRCSET:
            urls = [c.strip().split(" ")[0] for c in value.split(",")] if name in _SRCSET else [value]
            for url in urls:
                canonical = tag == "link" and values.get("rel") == "canonical" and self.policy.site_url
                if canonical and url.startswith(self.policy.site_url):
                    continue
                reason = url_problem(url, self.page, self.policy)
                if reason:
                    self._add(f"{reason}（<{tag} {name}>）")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        if self._style is not None:
            self._style_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self._check_script(*self._script, "".join(self._script_text))
            self._script = None
        if tag == "style" and self._style is not None:
            for line, why in css_problems("".join(self._style_text), self.page, self.policy, self._style):
                self._add(why, line)
            self._style = None

    def _check_script(self, line: int, values: dict[str, str | None], text: str) -> None:
        src = values.get("src")
        if src is not None:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), src.split("?")[0]))
            if src.startswith(self.policy.base_path) and self.policy.base_path != "":
                target = src.split("?")[0].removeprefix(self.policy.base_path)
            if target not in self.policy.scripts and not _MATERIAL_JS.match(target):
                self._add(f"发现未知脚本 <script src=“{src[:80]}”>", line)
            return
        if values.get("type") == "application/json" and values.get("id") == "__config":
            try:
                json.loads(text)
            except ValueError:
                self._add("Material 的配置脚本 __config 不是合法的 JSON", line)
            return
        if not any(p.match(text) for p in self.policy.inline):
            self._add(f"发现未知的内嵌脚本“{text.strip()[:40]}”", line)


def js_problems(js: str) -> list[tuple[int, str]]:
    """URL literals leaving the site in one of our scripts (comments are not literals)."""
    return [
        (js.count("\n", 0, m.start()) + 1, f"脚本中发现外部地址“{m.group('url')[:60]}”") for m in _JS_URL.finditer(js)
    ]


def audit_page(html: str, page: str, policy: SitePolicy) -> list[tuple[int, str]]:
    """(line, reason) for every forbidden construct in one HTML file at site path ``page``."""
    parser = _PageAudit(page, policy)
    parser.feed(html)
    parser.close()
    return parser.found if policy.trainer else parser.found + _trainer_data(html)


@dataclass(frozen=True)
class Finding:
    """One forbidden construct in a written file, printed as ``site/<path>: 第 N 行: …``."""

    path: str
    line: int
    why: str

    def __str__(self) -> str:
        return f"{self.path}: 第 {self.line} 行: {self.why}"


class SiteAuditError(Exception):
    """The built site must not be published; carries every finding."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__(self.report())

    def report(self) -> str:
        """All findings, one per line, then what to do, in Chinese."""
        lines = [str(f) for f in self.findings]
        lines.append(f"站点检查未通过：共发现 {len(self.findings)} 处可能运行脚本或访问外部地址的内容，站点没有发布。")
        return "\n".join(lines)


def _shown_name(site_dir: Path) -> str:
    """The folder name the trainer asked for: a build is audited in ``site.casebook/<id>/``."""
    store = site_dir.parent.name
    return store.removesuffix(STORE_SUFFIX) if store.endswith(STORE_SUFFIX) else site_dir.name


@dataclass
class AuditCache:
    """What each file's audit found, by site path, while the file and the policy stay the same.

    The preview rebuilds a few pages per save and leaves the rest untouched on disk (the CSP
    writer does not rewrite a page whose text is unchanged), so only those few are parsed again.
    """

    policy: tuple[object, ...] = ()
    files: dict[str, tuple[int, int, list[tuple[int, str]]]] = field(default_factory=dict)


def _policy_key(policy: SitePolicy) -> tuple[object, ...]:
    return (policy.base_path, policy.site_url, frozenset(policy.scripts), policy.trainer)


def _audit_file(path: Path, rel: str, policy: SitePolicy) -> list[tuple[int, str]] | None:
    """(line, reason) for one file; None for a file the audit does not read."""
    if path.suffix == ".html":
        return audit_page(path.read_text(encoding="utf-8"), rel, policy)
    if path.suffix == ".css":
        return css_problems(path.read_text(encoding="utf-8"), rel, policy)
    if path.suffix == ".js" and rel.startswith(f"{BANK_FOLDER}/"):
        # The 错题本's question files hold trainer text as data; their strings are never URLs
        # to the page, but the file must be nothing more than that data.
        if bank_script_data(path.read_text(encoding="utf-8")) is None:
            return [(1, "数据文件（错题本题目或班级报告）的内容不是 casebook 生成的数据，不能发布")]
        return []
    if path.suffix in (".js", ".mjs"):
        text = path.read_text(encoding="utf-8")
        # Material's own bundle and workers are the pinned theme, not files we write; a file
        # of the same name that is not byte for byte Material's (a trainer's docs/ copy) is ours.
        return None if _theme_file(rel) == text else js_problems(text)
    return None


@lru_cache(maxsize=256)
def _theme_file(rel: str) -> str | None:
    """The text of the installed Material theme's file at site path ``rel``, if it has one."""
    if not rel.startswith("assets/javascripts/"):
        return None
    path = Path(material.__file__).parent / "templates" / rel
    return path.read_text(encoding="utf-8") if path.is_file() else None


# Below this many files to read, starting another interpreter costs more than it saves.
_PARALLEL_FROM = 400


def _audit_batch(batch: list[tuple[str, str]], policy: SitePolicy) -> list[list[tuple[int, str]]]:
    """The findings of a batch of (file, site path) pairs, in order."""
    return [_audit_file(Path(path), rel, policy) or [] for path, rel in batch]


def _policy_json(policy: SitePolicy) -> dict[str, Any]:
    # The inline-script patterns are not sent: a helper reads them from the same installed Material.
    return {
        "base_path": policy.base_path,
        "site_url": policy.site_url,
        "scripts": sorted(policy.scripts),
        "trainer": policy.trainer,
    }


def _start_helper(share: list[tuple[str, str]], policy: SitePolicy) -> helper_process.Helper | None:
    return helper_process.start("casebook.publish.audit", {"policy": _policy_json(policy), "files": share})


def _helper_result(
    helper: helper_process.Helper | None, share: list[tuple[str, str]]
) -> list[list[tuple[int, str]]] | None:
    found = helper_process.finish(helper)
    if not isinstance(found, list) or len(found) != len(share):
        return None
    return [[(int(line), str(why)) for line, why in items] for items in found]


def _audit_files(todo: list[tuple[str, str]], policy: SitePolicy) -> list[list[tuple[int, str]]]:
    """Every file's findings, in order. A large site is read on every core: the audit parses
    each page whole (the navigation alone is most of a page), and on one core it took about a
    third of a 1,000-case build. Helpers are separate interpreters running this same module on
    their share of the files (no forked copy of the build's memory); this process reads its own
    share meanwhile. A helper that fails has its share read here instead, so nothing goes unread."""
    cores = min(helper_process.cores(), 8)
    if len(todo) < _PARALLEL_FROM or cores < 2:
        return _audit_batch(todo, policy)
    shares = [todo[i::cores] for i in range(cores)]  # interleaved: big and small pages spread evenly
    helpers = [_start_helper(share, policy) for share in shares[1:]]
    results = [_audit_batch(shares[0], policy)]
    for helper, share in zip(helpers, shares[1:], strict=True):
        found = _helper_result(helper, share)
        results.append(found if found is not None else _audit_batch(share, policy))
    ordered: list[list[tuple[int, str]]] = [[] for _ in todo]
    for i, found_in_share in enumerate(results):
        ordered[i::cores] = found_in_share
    return ordered


def _helper_main() -> None:
    """``python -m casebook.publish.audit``: audit the files named on stdin, findings as JSON on stdout."""
    job = json.load(sys.stdin)
    raw = job["policy"]
    policy = SitePolicy(
        base_path=raw["base_path"], site_url=raw["site_url"], scripts=set(raw["scripts"]), trainer=raw["trainer"]
    )
    json.dump(_audit_batch([(str(p), str(r)) for p, r in job["files"]], policy), sys.stdout, ensure_ascii=False)


def audit_site(site_dir: Path, policy: SitePolicy, cache: AuditCache | None = None) -> list[Finding]:
    """Every finding in the built site, file by file, line by line."""
    shown = _shown_name(site_dir)
    if cache is not None and cache.policy != _policy_key(policy):
        cache.policy, cache.files = _policy_key(policy), {}
    files: list[tuple[str, list[tuple[int, str]] | None]] = []
    todo: list[tuple[str, str]] = []
    stamps: dict[str, tuple[int, int]] = {}
    for rel, entry in sorted(walk(str(site_dir))):
        if not rel.endswith((".html", ".css", ".js", ".mjs")) or not entry.is_file():
            continue
        stat = entry.stat()
        hit = cache.files.get(rel) if cache is not None else None
        if hit is not None and hit[:2] == (stat.st_mtime_ns, stat.st_size):
            files.append((rel, hit[2]))
        else:
            files.append((rel, None))
            todo.append((entry.path, rel))
            stamps[rel] = (stat.st_mtime_ns, stat.st_size)
    fresh = dict(zip((rel for _, rel in todo), _audit_files(todo, policy), strict=True))
    problems: list[Finding] = []
    for rel, known in files:
        found = known if known is not None else fresh[rel]
        if known is None and cache is not None:
            cache.files[rel] = (*stamps[rel], found)
        problems += [Finding(f"{shown}/{rel}", line, why) for line, why in found]
    return problems


def audit_pages(site_dir: Path, rels: list[str], policy: SitePolicy, cache: AuditCache) -> list[Finding]:
    """The findings in the files ``rels`` of the site only: the preview's first step, which
    wrote just those. Remembered in ``cache`` (under the same policy) for the full audit after."""
    shown = _shown_name(site_dir)
    problems: list[Finding] = []
    for rel in rels:
        path = site_dir / rel
        found = _audit_file(path, rel, policy) or []
        if cache.policy == _policy_key(policy):
            stat = path.stat()
            cache.files[rel] = (stat.st_mtime_ns, stat.st_size, found)
        problems += [Finding(f"{shown}/{rel}", line, why) for line, why in found]
    return problems


def check_site(site_dir: Path, policy: SitePolicy, cache: AuditCache | None = None) -> None:
    """Raise with every located problem if the site must not be published."""
    findings = audit_site(site_dir, policy, cache)
    if findings:
        raise SiteAuditError(findings)


def policy_for(config: Any) -> SitePolicy:
    """The audit policy of an MkDocs configuration: its site URL and the scripts it lists."""
    site_url = str(config.get("site_url") or "")
    scripts = {str(getattr(s, "path", s)) for s in config.get("extra_javascript") or []}
    scripts |= {str(s) for s in (config.get("extra") or {}).get("polyfills") or []}
    trainer = bool(getattr(config.plugins.get("casebook"), "trainer", False))
    return SitePolicy(base_path=urlsplit(site_url).path or "/", site_url=site_url, scripts=scripts, trainer=trainer)


if __name__ == "__main__":
    _helper_main()
