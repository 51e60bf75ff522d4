"""``casebook new``: commented templates that validate once the trainer fills them in."""

from __future__ import annotations

import re
from pathlib import Path

from casebook.errors import CasebookError, Problem
from casebook.library.case_model import SLUG_PATTERN

CASE_TEMPLATE = """\
# 新案例：把每个“请填写”换成内容，然后运行 casebook validate 检查。
# 分类、投诉原因、服务原则等只能使用 taxonomy.yaml 中列出的名称。
# 不要写客户或员工的姓名、电话、证件号、卡号、账号；网点写作“某支行”“某网点”。
id: {id}
title: 请填写：一句话说明事件
category: 人员服务/服务态度不佳        # 一级分类/二级分类
cause: 员工服务态度差                  # 投诉原因（可选）
principles: [热情有礼]                 # 服务原则（可选）
tags: [请填写关键词]                   # 学员会搜索的词
business_line: 综合服务                # 业务条线（可选）
channel: 网点柜面                      # 渠道（可选）
responsibility: 有责                   # 有责 / 部分有责 / 无责（可选）
audience: [全体员工]                   # 适用岗位（可选）
difficulty: 基础                       # 基础 / 进阶（可选）
source: 请填写：案例来源，不写姓名      # 可选
date: 2024-01                          # 年、年-月或年-月-日（可选）
related: []                            # 相关案例的编号（可选）
scenario: |
  请填写：事件经过。
analysis:
  - 请填写：为什么会引起投诉。
countermeasures:
  - 请填写：应该怎么做。
summary: 请填写：一两句话的教训。
scripts:                               # 建议话术（可选）
  - {{speaker: 客户, line: 请填写客户的话}}
  - {{speaker: 柜员, line: 请填写员工应该怎么说}}
avoid:                                 # 服务禁用语（可选）
  - {{phrase: 请填写不该说的话, instead: 请填写更好的说法}}
"""

QUIZ_TEMPLATE = """\
# 案例“{title}”的测验：题型可用 单选、多选、判断、排序、对话，每道题都要写解析。
id: {id}
title: {title}测验
case: {id}
pass_mark: 60
questions:
  - id: q1
    type: 单选
    prompt: 请填写题干
    options:
      - {{id: a, text: 请填写选项, feedback: 选了这一项时看到的说明（可选）}}
      - {{id: b, text: 请填写选项}}
    answer: a
    explanation: 请填写解析
  - id: q2
    type: 判断
    prompt: 请填写一个说法
    answer: false                      # true：说法正确；false：说法错误
    explanation: 请填写解析
  - id: q3
    type: 排序
    prompt: 请把步骤按正确顺序排列
    items: [第一步, 第二步, 第三步]      # 按正确顺序写，页面上会打乱
    explanation: 请填写解析
"""


def _refuse(message: str) -> CasebookError:
    return CasebookError([Problem("命令行", 1, 1, message)])


def _write_new(path: Path, text: str) -> Path:
    try:
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite a trainer's file
            handle.write(text)
    except FileExistsError:
        raise _refuse(f"文件 {path.as_posix()} 已存在，没有覆盖：请换一个编号，或直接编辑该文件") from None
    return path


def new_case(root: Path, case_id: str | None) -> Path:
    """Write ``cases/<id>.yaml`` from the template; refuse bad ids and existing files."""
    if not case_id or not re.match(SLUG_PATTERN, case_id):
        raise _refuse("请用 --id 指定案例编号：小写英文字母、数字和连字符，例如 --id atm-card-swallowed")
    (root / "cases").mkdir(exist_ok=True)
    return _write_new(root / "cases" / f"{case_id}.yaml", CASE_TEMPLATE.format(id=case_id))


def new_quiz(root: Path, case_id: str | None) -> Path:
    """Write ``quizzes/<case>.yaml`` for an existing case; refuse a missing case and existing files."""
    case_file = root / "cases" / f"{case_id}.yaml"
    if not case_id or not re.match(SLUG_PATTERN, case_id) or not case_file.is_file():
        raise _refuse(f"请用 --case 指定已有案例的编号：cases/ 中没有“{case_id or ''}”")
    title = _case_title(case_file) or case_id
    (root / "quizzes").mkdir(exist_ok=True)
    return _write_new(root / "quizzes" / f"{case_id}.yaml", QUIZ_TEMPLATE.format(id=case_id, title=title))


def _case_title(path: Path) -> str | None:
    match = re.search(r"^title:\s*(.+?)\s*$", path.read_text(encoding="utf-8-sig", errors="replace"), re.M)
    return match.group(1).strip("\"'") if match else None
