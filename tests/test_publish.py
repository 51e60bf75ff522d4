"""Publishing never loses a file: refused site folders and outputs, the atomic swap under kills, cleanup."""

from __future__ import annotations

import fcntl
import gzip
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from casebook import cli
from casebook.edition import TRAINER_ENV
from casebook.errors import CasebookError, Problem
from casebook.publish import swap
from casebook.publish.compress import precompress
from casebook.publish.guard import SITE_MARKER, RefusedError
from casebook.publish.offline import write_zip
from casebook.publish.swap import STORE_MARKER, publish_site
from helpers import Project

SOURCES = ("cases", "quizzes", "schemas", "generator", "docs")


@pytest.fixture
def proj(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A project with every source folder holding a file, as the current directory."""
    project.case("atm-card")
    for name in SOURCES[1:]:
        (project.root / name).mkdir(exist_ok=True)
        (project.root / name / "keep.txt").write_text("trainer's work", encoding="utf-8")
    (project.root / "quizzes" / "tracks").mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(project.root)
    return project


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _refusal(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = cli.main(["--root", ".", *argv])
    out = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out.err
    return out.err.strip()


ROOT_MESSAGE = "不能是项目目录或它的上级目录，否则会删除案例、测验等源文件。请换一个目录，例如 site。"


@pytest.mark.parametrize(
    ("site_dir", "message"),
    [
        (".", ROOT_MESSAGE),
        ("./", ROOT_MESSAGE),
        ("..", ROOT_MESSAGE),
        ("/", ROOT_MESSAGE),
        ("docs", "不能放在项目的源文件目录 docs/ 中。请换一个目录，例如 site。"),
        ("docs/site", "不能放在项目的源文件目录 docs/ 中。请换一个目录，例如 site。"),
        ("cases", "不能放在项目的源文件目录 cases/ 中。请换一个目录，例如 site。"),
        ("quizzes/tracks", "不能放在项目的源文件目录 quizzes/ 中。请换一个目录，例如 site。"),
        ("schemas", "不能放在项目的源文件目录 schemas/ 中。请换一个目录，例如 site。"),
        ("generator/out", "不能放在项目的源文件目录 generator/ 中。请换一个目录，例如 site。"),
        ("taxonomy.yaml", "这是一个已有的文件，不是目录。站点不会覆盖它，请换一个目录。"),
    ],
)
def test_site_dir_that_holds_sources_is_refused(
    proj: Project, capsys: pytest.CaptureFixture[str], site_dir: str, message: str
) -> None:
    before = _snapshot(proj.root)
    assert _refusal(capsys, "build", "--site-dir", site_dir) == f"--site-dir {site_dir}：{message}"
    assert _snapshot(proj.root) == before
    assert [p.name for p in proj.root.iterdir() if p.name.endswith(".casebook")] == []


def test_site_dir_that_is_a_file_or_someone_elses_folder_is_refused(
    proj: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    (proj.root / "notes.txt").write_text("my notes", encoding="utf-8")
    (proj.root / "mine").mkdir()
    (proj.root / "mine" / "report.docx").write_text("a report", encoding="utf-8")
    (proj.root / "elsewhere").symlink_to(proj.root / "mine")
    (proj.root / "out.casebook").mkdir()
    (proj.root / "out.casebook" / "photo.png").write_text("not ours", encoding="utf-8")
    before = _snapshot(proj.root)
    assert _refusal(capsys, "build", "--site-dir", "notes.txt") == (
        "--site-dir notes.txt：这是一个已有的文件，不是目录。站点不会覆盖它，请换一个目录。"
    )
    assert _refusal(capsys, "build", "--site-dir", "mine") == (
        "--site-dir mine：目录不是空的，也不是 casebook 生成的站点。为免删除其中的文件，请换一个空目录或新目录。"
    )
    assert _refusal(capsys, "build", "--site-dir", "elsewhere") == (
        f"--site-dir elsewhere：这是一个指向 {proj.root / 'mine'} 的链接，不是 casebook 生成的。请换一个目录。"
    )
    assert _refusal(capsys, "build", "--site-dir", "out") == (
        f"--site-dir out：{proj.root / 'out.casebook'} 已存在，但不是 casebook 的版本目录。请移走它或换一个目录。"
    )
    assert _snapshot(proj.root) == before
    assert not (proj.root / "out").exists()


# --- the swap, with a stand-in for MkDocs -------------------------------------------------------


def fake_build(label: str) -> Callable[[Path], int]:
    """A build that writes a small complete site whose pages and assets all say ``label``."""

    def build(folder: Path) -> int:
        (folder / "assets").mkdir(parents=True)
        (folder / "search").mkdir()
        (folder / "index.html").write_text(f"<p>{label}</p>" * 40, encoding="utf-8")
        (folder / "assets" / "casebook.js").write_text(f"// {label}\n" * 40, encoding="utf-8")
        (folder / "search" / "search_index.json").write_text(f'{{"site": "{label}"}}', encoding="utf-8")
        return 0

    return build


def published_label(site: Path) -> str:
    """Which complete site ``site`` shows; fails if any part is missing or from another build."""
    page = (site / "index.html").read_text(encoding="utf-8")
    label = page[3 : page.index("</p>")]
    assert (site / "assets" / "casebook.js").read_text(encoding="utf-8") == f"// {label}\n" * 40
    assert (site / "search" / "search_index.json").read_text(encoding="utf-8") == f'{{"site": "{label}"}}'
    return label


def publish(site: Path, label: str, **kw: object) -> int:
    return publish_site(site, str(site), site.parent / "project", fake_build(label), **kw)  # type: ignore[arg-type]


def test_each_build_switches_the_link_and_keeps_one_previous_version(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for label in ("first", "second", "third"):
        assert publish(site, label) == 0
        assert published_label(site) == label
    store = tmp_path / "site.casebook"
    versions = sorted(p.name for p in store.iterdir() if not p.name.startswith("."))
    assert len(versions) == 2  # the third build removed the first
    assert os.readlink(site) == f"site.casebook/{versions[1]}"
    assert published_label(store / versions[0]) == "second"
    assert (store / versions[1] / SITE_MARKER).is_file()
    assert (store / versions[1] / "index.html.gz").is_file()


def test_a_failed_build_or_check_leaves_the_published_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(site, "good")

    def failing(folder: Path) -> int:
        fake_build("broken")(folder)
        return 1

    assert publish_site(site, "site", tmp_path / "project", failing) == 1
    assert published_label(site) == "good"

    def audit(folder: Path) -> None:
        assert published_label(folder) == "checked"
        raise CasebookError([Problem("index.html", 1, 1, "不安全的脚本")])

    with pytest.raises(CasebookError):
        publish_site(site, "site", tmp_path / "project", fake_build("checked"), checks=[audit])
    assert published_label(site) == "good"
    assert len([p for p in (tmp_path / "site.casebook").iterdir() if not p.name.startswith(".")]) == 1


def legacy_site(site: Path, label: str) -> None:
    """A site folder as casebook builds wrote it before the version store (no marker)."""
    fake_build(label)(site)


def test_an_older_real_site_folder_becomes_the_link(tmp_path: Path) -> None:
    site = tmp_path / "site"
    legacy_site(site, "legacy")
    assert publish(site, "new") == 0
    assert site.is_symlink()
    assert published_label(site) == "new"
    assert sorted(p.name for p in (tmp_path / "site.casebook").iterdir() if p.name.startswith(".")) == [
        STORE_MARKER,
        ".lock",
    ]


def test_without_rename_exchange_the_migration_still_completes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    legacy_site(site, "legacy")
    monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    assert publish(site, "new") == 0
    assert site.is_symlink()
    assert published_label(site) == "new"


def test_an_empty_folder_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    assert publish(tmp_path / "site", "new") == 0
    assert published_label(tmp_path / "site") == "new"


def test_a_second_build_at_the_same_time_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(site, "first")
    fd = os.open(tmp_path / "site.casebook" / ".lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(RefusedError) as info:
            publish(site, "second")
    finally:
        os.close(fd)
    assert str(info.value) == f"--site-dir {site}：另一个 casebook build 正在生成这个站点，请等它结束后再试。"
    assert published_label(site) == "first"


# Every call by which the swap (and the cleanup around it) changes the file system.
_STEPS = ("mkdir", "symlink", "replace", "rename", "rmdir", "unlink")
_KILLED, _DONE = 37, 38


def _run_killed_at(step: int, site: Path, label: str) -> int:
    """Publish in a child process that dies (no clean-up code runs) just before call ``step``."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns to pytest
        try:
            count = [0]

            def hook(fn: Callable[..., object]) -> Callable[..., object]:
                def call(*args: object, **kwargs: object) -> object:
                    count[0] += 1
                    if count[0] == step:
                        os._exit(_KILLED)
                    return fn(*args, **kwargs)

                return call

            for name in _STEPS:
                setattr(os, name, hook(getattr(os, name)))
            swap.exchange = hook(swap.exchange)  # type: ignore[assignment]
            publish(site, label)
            os._exit(_DONE)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.parametrize("start", ["link", "legacy folder"])
def test_a_kill_between_any_two_calls_leaves_a_complete_site(tmp_path: Path, start: str) -> None:
    step = 0
    while True:
        step += 1
        work = tmp_path / str(step)
        site = work / "site"
        work.mkdir()
        if start == "link":
            publish(site, "old")
        else:
            legacy_site(site, "old")
        code = _run_killed_at(step, site, "new")
        assert code in (_KILLED, _DONE)
        # At the instant of the kill the published path shows one whole site.
        assert published_label(site) in ({"old", "new"} if code == _KILLED else {"new"})
        # The next build cleans whatever the killed one left and publishes.
        assert publish(site, "next") == 0
        assert published_label(site) == "next"
        store = work / "site.casebook"
        names = sorted(p.name for p in store.iterdir())
        assert names[:2] == [STORE_MARKER, ".lock"]
        assert len(names) <= 4  # the marker, the lock, the published version and at most one previous
        assert all((store / n / SITE_MARKER).is_file() for n in names[2:])
        shutil.rmtree(work)
        if code == _DONE:
            break
    assert step > 5  # the hooks really saw the swap's calls


# --- --output for export and the offline bundle -------------------------------------------------


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` unwritable, also for root (who ignores permission bits): the immutable flag."""
    as_root = os.geteuid() == 0
    if as_root:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    try:
        yield
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def test_export_output_errors_are_sentences(proj: Project, capsys: pytest.CaptureFixture[str]) -> None:
    out = proj.root / "out"
    out.mkdir()
    missing = proj.root / "nowhere" / "bank.xml"
    assert _refusal(capsys, "export", "--format", "moodle-xml", "--output", str(missing)) == (
        f"--output {missing}：目录 {missing.parent} 不存在。请先建好目录，或换一个位置。"
    )
    assert _refusal(capsys, "export", "--format", "moodle-xml", "--output", str(out)) == (
        f"--output {out}：这是一个已有的目录。请写出文件名，例如 {out / 'casebook-questions.xml'}。"
    )
    assert _refusal(capsys, "export", "--format", "gift", "--output", "taxonomy.yaml") == (
        "--output taxonomy.yaml：这是一个已有的源文件，不会覆盖它。请换一个文件名。"
    )
    assert _refusal(capsys, "export", "--format", "gift", "--output", "docs/bank.txt") == (
        "--output docs/bank.txt：不能写进项目的源文件目录 docs/。请换一个位置。"
    )
    (out / "bank.xml").write_text("the previous export", encoding="utf-8")
    with read_only(out):
        assert _refusal(capsys, "export", "--format", "moodle-xml", "--output", str(out / "bank.xml")) == (
            f"--output {out / 'bank.xml'}：没有权限在目录 {out} 中写文件。请换一个位置。"
        )
    assert (out / "bank.xml").read_text(encoding="utf-8") == "the previous export"
    assert sorted(p.name for p in out.iterdir()) == ["bank.xml"]


def test_offline_output_is_refused_before_building(proj: Project, capsys: pytest.CaptureFixture[str]) -> None:
    out = proj.root / "out"
    out.mkdir()
    assert _refusal(capsys, "build", "--offline", "--output", str(out)) == (
        f"--output {out}：这是一个已有的目录。请写出文件名，例如 {out / 'casebook-offline.zip'}。"
    )
    missing = proj.root / "nowhere" / "kb.zip"
    assert _refusal(capsys, "build", "--offline", "--output", str(missing)) == (
        f"--output {missing}：目录 {missing.parent} 不存在。请先建好目录，或换一个位置。"
    )
    with read_only(out):
        assert _refusal(capsys, "build", "--offline", "--output", str(out / "kb.zip")) == (
            f"--output {out / 'kb.zip'}：没有权限在目录 {out} 中写文件。请换一个位置。"
        )
    assert not (proj.root / "site").exists()


def test_site_dir_in_a_read_only_folder_is_a_sentence(proj: Project, capsys: pytest.CaptureFixture[str]) -> None:
    out = proj.root / "out"
    out.mkdir()
    with read_only(out):
        assert _refusal(capsys, "build", "--site-dir", "out/site") == (
            f"--site-dir out/site：没有权限在目录 {out} 中写文件。请换一个位置。"
        )


# --- precompressed copies ----------------------------------------------------------------------


def test_every_text_file_of_the_built_site_has_its_gz_copy(built_site: Path) -> None:
    kinds = {".html", ".json", ".js", ".css", ".xml", ".svg"}
    files = [p for p in built_site.rglob("*") if p.suffix in kinds and p.is_file()]
    assert {p.suffix for p in files} == kinds - {".svg"}  # Material inlines its icons: no SVG file today
    missing = []
    for path in files:
        copy = path.with_name(path.name + ".gz")
        data = path.read_bytes()
        if copy.is_file():
            packed = copy.read_bytes()
            assert gzip.decompress(packed) == data
            assert packed[4:8] == b"\0\0\0\0"  # no timestamp: rebuilding gives the same bytes
            assert packed[8] == 2  # the gzip header's "maximum compression" flag
        elif len(gzip.compress(data, 9, mtime=0)) < len(data):
            missing.append(str(path.relative_to(built_site)))
    assert missing == []
    assert [p for p in built_site.rglob("*.gz") if p.with_suffix("").suffix not in kinds] == []


def test_the_offline_zip_leaves_out_the_gz_copies(tmp_path: Path) -> None:
    site = tmp_path / "site"
    fake_build("offline")(site)
    (site / "assets" / "logo.svg").write_text("<svg><rect/></svg>" * 20, encoding="utf-8")
    precompress(site)
    assert (site / "index.html.gz").is_file()
    assert (
        gzip.decompress((site / "assets" / "logo.svg.gz").read_bytes()) == (site / "assets" / "logo.svg").read_bytes()
    )
    (site / "assets" / "photo.gz").write_bytes(b"a trainer's own archive")  # not a copy: kept
    write_zip(site, tmp_path / "kb.zip", top="casebook")
    with zipfile.ZipFile(tmp_path / "kb.zip") as archive:
        names = archive.namelist()
    assert "casebook/index.html" in names
    assert [n for n in names if n.endswith(".gz")] == ["casebook/assets/photo.gz"]


BANNER = "本站点可打印全部测验和考试的答案，只供培训师使用，请勿发布给学员。"


def test_the_trainer_edition_has_its_own_folder_and_never_replaces_the_trainee_site(
    proj: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A variable left in IT's shell does not turn a trainee build into the trainer edition.
    monkeypatch.setenv(TRAINER_ENV, "1")
    assert cli.main(["--root", ".", "build"]) == 0
    trainee = Path("site")
    assert BANNER not in (trainee / "index.html").read_text(encoding="utf-8")
    assert (trainee / SITE_MARKER).read_text(encoding="utf-8") == "casebook build\n"
    capsys.readouterr()

    assert cli.main(["--root", ".", "build", "--trainer"]) == 0
    assert capsys.readouterr().out.strip().endswith(f"培训师版站点已生成：{proj.root / 'site-trainer'}")
    page = (Path("site-trainer") / "cases" / "atm-card" / "index.html").read_text(encoding="utf-8")
    assert BANNER in page
    assert TRAINER_ENV not in os.environ  # the next build in this process is a trainee build again

    before = _snapshot(trainee)
    assert _refusal(capsys, "build", "--trainer", "--site-dir", "site") == (
        "--site-dir site：这里是学员版站点，培训师版（含全部答案）不能覆盖它，以免答案被发布给学员。"
        "请换一个目录，例如 site-trainer。"
    )
    assert _snapshot(trainee) == before
