"""Edit→visible time of the live preview at 1,000 synthetic cases, next to plain ``mkdocs serve --dirty``.

Starts ``casebook serve`` on a synthetic library and opens the case's page in Chromium, saves a
change to the case and times until the page the browser shows, reloaded by the live-reload
script, contains it. The same edit is timed on plain MkDocs serving the same generated Markdown
as files with ``--dirty``. A title edit is also timed until the browse index serves the new title
(casebook publishes the edited pages first, listings right after). Each edit starts once the
preview has finished rebuilding after the last one, as when a trainer reads the page before saving
again; a save made during the second step waits for it. Also times a new case appearing
in the browse index, and checks that the search index has no duplicate entries after the edits.

    .venv/bin/python bench/preview.py [--cases 1000] [--edits 3]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from browser import chromium
from runs import MKDOCS, generator
from synth import write_baseline, write_project

CASEBOOK = Path(sys.executable).parent / "casebook"
TARGET_S = 2.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, marker: str, timeout: float) -> float:
    """Seconds until ``url`` serves text containing ``marker``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        text = fetch(url)
        if text is not None and marker in text:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"bench: {url} never showed {marker!r} within {timeout:.0f} s")


@contextmanager
def server(command: list[str], log: Path) -> Iterator[None]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def shows(page: Page, marker: str) -> bool:
    """Whether the page in the browser shows ``marker`` in its article (False while it reloads)."""
    try:
        return marker in page.locator("article").first.inner_text(timeout=200)
    except PlaywrightError:
        return False


def time_edits(
    page: Page,
    path: Path,
    edits: int,
    old: str,
    mark: Callable[[int], str],
    listing: str | None = None,
    idle: str | None = None,
) -> tuple[list[float], list[float]]:
    """Replace ``old`` in ``path`` by ``mark(i)`` once per edit: seconds until each shows in the
    browser's page, and (with ``listing``) until that URL serves it too. With ``idle``, a URL
    the server answers only between rebuilds, each edit starts once the last rebuild has ended."""
    times: list[float] = []
    listed: list[float] = []
    current = old
    for i in range(edits):
        new = mark(i)
        text = path.read_text(encoding="utf-8")
        time.sleep(1.0)  # let the watcher settle between edits
        start = time.perf_counter()
        path.write_text(text.replace(current, new, 1), encoding="utf-8")
        while not shows(page, new):
            if time.perf_counter() - start > 120:
                raise SystemExit(f"bench: {page.url} never showed {new!r} in the browser")
            time.sleep(0.02)
        times.append(time.perf_counter() - start)
        if listing is not None:
            wait_for(listing, new, 120)
            listed.append(time.perf_counter() - start)
        if idle is not None:
            fetch(idle)  # the trainer reads the page before saving again: the rebuild has ended
        current = new
    return times, listed


def duplicate_entries(base: str) -> int:
    index = json.loads(fetch(base + "search/search_index.json") or "{}")
    counts = collections.Counter((d["location"], d["title"], d["text"]) for d in index.get("docs", []))
    return sum(n - 1 for n in counts.values() if n > 1)


def first_title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("title: "):
            return line.removeprefix("title: ").strip().strip("'\"")
    raise SystemExit(f"bench: no title in {path}")


def story_line(path: Path, field: str) -> str:
    """The first dozen characters of a text field's first line (the case's story), to edit in place."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(field))
    rest = lines[start].removeprefix(field).strip()
    body = rest if rest and rest not in ("|", ">") else lines[start + 1].strip()
    return body[:12]


def measure_casebook(work: Path, n: int, edits: int) -> dict[str, object]:
    project = work / "casebook"
    write_project(project, n)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    case = sorted((project / "cases").glob("*.yaml"))[n // 2]
    title = first_title(case)
    page = f"{base}cases/{case.stem}/"
    log = work / "casebook-serve.log"
    with server([str(CASEBOOK), "--root", str(project), "serve", "--dev-addr", f"127.0.0.1:{port}"], log):
        start = time.perf_counter()
        wait_for(page, "<title>", 1200)
        first = time.perf_counter() - start
        while "预览地址" not in log.read_text(encoding="utf-8"):
            time.sleep(0.2)
        with chromium() as browser:
            tab = browser.new_page()
            tab.goto(page)
            title_edit = lambda i: f"{title}（第{i + 1}次修改）"  # noqa: E731
            # casebook serve publishes the edited pages first and the rest in a second step; a
            # request for the sitemap, rewritten by every build, waits until that step has ended.
            idle = base + "sitemap.xml"
            times, listed = time_edits(tab, case, edits, title, title_edit, listing=base + "browse/", idle=idle)
            story = story_line(case, "scenario:")
            story_times, _ = time_edits(tab, case, edits, story, lambda i: f"{story}（补记{i + 1}）", idle=idle)
        added = project / "cases" / "zz-bench-added.yaml"
        text = case.read_text(encoding="utf-8").replace(f"id: {case.stem}", "id: zz-bench-added", 1)
        text = text.replace(f"（第{edits}次修改）", "（新增案例）", 1)
        time.sleep(1.0)
        start = time.perf_counter()
        added.write_text(text, encoding="utf-8")
        wait_for(base + "browse/", "（新增案例）", 120)
        add = time.perf_counter() - start
        duplicates = duplicate_entries(base)
    return {
        "first_build_s": first,
        "edit_s": times,
        "listed_s": listed,
        "story_s": story_times,
        "add_s": add,
        "duplicates": duplicates,
    }


def measure_plain(work: Path, n: int, edits: int) -> dict[str, object]:
    pages = generator(work / "casebook")
    plain = work / "plain"
    write_baseline(plain, pages)
    # `--dirty` itself warns, which strict mode (on in mkdocs.yml for builds) turns into an abort.
    config = plain / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("strict: true\n", "strict: false\n"), "utf-8")
    case = sorted((plain / "docs" / "cases").glob("*.md"))[n // 2]
    # The page shows the heading's text, not its Markdown marker.
    heading = next(line for line in case.read_text(encoding="utf-8").splitlines() if line.startswith("# "))[2:]
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    page = f"{base}cases/{case.stem}/"
    command = [str(MKDOCS), "serve", "--dirty", "-f", str(plain / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    log = work / "plain-serve.log"
    with server(command, log):
        start = time.perf_counter()
        wait_for(page, "<title>", 1200)
        first = time.perf_counter() - start
        while "Serving on" not in log.read_text(encoding="utf-8"):
            time.sleep(0.2)
        with chromium() as browser:
            tab = browser.new_page()
            tab.goto(page)
            heading_edit = lambda i: f"{heading}（第{i + 1}次修改）"  # noqa: E731
            # Plain MkDocs has no listing generated from the case: its browse page is a file of its own.
            times, listed = time_edits(tab, case, edits, heading, heading_edit)
            story = story_text(case)
            story_times, _ = time_edits(tab, case, edits, story, lambda i: f"{story}（补记{i + 1}）")
        duplicates = duplicate_entries(base)
    return {
        "first_build_s": first,
        "edit_s": times,
        "listed_s": listed,
        "story_s": story_times,
        "duplicates": duplicates,
    }


def story_text(page: Path) -> str:
    """The first dozen characters of the story paragraph in a generated case page."""
    lines = page.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("## 案例经过"))
    return next(line for line in lines[start + 1 :] if line.strip()).strip()[:12]


def report(n: int, ours: dict[str, object], plain: dict[str, object]) -> str:
    def row(name: str, figures: dict[str, object]) -> str:
        edit, story, listed = figures["edit_s"], figures["story_s"], figures["listed_s"]
        assert isinstance(edit, list) and isinstance(story, list) and isinstance(listed, list)
        add = figures.get("add_s")
        added = f"{add:6.2f} s" if isinstance(add, float) else "     —  "
        listing = f"{statistics.median(listed):8.2f} s" if listed else "       —  "
        return (
            f"{name:<28} {figures['first_build_s']:8.1f} s {statistics.median(story):8.2f} s {max(story):8.2f} s "
            f"{statistics.median(edit):8.2f} s {max(edit):8.2f} s {listing} "
            f"{added} {figures['duplicates']:>10}"
        )

    worst = {k: max(v) for k, v in ours.items() if k in ("edit_s", "story_s") and isinstance(v, list)}
    verdict = ", ".join(
        f"{label} {'met' if worst[k] <= TARGET_S else 'NOT met'}"
        for k, label in (("story_s", "story edit"), ("edit_s", "title edit"))
    )
    return "\n".join(
        [
            f"Live preview at {n} cases (edit one case; time until its page in Chromium shows the change)",
            f"{'':<28} {'first build':>10} {'story med.':>10} {'story max':>10} {'title med.':>10} "
            f"{'title max':>10} {'browse med.':>10} {'new case':>8} {'dup. index':>10}",
            row("casebook serve", ours),
            row("mkdocs serve --dirty (plain)", plain),
            f"target: edit→visible ≤ {TARGET_S:.0f} s … {verdict}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="casebook-preview-bench-") as tmp:
        work = Path(tmp)
        ours = measure_casebook(work, args.cases, args.edits)
        print(f"casebook serve: {ours}", flush=True)  # kept if the plain run fails
        plain = measure_plain(work, args.cases, args.edits)
    print(report(args.cases, ours, plain))
    return 0


if __name__ == "__main__":
    sys.exit(main())
