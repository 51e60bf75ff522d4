"""Whatever a trainer's editor produces, the loader answers with data or located problems."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.library.case_model import Case
from casebook.library.quiz_model import Quiz
from casebook.library.validate import to_model
from casebook.sources.yamlsrc import parse_text
from helpers import VALID_CASE

CASE_TEXT = VALID_CASE.format(id="fuzz")
_YAML_BITS = st.sampled_from(
    [":", "- ", "  ", "\t", "[", "]", "{", "}", '"', "'", "|", ">", "#", "&a", "*a", "!!", "\n", "？", "吞卡"]
)


def _load(text: str, model: type[Case] | type[Quiz]) -> None:
    source, problems = parse_text("cases/fuzz.yaml", text)
    if source is not None:
        instance, more = to_model(source, model)
        problems += more
        assert (instance is None) == bool(more)
    for p in problems:
        assert p.path == "cases/fuzz.yaml"
        assert p.line >= 1 and p.column >= 1
        assert p.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_never_raises(text: str) -> None:
    _load(text, Case)
    _load(text, Quiz)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=len(CASE_TEXT)), st.lists(_YAML_BITS, min_size=1, max_size=6), st.integers(0, 40)
)
def test_mutated_case_never_raises(at: int, inserted: list[str], cut: int) -> None:
    _load(CASE_TEXT[:at] + "".join(inserted) + CASE_TEXT[at + cut :], Case)


def test_a_one_megabyte_file_is_handled() -> None:
    big = CASE_TEXT.replace("summary: 特殊业务要一声提醒。", "summary: " + "很长的小结" * 200_000)
    assert len(big.encode("utf-8")) > 1_000_000
    source, problems = parse_text("cases/fuzz.yaml", big)
    assert source is not None and problems == []
    case, problems = to_model(source, Case)
    assert case is not None and problems == []


def test_deep_nesting_is_a_located_problem() -> None:
    source, problems = parse_text("cases/fuzz.yaml", "id: " + "[" * 5000 + "]" * 5000)
    assert source is None
    assert [str(p) for p in problems] == ["cases/fuzz.yaml:1:1: 文件嵌套层次过深或内容过于复杂，无法读取"]


def test_alias_bombs_are_refused() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(9)
    ]
    source, problems = parse_text("cases/fuzz.yaml", "\n".join(lines))
    assert source is None
    assert [str(p) for p in problems] == ["cases/fuzz.yaml:1:1: 文件嵌套层次过深或内容过于复杂，无法读取"]
