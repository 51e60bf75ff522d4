"""Quiz and track models: questions trainees answer in the browser, and the two training tracks.

Field docstrings are the hover help trainers see in their editor, so they are in Chinese.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from casebook.library.case_model import SLUG_PATTERN, Text, _Strict

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]


class Option(_Strict):
    """一个选项。"""

    id: Slug = Field(title="选项编号")
    """选项编号，例如 a、b、c；answer 中写这个编号。"""

    text: Text = Field(title="选项内容")
    """选项的文字。"""

    feedback: Text | None = Field(default=None, title="选项反馈")
    """学员选了这一项后看到的说明（可选）。"""


class _Question(_Strict):
    id: Slug = Field(title="题目编号")
    """题目编号，在同一份测验中不能重复，例如 q1。"""

    prompt: Text = Field(title="题干")
    """题目的问题或情景。"""

    explanation: Text = Field(title="解析")
    """提交后显示的解析：为什么这样答。每道题都必须有。"""

    tags: list[Text] = Field(default_factory=list, title="标签")
    """题目的标签，考试按标签抽题时使用（测验和案例的标签会自动加上）。"""

    # Only exports read it (the xlsx 难度 column); kept out of model_dump, so setting it changes no
    # quiz version and no trainee's stored results are dropped.
    difficulty: Literal["易", "中", "难"] | None = Field(default=None, exclude=True, title="难度")
    """题目难度：易、中或难（可选）。只在导出题库时使用（xlsx 的“难度”列），页面上不显示。"""


class SingleChoice(_Question):
    """单选题：只有一个正确选项。"""

    type: Literal["单选"] = Field(title="题型")
    """题型：单选。"""

    options: list[Option] = Field(min_length=2, title="选项")
    """至少两个选项。"""

    answer: Slug = Field(title="答案")
    """正确选项的编号，例如 b。"""


class MultipleChoice(_Question):
    """多选题：有一个或多个正确选项，全部选对才得分。"""

    type: Literal["多选"] = Field(title="题型")
    """题型：多选。"""

    options: list[Option] = Field(min_length=2, title="选项")
    """至少两个选项。"""

    answer: list[Slug] = Field(min_length=1, title="答案")
    """所有正确选项的编号，例如 [a, c]。"""


class TrueFalse(_Question):
    """判断题。"""

    type: Literal["判断"] = Field(title="题型")
    """题型：判断。"""

    answer: bool = Field(title="答案")
    """true 表示说法正确，false 表示说法错误。"""


class Ordering(_Question):
    """排序题：学员把打乱的步骤排回正确顺序。"""

    type: Literal["排序"] = Field(title="题型")
    """题型：排序。"""

    items: list[Text] = Field(min_length=2, title="正确顺序")
    """按正确顺序写出各步骤；页面上会打乱显示。"""


class DialogueStep(_Strict):
    """情景对话中的一轮：客户说一句，学员选择回应。"""

    customer: Text = Field(title="客户的话")
    """客户在这一轮说的话。"""

    options: list[Option] = Field(min_length=2, title="回应选项")
    """员工可以怎样回应；建议每个选项都写 feedback。"""

    answer: Slug = Field(title="最佳回应")
    """最佳回应的选项编号。"""


class Dialogue(_Question):
    """情景对话题：一轮或多轮，每轮选出最好的回应，按答对的轮数得分。"""

    type: Literal["对话"] = Field(title="题型")
    """题型：对话。"""

    steps: list[DialogueStep] = Field(min_length=1, title="对话轮次")
    """对话的各轮。"""


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | Ordering | Dialogue,
    Field(discriminator="type"),
]
QUESTION_TYPES = ("单选", "多选", "判断", "排序", "对话")


class Pool(_Strict):
    """考试的一个抽题范围：按标签或分类选题，从中随机抽取若干道。"""

    tags: list[Text] = Field(default_factory=list, title="标签")
    """带有其中任一标签的题目入选。"""

    categories: list[Text] = Field(default_factory=list, title="分类")
    """属于其中任一分类（一级分类，或“一级/二级”）的案例测验题入选。"""

    count: int = Field(ge=1, title="抽题数量")
    """每次考试从这个范围抽取的题数。"""


class Quiz(_Strict):
    """一份测验或考试。"""

    id: str = Field(pattern=SLUG_PATTERN, max_length=80, title="编号")
    """测验编号，必须与文件名相同。"""

    title: Text = Field(title="标题")
    """测验标题。"""

    kind: Literal["练习", "考试"] = Field(default="练习", title="类型")
    """练习：固定的题目；考试：每次从题库按范围随机抽题。"""

    case: Text | None = Field(default=None, title="所属案例")
    """所属案例的编号；填写后测验显示在该案例页面的末尾。"""

    description: Text | None = Field(default=None, title="说明")
    """显示在测验上方的说明（可选）。"""

    pass_mark: int = Field(default=60, ge=0, le=100, title="及格分")
    """及格分（百分制），默认 60。"""

    tags: list[Text] = Field(default_factory=list, title="标签")
    """测验的标签，会加到每道题上，供考试抽题。"""

    questions: list[Question] = Field(default_factory=list, title="题目")
    """练习的题目。"""

    pools: list[Pool] = Field(default_factory=list, title="抽题范围")
    """考试的抽题范围（仅考试使用）。"""

    time_limit_minutes: int | None = Field(default=None, ge=1, le=600, title="限时（分钟）")
    """考试的时间限制（分钟，可选，仅考试使用）：页面显示倒计时，时间到自动交卷，刷新页面不会重新计时。"""


class Module(_Strict):
    """培训路线中的一个单元。"""

    title: Text = Field(title="单元标题")
    """单元标题。"""

    description: Text | None = Field(default=None, title="说明")
    """单元说明（可选）。"""

    pages: list[Text] = Field(default_factory=list, title="学习页面")
    """要阅读的知识页面，写 docs/ 下的路径，例如 knowledge/service-standards.md。"""

    cases: list[Text] = Field(default_factory=list, title="案例")
    """要学习的案例编号。"""

    quizzes: list[Text] = Field(default_factory=list, title="测验")
    """要通过的测验编号。"""

    roleplays: list[Text] = Field(default_factory=list, title="情景演练")
    """要做情景演练的案例编号：单元中列出这些案例的情景演练卡。演练由观察员现场评分，不计入网页上的结业条件。"""

    required: Literal["全部", "测验", "选修"] = Field(default="全部", title="完成要求")
    """结业前本单元要完成什么。全部（默认）：读完每个页面和案例，并通过每个测验；测验：只需通过测验，页面和案例为推荐阅读；选修：不计入结业条件。"""

    optional: list[Text] = Field(default_factory=list, title="选学内容")
    """本单元中不要求完成的内容（可选）：写页面路径、案例编号或测验编号，必须是本单元列出的。"""


class Track(_Strict):
    """一条培训路线：按顺序学习的单元，最后是结业考试。"""

    id: str = Field(pattern=SLUG_PATTERN, max_length=80, title="编号")
    """路线编号，必须与文件名相同。"""

    title: Text = Field(title="标题")
    """路线名称，例如“新员工入职培训”。"""

    description: Text = Field(title="说明")
    """路线说明：适合谁、学什么。"""

    order: int = Field(default=0, title="排序")
    """在培训首页中的顺序，小的在前。"""

    modules: list[Module] = Field(min_length=1, title="单元")
    """按顺序排列的单元。"""

    final_exam: Text = Field(title="结业考试")
    """结业考试的测验编号（类型为考试）。"""
