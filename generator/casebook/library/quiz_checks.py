"""Checks on quizzes and tracks that the schema alone cannot express."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from casebook.errors import Problem
from casebook.library.bank import BankQuestion, pool_members
from casebook.library.case_checks import check_file_name
from casebook.library.case_model import Taxonomy
from casebook.library.quiz_model import Dialogue, MultipleChoice, Option, Ordering, Quiz, SingleChoice, Track
from casebook.sources.yamlsrc import Loc, Source


@dataclass(frozen=True)
class LoadedQuiz:
    """A quiz that passed the schema, with its file."""

    quiz: Quiz
    source: Source
    stem: str
    complete: bool = True
    """False for a file with problems: ``quiz`` holds only what validated, the rest None."""


@dataclass(frozen=True)
class LoadedTrack:
    """A track that passed the schema, with its file."""

    track: Track
    source: Source
    stem: str
    complete: bool = True
    """False for a file with problems: ``track`` holds only what validated, the rest None."""


def _unique(
    source: Source, loc: Loc, values: Iterable[tuple[int, str]], what: str, *, key: str | None = None
) -> list[Problem]:
    """Report repeats among (index, value) pairs of a list; ``key`` names the field inside each item to point at."""
    seen: set[str] = set()
    problems = []
    for i, value in values:
        if value in seen:
            where: Loc = (*loc, i, key) if key else (*loc, i)
            problems.append(source.problem(where, f"{what}“{value}”重复出现"))
        seen.add(value)
    return problems


def _answer_problems(source: Source, loc: Loc, options: list[Option], answers: dict[Loc, str]) -> list[Problem]:
    """Option ids are unique and each answer (keyed by its location) names one of them."""
    problems = _unique(source, (*loc, "options"), enumerate(o.id for o in options), "选项编号", key="id")
    ids = [o.id for o in options]
    for where, answer in answers.items():
        if answer not in ids:
            problems.append(source.problem(where, f"答案“{answer}”不在选项中，可选的选项编号：{'、'.join(ids)}"))
    return problems


def check_questions(item: LoadedQuiz) -> list[Problem]:
    """Ids unique, every answer among the options, ordering items distinct."""
    quiz, src = item.quiz, item.source
    questions = list(enumerate(quiz.questions or []))
    problems = _unique(src, ("questions",), ((i, q.id) for i, q in questions if q is not None), "题目编号", key="id")
    for i, q in questions:
        loc: Loc = ("questions", i)
        if isinstance(q, SingleChoice):
            problems += _answer_problems(src, loc, q.options, {(*loc, "answer"): q.answer})
        elif isinstance(q, MultipleChoice):
            problems += _unique(src, (*loc, "answer"), enumerate(q.answer), "答案")
            answers = {(*loc, "answer", j): a for j, a in enumerate(q.answer)}
            problems += _answer_problems(src, loc, q.options, answers)
        elif isinstance(q, Ordering):
            problems += _unique(src, (*loc, "items"), enumerate(q.items), "排序项")
        elif isinstance(q, Dialogue):
            for j, step in enumerate(q.steps):
                step_loc: Loc = (*loc, "steps", j)
                problems += _answer_problems(src, step_loc, step.options, {(*step_loc, "answer"): step.answer})
    return problems


def check_quiz(item: LoadedQuiz, case_ids: set[str], taxonomy: Taxonomy | None) -> list[Problem]:
    """File name, case reference, and the shape that practice quizzes and exams each need."""
    quiz, src = item.quiz, item.source
    problems: list[Problem] = check_file_name(src, quiz.id, item.stem)
    if quiz.case is not None and quiz.case not in case_ids:
        problems.append(
            src.problem(("case",), f"所属案例“{quiz.case}”不存在：cases/ 目录中没有编号为“{quiz.case}”的案例")
        )
    if quiz.kind is None:
        pass  # an unknown kind is reported by the schema; which shape it needs is unknown
    elif quiz.kind == "练习":
        if not quiz.questions:
            problems.append(src.problem((), "练习至少要有一道题：请填写 questions"))
        if quiz.pools:
            problems.append(src.problem(("pools",), "pools（抽题范围）只用于考试：请删除，或把 kind 改为“考试”"))
        if quiz.time_limit_minutes is not None:
            problems.append(
                src.problem(
                    ("time_limit_minutes",), "time_limit_minutes（限时）只用于考试：请删除，或把 kind 改为“考试”"
                )
            )
    else:
        if not quiz.pools:
            problems.append(src.problem((), "考试需要 pools（抽题范围）：请至少写一个按标签或分类抽题的范围"))
        if quiz.questions:
            problems.append(src.problem(("questions",), "考试的题目从题库抽取，不要直接写 questions"))
    problems += check_questions(item)
    if taxonomy is not None:
        problems += _pool_categories(item, taxonomy)
    return problems


def _pool_categories(item: LoadedQuiz, taxonomy: Taxonomy) -> list[Problem]:
    problems = []
    names = {c.name for c in taxonomy.categories} | {
        f"{c.name}/{s.name}" for c in taxonomy.categories for s in c.subcategories
    }
    for i, pool in enumerate(item.quiz.pools or []):
        if pool is None:
            continue
        if not pool.tags and not pool.categories:
            problems.append(item.source.problem(("pools", i), "抽题范围至少要写 tags（标签）或 categories（分类）之一"))
        for j, cat in enumerate(pool.categories):
            if cat not in names:
                options = "、".join(c.name for c in taxonomy.categories)
                problems.append(
                    item.source.problem(
                        ("pools", i, "categories", j),
                        f"分类“{cat}”不在分类表中：请写一级分类（{options}）或“一级/二级”",
                    )
                )
    return problems


def check_pools(item: LoadedQuiz, bank: tuple[BankQuestion, ...]) -> list[Problem]:
    """Each pool of an exam holds at least as many questions as it draws."""
    problems = []
    for i, pool in enumerate(item.quiz.pools):
        size = len(pool_members(bank, pool))
        if size < pool.count:
            problems.append(
                item.source.problem(
                    ("pools", i, "count"),
                    f"抽题数量 {pool.count} 超过了题库中符合条件的题数 {size}：请减少数量或放宽标签、分类",
                )
            )
    return problems


def check_track(
    item: LoadedTrack, docs: Path, case_ids: set[str], quizzes: dict[str, Quiz], quiz_stems: set[str]
) -> list[Problem]:
    """Every page, case and quiz a track names exists, and its final exam is an exam."""
    track, src = item.track, item.source
    problems: list[Problem] = check_file_name(src, track.id, item.stem)
    for i, module in enumerate(track.modules or []):
        if module is None:
            continue
        for j, page in enumerate(module.pages):
            if not _inside_docs(page, docs):
                problems.append(
                    src.problem(("modules", i, "pages", j), f"学习页面“{page}”不存在：docs/ 目录中没有这个文件")
                )
        for j, case in enumerate(module.cases):
            if case not in case_ids:
                problems.append(src.problem(("modules", i, "cases", j), f"案例“{case}”不存在"))
        for j, case in enumerate(module.roleplays):
            if case not in case_ids:
                problems.append(
                    src.problem(
                        ("modules", i, "roleplays", j),
                        f"情景演练“{case}”不存在：cases/ 目录中没有编号为“{case}”的案例",
                    )
                )
        for j, quiz in enumerate(module.quizzes):
            if quiz not in quizzes and quiz not in quiz_stems:
                problems.append(
                    src.problem(("modules", i, "quizzes", j), f"测验“{quiz}”不存在：quizzes/ 目录中没有这个编号")
                )
        problems += _optional_problems(item, i)
    if track.final_exam is None:
        return problems
    exam = quizzes.get(track.final_exam)
    if exam is None and track.final_exam not in quiz_stems:
        problems.append(
            src.problem(("final_exam",), f"结业考试“{track.final_exam}”不存在：quizzes/ 目录中没有这个编号")
        )
    elif exam is not None and exam.kind != "考试":
        problems.append(
            src.problem(("final_exam",), f"结业考试“{track.final_exam}”是练习，不是考试：请指向 kind 为“考试”的测验")
        )
    return problems


def _inside_docs(page: str, docs: Path) -> bool:
    """A track page must be a Markdown file inside docs/: no absolute path, no way out by ``..`` or a link."""
    if page.startswith(("/", "\\")) or "\\" in page or ":" in page or ".." in page.split("/"):
        return False
    target = docs / page
    try:
        return target.is_file() and target.resolve().is_relative_to(docs.resolve()) and target.suffix == ".md"
    except OSError:
        return False


def _optional_problems(item: LoadedTrack, index: int) -> list[Problem]:
    """A module's ``optional`` entries name its own pages, cases or quizzes, and only where they change something."""
    module, src = item.track.modules[index], item.source
    listed = set(module.pages) | set(module.cases) | set(module.quizzes)
    problems = _unique(src, ("modules", index, "optional"), enumerate(module.optional), "选学内容")
    for j, entry in enumerate(module.optional):
        if entry not in listed:
            problems.append(
                src.problem(
                    ("modules", index, "optional", j),
                    f"选学内容“{entry}”不是本单元列出的页面、案例或测验：请写本单元 pages、cases 或 quizzes 中的一项",
                )
            )
    if module.optional and module.required == "选修":
        problems.append(
            src.problem(
                ("modules", index, "optional"), "本单元的完成要求是“选修”，所有内容本来就不要求完成：请删除 optional"
            )
        )
    return problems
