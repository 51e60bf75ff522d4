"""The data model: what a case and the taxonomy look like once validated.

Field docstrings are written for trainers: they become the hover help in the
JSON Schema an editor uses, so they are in Chinese.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

# Zero-width characters look like nothing; text made of them and of (full-width) spaces is empty.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
NON_BLANK_PATTERN = f"[^\\s{INVISIBLE}]"
"""JSON Schema twin of :func:`_strip`: at least one visible character."""
_EDGES = re.compile(f"^[\\s{INVISIBLE}]+|[\\s{INVISIBLE}]+$")


def _strip(value: Any) -> Any:
    return _EDGES.sub("", value) if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_strip), StringConstraints(min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]


SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# Real calendar dates only (2023-02-30 and 2012-13-45 are refused), written as one regular expression
# so that validation and the editor's JSON Schema apply the very same rule.
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_DAY = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29"
DATE_PATTERN = rf"^(?:[0-9]{{4}}(?:-(?:0[1-9]|1[0-2]))?|[0-9]{{4}}-{_MONTH_DAY}|{_LEAP_DAY})$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)


class ScriptLine(_Strict):
    """建议话术中的一句。"""

    speaker: Text = Field(title="说话人")
    """说话的人，例如“客户”“大堂经理”“柜员”。写“客户”的句子显示在左侧，其余显示在右侧。"""

    line: Text = Field(title="台词")
    """这句话的内容。"""


class AvoidPhrase(_Strict):
    """一条服务禁用语，以及更好的说法。"""

    phrase: Text = Field(title="禁用语")
    """不应该对客户说的话。"""

    instead: Text | None = Field(default=None, title="建议说法")
    """可以改说的话（可选）。"""


class DatedRule(_Strict):
    """案例中按当年规定讲的内容（收费标准、比例、时限等），提醒学员现行规定可能已经调整。"""

    year: int = Field(ge=1900, le=2100, title="规定的年份")
    """这些规定所依据的年份，一般就是来源材料的年份，例如 2012。"""

    note: Text = Field(title="说明")
    """哪些内容是当年的规定、现在以什么为准，例如“60 元封顶是当年的收费标准，现行收费以最新公示为准”。"""


class Roleplay(_Strict):
    """情景演练卡中培训师自己写的内容。不填的部分由案例内容自动生成。"""

    customer_story: Text | None = Field(default=None, title="顾客卡：发生了什么")
    """写给扮演客户的人：站在客户的角度讲事情经过（可选，默认使用案例经过）。"""

    customer_feels: Text | None = Field(default=None, title="顾客卡：心情")
    """客户此刻的心情，例如“又急又气，觉得被当成了麻烦”。"""

    customer_wants: Text | None = Field(default=None, title="顾客卡：诉求")
    """客户想要的结果，例如“今天就把钱取出来，并且有人道歉”。"""

    escalates_if: list[Text] = Field(default_factory=list, title="顾客卡：什么会让客户更生气")
    """员工的哪些言行会让客户情绪升级，每条一项（可选，默认根据服务禁用语生成）。"""

    opening_line: Text | None = Field(default=None, title="顾客卡：开场白")
    """扮演客户的人说的第一句话（可选，默认使用建议话术中客户的第一句）。"""

    employee_role: Text | None = Field(default=None, title="员工卡：岗位")
    """扮演员工的人的岗位，例如“大堂经理”（可选，默认取建议话术中的员工）。"""

    employee_situation: Text | None = Field(default=None, title="员工卡：遇到的情况")
    """员工一开始看到、知道的情况（可选）。不要写员工当时不可能知道的内容。"""

    employee_task: Text | None = Field(default=None, title="员工卡：任务")
    """员工要完成的任务（可选，默认按投诉处理四步法生成）。"""

    avoid: list[Text] | None = Field(default=None, title="评分表：禁用语")
    """评分表中列出的禁用语，说出一句扣 10 分（可选，默认使用本案例的服务禁用语）。"""

    pass_mark: int | None = Field(default=None, ge=0, le=100, title="评分表：及格分")
    """评分表的及格分（满分 100 分，默认 70 分）。"""


class Case(_Strict):
    """一个投诉案例：发生了什么、为什么出错、应该怎么做、有什么教训。"""

    id: str = Field(title="编号", pattern=SLUG_PATTERN, max_length=80)
    """案例编号：小写英文字母、数字和连字符，必须与文件名相同（如 atm-card-swallowed）。"""

    title: Text = Field(title="标题")
    """案例标题，一句话说明事件，例如“医保卡被吞后逾期领取被要求补办”。"""

    category: Text = Field(title="分类")
    """两级分类，写作“一级分类/二级分类”，例如“人员服务/服务态度不佳”。可选值见 taxonomy.yaml。"""

    cause: Text | None = Field(default=None, title="投诉原因")
    """投诉原因分类，例如“未落实首问负责制”。可选值见 taxonomy.yaml 的 causes。"""

    principles: list[Text] = Field(default_factory=list, title="服务原则")
    """本案例涉及的服务原则，例如“首问负责制”。可选值见 taxonomy.yaml 的 principles。"""

    tags: list[Text] = Field(default_factory=list, title="标签")
    """学员可能搜索的关键词，例如“吞卡”“手续费”“老年客户”。"""

    business_line: Text | None = Field(default=None, title="业务条线")
    """业务条线，例如“银行卡”。可选值见 taxonomy.yaml 的 business_lines。"""

    channel: Text | None = Field(default=None, title="渠道")
    """事件发生的渠道，例如“网点柜面”“自助设备”。可选值见 taxonomy.yaml 的 channels。"""

    responsibility: Text | None = Field(default=None, title="责任认定")
    """责任认定：有责、部分有责或无责。"""

    audience: list[Text] = Field(default_factory=list, title="适用岗位")
    """最需要学习本案例的岗位，例如“柜员”“大堂经理”。"""

    difficulty: Text | None = Field(default=None, title="难度")
    """难度：基础或进阶。"""

    source: Text | None = Field(default=None, title="来源")
    """案例来源说明，例如“某分行服务工单分析会”。不要写客户或员工的姓名。"""

    date: str | None = Field(default=None, title="日期", pattern=DATE_PATTERN)
    """事件发生的年月或日期，写作 2012、2012-01 或 2012-01-17。"""

    related: list[Text] = Field(default_factory=list, title="相关案例")
    """相关案例的编号（id）列表。"""

    valid_as_of: DatedRule | None = Field(default=None, title="时效提示")
    """案例中的收费、比例、时限等按哪一年的规定讲（可选）。填写后案例页面显示一条时效提示。"""

    scenario: Text = Field(title="案例经过")
    """事件经过，可以使用 Markdown。不要写客户姓名、电话、卡号等个人信息。"""

    analysis: list[Text] = Field(min_length=1, title="原因分析")
    """为什么会引起投诉，每条一项。"""

    countermeasures: list[Text] = Field(min_length=1, title="应对措施")
    """应该怎么做，每条一项。"""

    summary: Text = Field(title="案例小结")
    """一两句话的教训，会显示在浏览页面的案例列表中。"""

    scripts: list[ScriptLine] = Field(default_factory=list, title="建议话术")
    """员工应该怎么说：一段对话，每句写明说话人和台词。"""

    avoid: list[AvoidPhrase] = Field(default_factory=list, title="服务禁用语")
    """本案例中不应该说的话，以及更好的说法。"""

    roleplay: Roleplay | None = Field(default=None, title="情景演练卡")
    """情景演练卡（顾客角色卡、员工任务卡、观察评分表）中要改写的内容（可选）；不写的部分自动生成。"""


class Term(_Strict):
    """分类表中的一个名称。"""

    name: Text = Field(title="名称")
    """显示给学员的中文名称，案例中也写这个名称。"""

    slug: Slug = Field(title="网址短名")
    """网址中使用的英文短名：小写字母、数字和连字符。发布后请不要修改。"""

    description: Text | None = Field(default=None, title="说明")
    """一句话说明（可选）。"""


class Category(Term):
    """一级分类及其二级分类。"""

    subcategories: list[Term] = Field(min_length=1, title="二级分类")
    """这个一级分类下的二级分类。"""


class Taxonomy(_Strict):
    """分类表：案例可以使用的分类、原因、原则、条线、渠道等名称。"""

    categories: list[Category] = Field(min_length=1, title="分类")
    """两级分类。"""

    causes: list[Term] = Field(min_length=1, title="投诉原因")
    """投诉原因分类。"""

    principles: list[Term] = Field(min_length=1, title="服务原则")
    """服务原则，每条带一句话定义。"""

    business_lines: list[Term] = Field(min_length=1, title="业务条线")
    """业务条线。"""

    channels: list[Term] = Field(min_length=1, title="渠道")
    """服务渠道。"""

    responsibilities: list[Term] = Field(min_length=1, title="责任认定")
    """责任认定。"""

    audiences: list[Term] = Field(min_length=1, title="适用岗位")
    """岗位。"""

    difficulties: list[Term] = Field(min_length=1, title="难度")
    """难度等级。"""

    synonyms: list[Annotated[list[Text], Field(min_length=2)]] = Field(default_factory=list, title="同义词")
    """搜索同义词：每组写两个以上说法相同的词，例如 [吞卡, 卡被吞]。案例中出现组内任一个词，搜索其他词也能找到它。"""

    def category(self, name: str) -> Category | None:
        """The first-level category called ``name``, if any."""
        return next((c for c in self.categories if c.name == name), None)
