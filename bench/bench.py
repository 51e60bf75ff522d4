"""``make bench``: casebook against plain MkDocs + Material on the same Markdown, in one run.

For each library size N it writes a synthetic project (cases, a practice quiz per case, two exams, two
tracks — ``synth.py``), then measures, as interleaved repeated pairs with medians:

* the generator (``load_library`` + ``render_pages``) against the libyaml parse of the same files, and
  jieba's tagger alone (loading it, tagging the texts the privacy check hands it), a part no
  generator that checks names with it can skip;
* the full build (``mkdocs build --strict`` with the casebook plugin) against plain MkDocs + Material
  building the generated Markdown as ordinary files (the casebook plugin removed) — time and peak
  memory (all of a build's processes together);
* in Chromium, for the sizes in ``--browser-sizes``: first-search latency and bytes over an emulated
  100 Mbit/s, 5 ms network for both sites, and the layout shift (CLS) of every page type, phone and desktop.

It prints one table with ratios and a PASS/MISS line per target. A missed target is reported, not fatal:
the exit status is non-zero only when a build fails.

Usage::

    .venv/bin/python bench/bench.py [--sizes 1000 5000] [--repeats 3] [--browser-sizes 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import browser
import runs
import synth
from casebook.errors import CasebookError

DEFAULT_SIZES = (1000, 5000)
KB = 1000  # 1 KB = 1,000 bytes throughout
QUERY = "吞卡"

# Targets (issues 9 and 11).
BUILD_OVER_BASELINE = 0.9
GENERATOR_OVER_FLOOR = 2.0
MEMORY_OVER_BASELINE = 1.25
FIRST_RESULT_MS = 500
FIRST_QUERY_BYTES = 1_000_000
CLS_MAX = 0.1

PAGE_TYPES = {
    "home": "index.html",
    "case": "cases/{case}/",
    "quiz": "quizzes/{case}/",
    "exam": "quizzes/onboarding-final/",
    "track": "training/onboarding/",
    "notebook": "training/notebook/",
    "browse": "browse/",
}


@dataclass
class Result:
    """Every figure measured for one library size (times in seconds, medians of the repeats)."""

    n: int
    yaml_bytes: int
    pages: int
    generator_s: float
    floor_s: float
    tagger_load_s: float
    tagger_tag_s: float
    full_s: float
    baseline_s: float
    full_mib: float
    baseline_mib: float
    index_bytes: int
    case_page_median: float
    search: dict[str, browser.Search] = field(default_factory=dict)
    cls: dict[str, float] = field(default_factory=dict)


def progress(n: int, message: str) -> None:
    print(f"[N={n:,}] {message}", file=sys.stderr, flush=True)


def measure(n: int, work: Path, repeats: int, with_browser: bool) -> Result:
    full, baseline = work / "full", work / "baseline"
    progress(n, "writing the synthetic project")
    yaml_bytes = synth.write_project(full, n)
    progress(n, f"generator vs libyaml floor, {repeats} interleaved pairs")
    gen, floor = runs.interleaved(
        repeats, lambda: runs.timed(lambda: runs.generator(full)), lambda: runs.timed(lambda: runs.yaml_floor(full))
    )
    pages = runs.generator(full)
    progress(n, "jieba's tagger alone, in a fresh interpreter")
    tagger_load, tagger_tag = runs.tagger(runs.tagged_blocks(full))
    synth.write_baseline(baseline, pages)
    progress(n, f"casebook build vs plain MkDocs + Material, {repeats} interleaved pairs")
    full_runs, base_runs = runs.interleaved(
        repeats, lambda: runs.mkdocs_build(full), lambda: runs.mkdocs_build(baseline)
    )
    site = full / "site"
    sizes = [p.stat().st_size for p in (site / "cases").glob("*/index.html")]
    if len(sizes) != n:
        raise runs.BuildFailed(f"expected {n} case pages in {site}, found {len(sizes)}")
    result = Result(
        n=n,
        yaml_bytes=yaml_bytes,
        pages=len(pages),
        generator_s=statistics.median(gen),
        floor_s=statistics.median(floor),
        tagger_load_s=tagger_load,
        tagger_tag_s=tagger_tag,
        full_s=statistics.median(r.seconds for r in full_runs),
        baseline_s=statistics.median(r.seconds for r in base_runs),
        full_mib=statistics.median(r.peak_mib for r in full_runs),
        baseline_mib=statistics.median(r.peak_mib for r in base_runs),
        index_bytes=sum(p.stat().st_size for p in (site / "search").glob("*") if p.suffix != ".gz"),
        case_page_median=statistics.median(sizes),
    )
    if with_browser:
        measure_browser(result, full / "site", baseline / "site", first_case=synth.case_id(0))
    return result


def measure_browser(result: Result, site: Path, plain: Path, *, first_case: str) -> None:
    progress(result.n, f"Chromium: first search for {QUERY}, layout shift per page type")
    with browser.chromium() as chrome, browser.serve(site) as url, browser.serve(plain) as plain_url:
        case = f"cases/{first_case}/"
        result.search["casebook"] = browser.first_search(chrome, url + case, QUERY)
        result.search["plain"] = browser.first_search(chrome, plain_url + case, QUERY)
        for kind, path in PAGE_TYPES.items():
            for viewport in browser.VIEWPORTS:
                result.cls[f"{kind} ({viewport})"] = browser.layout_shift(
                    chrome, url + path.format(case=first_case), viewport
                )


# --- Report --------------------------------------------------------------------------


def kb(value: float) -> str:
    return f"{value / KB:,.1f} KB"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"


def table(results: Sequence[Result]) -> str:
    rows: list[tuple[str, Callable[[Result], str]]] = [
        ("source YAML", lambda r: kb(r.yaml_bytes)),
        ("generated pages", lambda r: f"{r.pages:,}"),
        ("generator", lambda r: f"{r.generator_s:.2f} s"),
        ("libyaml floor", lambda r: f"{r.floor_s:.2f} s"),
        ("  generator / floor", lambda r: ratio(r.generator_s, r.floor_s)),
        ("jieba tagger: load + tag names", lambda r: f"{r.tagger_load_s:.2f}+{r.tagger_tag_s:.2f} s"),
        ("  tagger / floor", lambda r: ratio(r.tagger_load_s + r.tagger_tag_s, r.floor_s)),
        ("build: casebook", lambda r: f"{r.full_s:.1f} s"),
        ("build: plain Material", lambda r: f"{r.baseline_s:.1f} s"),
        ("  casebook / plain", lambda r: ratio(r.full_s, r.baseline_s)),
        ("peak memory (all processes): casebook", lambda r: f"{r.full_mib:,.0f} MiB"),
        ("peak memory (all processes): plain", lambda r: f"{r.baseline_mib:,.0f} MiB"),
        ("  casebook / plain", lambda r: ratio(r.full_mib, r.baseline_mib)),
        ("search/ folder", lambda r: kb(r.index_bytes)),
        ("case page HTML, median", lambda r: kb(r.case_page_median)),
    ]
    for side in ("casebook", "plain"):
        rows.append((f"first search, {side}", lambda r, s=side: _search(r, s, "ms")))
        rows.append((f"  bytes until result, {side}", lambda r, s=side: _search(r, s, "bytes")))
    kinds = sorted({k for r in results for k in r.cls})
    rows += [(f"CLS {k}", lambda r, k=k: f"{r.cls[k]:.3f}" if k in r.cls else "–") for k in kinds]
    width = max(len(label) for label, _ in rows) + 2
    header = "".ljust(width) + "".join(f"N={r.n:,}".rjust(16) for r in results)
    lines = [header, "-" * len(header)]
    lines += [label.ljust(width) + "".join(cell(r).rjust(16) for r in results) for label, cell in rows]
    return "\n".join(lines)


def _search(r: Result, side: str, what: str) -> str:
    s = r.search.get(side)
    if s is None:
        return "–"
    return f"{s.first_result_ms:,.0f} ms" if what == "ms" else kb(s.bytes_until_result)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def targets(results: Sequence[Result]) -> list[str]:
    lines = []
    for r in results:
        at = f"N={r.n:,}"
        lines += [
            f"{verdict(r.full_s <= BUILD_OVER_BASELINE * r.baseline_s)}  {at}: build ≤ {BUILD_OVER_BASELINE}× plain "
            f"({ratio(r.full_s, r.baseline_s)})",
            f"{verdict(r.generator_s <= GENERATOR_OVER_FLOOR * r.floor_s)}  {at}: generator ≤ "
            f"{GENERATOR_OVER_FLOOR:g}× libyaml floor ({ratio(r.generator_s, r.floor_s)})",
            f"{verdict(r.full_mib <= MEMORY_OVER_BASELINE * r.baseline_mib)}  {at}: peak memory ≤ plain + "
            f"{MEMORY_OVER_BASELINE - 1:.0%} ({ratio(r.full_mib, r.baseline_mib)})",
        ]
        if "casebook" in r.search:
            s = r.search["casebook"]
            lines += [
                f"{verdict(0 <= s.first_result_ms <= FIRST_RESULT_MS)}  {at}: first result ≤ {FIRST_RESULT_MS} ms "
                f"({s.first_result_ms:,.0f} ms)",
                f"{verdict(s.bytes_until_result <= FIRST_QUERY_BYTES)}  {at}: ≤ {kb(FIRST_QUERY_BYTES)} fetched by the "
                f"first result ({kb(s.bytes_until_result)})",
            ]
        if r.cls:
            worst = max(r.cls, key=lambda k: r.cls[k])
            lines.append(
                f"{verdict(r.cls[worst] <= CLS_MAX)}  {at}: CLS ≤ {CLS_MAX} on every page type "
                f"(worst: {worst} {r.cls[worst]:.3f})"
            )
    return lines


def report(results: Sequence[Result], repeats: int) -> str:
    title = f"casebook vs plain MkDocs + Material (medians of {repeats} interleaved pairs; 1 KB = 1,000 bytes)"
    return "\n".join(["", title, "", table(results), "", "Targets", *targets(results)])


# --- Entry point ---------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), metavar="N")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved pairs per measurement (default 3)")
    parser.add_argument(
        "--browser-sizes",
        type=int,
        nargs="*",
        default=[1000],
        metavar="N",
        help="sizes measured in Chromium as well (default: 1000)",
    )
    args = parser.parse_args(argv)
    if any(n < 40 for n in args.sizes):
        parser.error("every size must be at least 40 (the two tracks cover 40 cases)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results = []
    try:
        for n in args.sizes:
            with tempfile.TemporaryDirectory(prefix=f"casebook-bench-{n}-") as tmp:
                results.append(measure(n, Path(tmp), args.repeats, n in args.browser_sizes))
    except CasebookError as exc:
        print(f"bench: the synthetic library did not validate:\n{exc.report()}", file=sys.stderr)
        return 1
    except runs.BuildFailed as exc:
        print(f"bench: build failed: {exc}", file=sys.stderr)
        return 1
    print(report(results, args.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
