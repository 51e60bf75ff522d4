"""The privacy allowlist: false positives waived one by one, each with its reason.

Apart from ``privacy`` because its models need pydantic, and the privacy helper, which checks
only files no waiver names, starts faster without it (0.4 s of the generator's longest path).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from casebook.errors import Problem
from casebook.library.case_model import Text, _Strict
from casebook.library.privacy import Guard
from casebook.library.validate import to_model
from casebook.sources.yamlsrc import read_yaml

ALLOWLIST = "privacy-allowlist.yaml"


class Waiver(_Strict):
    """一条经审核的误报豁免。"""

    file: Text = Field(title="文件")
    """出现误报的文件，例如 cases/atm-card.yaml。"""

    text: Text = Field(title="内容")
    """被误报的文字，原样照抄。"""

    reason: Text = Field(title="理由")
    """为什么这不是客户信息，以及审核人。"""


class Allowlist(_Strict):
    """隐私检查的误报豁免清单。"""

    allow: list[Waiver] = Field(default_factory=list, title="豁免")
    """每条豁免都必须写明理由。"""

    unscanned: list[Text] = Field(default_factory=list, title="不检查内容的文件类型")
    """docs/ 中允许发布、但无法检查文字内容的文件类型（扩展名），例如 png、jpg。"""


def load_guard(root: Path) -> tuple[Guard, list[Problem]]:
    """The guard with the project's allowlist (an absent file means no waivers)."""
    path = root / ALLOWLIST
    if not path.is_file():
        return Guard(Allowlist(), None, set()), []
    source, problems = read_yaml(path, ALLOWLIST)
    if source is None:
        return Guard(Allowlist(), None, set()), problems
    allowlist, more = to_model(source, Allowlist)
    return Guard(allowlist or Allowlist(), source, set()), problems + more
