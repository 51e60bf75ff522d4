"""Benchmark the casebook generator and the MkDocs build on synthetic case libraries.

For each library size N this script writes N schema-valid cases into a temporary
project, then measures:

* the generator alone: ``load_library`` + ``render_pages``, best of 3;
* the full build: ``mkdocs build`` with the casebook plugin;
* a baseline: the same generated Markdown written into ``docs/`` and built by plain
  MkDocs + Material (the ``casebook`` plugin removed, everything else unchanged);
* the size of the case pages and of the search index in the full build.

It prints a table and checks each figure against its target.  A missed target is
reported, not fatal: the exit status is non-zero only when a build fails.

Usage (from anywhere; ``make bench`` runs it with the defaults)::

    .venv/bin/python bench/bench.py [--sizes 200 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casebook.errors import CasebookError
from casebook.library.case_model import Taxonomy
from casebook.library.load import load_library
from casebook.render.pages import render_pages

REPO = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
DEFAULT_SIZES = (1000, 5000)
SEED = 20240601
GENERATOR_RUNS = 3
KB = 1000  # 1 KB = 1,000 bytes throughout

# Targets.
GENERATOR_S_PER_1000 = 1.0
BUILD_OVER_BASELINE = 1.3
CASE_PAGE_MAX_BYTES = 40 * KB
SCALING_SLACK = 1.1  # build(5000)/build(1000) ≤ 1.1 × 5 = 5.5

# A JSON \uXXXX escape: a backslash not itself escaped (an even run of backslashes
# before it), then u and four hex digits.  A literal "\u200b" inside a string (the
# search separator in mkdocs.yml) is serialised as "\\u200b" and must not count.
JSON_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u[0-9a-fA-F]{4}")

# --- Text pools for synthetic cases --------------------------------------------------

TAGS = (
    "吞卡",
    "吞钞",
    "排队",
    "叫号",
    "过号",
    "手续费",
    "年费",
    "工本费",
    "老年客户",
    "推诿",
    "首问负责",
    "态度差",
    "服务禁语",
    "大额取现",
    "预约取款",
    "现金不足",
    "提前还款",
    "房贷",
    "公积金",
    "征信",
    "逾期",
    "短信通知",
    "手机银行",
    "网银",
    "转错账",
    "调账",
    "未入账",
    "自助设备故障",
    "营业时间",
    "午休",
    "提前下班",
    "窗口",
    "贵宾客户",
    "理财卡",
    "强制营销",
    "第三方存管",
    "对公开户",
    "开户进度",
    "补办",
    "挂失",
    "客服热线",
    "电话咨询",
    "错误指导",
    "加急处理",
    "现场投诉",
    "媒体曝光",
    "特殊群体",
    "绿色通道",
    "办结时限",
    "个人信息保护",
)

SLUG_WORDS = (
    "atm",
    "queue",
    "card",
    "fee",
    "loan",
    "mortgage",
    "cash",
    "deposit",
    "transfer",
    "elderly",
    "branch",
    "teller",
    "lobby",
    "phone",
    "sms",
    "wealth",
    "vip",
    "account",
    "corporate",
    "refund",
)

CUSTOMERS = (
    "一位客户",
    "一位老年客户",
    "一位个体工商户",
    "一位外地务工人员",
    "一位带着孩子的客户",
    "一位企业财务人员",
    "一位行动不便的客户",
    "一位刚退休的客户",
)
BRANCHES = ("某支行", "某分行营业部", "某社区网点", "某县域支行", "某理财中心", "某二级支行")
PURPOSES = (
    "办理借记卡挂失补办",
    "咨询提前还款的手续",
    "办理大额取现",
    "为公司开立基本存款账户",
    "办理公积金贷款签约",
    "赎回一笔到期理财产品",
    "更换预留手机号码",
    "查询一笔未到账的转账",
    "激活新领取的社保卡",
    "存入一笔营业款",
    "办理信用卡销户",
    "开通手机银行",
)
INCIDENTS = (
    "当时大厅等候的客户较多，只开了两个窗口，客户取号后等了 {minutes} 分钟仍未叫到。",
    "柜员办理时发现客户的资料不全，只说了一句“回去补齐再来”，没有说明具体缺什么。",
    "自助设备在交易过程中突然故障，{amount} 元现金被吞进机器，账户却没有入账。",
    "柜员告知需要收取 {fee} 元手续费，客户此前从未听说过这项收费，当场表示不理解。",
    "客户按照此前电话客服的指引准备了材料，到网点后却被告知流程已经调整，材料不能用。",
    "临近下班时客户赶到网点，保安已经拉下卷帘门，称系统已经关闭，让客户明天再来。",
    "客户预约的 {amount} 元现金没有备好，柜员称库存不足，让客户改天或者到其他网点办理。",
    "客户发现账户被扣了 {fee} 元年费，而办卡时客户经理承诺过免收年费。",
    "客户的贷款申请已提交 {days} 天，一直没有任何进度消息，打电话询问也没人说得清楚。",
    "客户转账时输错了一位卡号，{amount} 元转到了陌生人账户，急得在大厅里来回打听。",
)
RESPONSES = (
    "客户找到大堂经理询问，大堂经理只说这是规定，让客户自己拨打客服热线咨询。",
    "柜员一边忙着手里的业务一边回答，语气生硬，还反问客户“你之前怎么不问清楚”。",
    "客户经理称这事不归自己管，让客户去找柜台，柜台又让客户回去找客户经理。",
    "网点员工互相看了看，没有人出面接待，客户在柜台前站了十几分钟。",
    "员工解释了很久系统规则，却没有问客户现在最着急的是什么。",
    "大堂经理答应当天下午回电话，结果直到第二天客户也没有接到任何回复。",
    "柜员把客户的材料放在一边，说要请示领导，之后就去办理下一位客户的业务了。",
    "员工当着其他客户的面数落客户“看不懂说明还乱操作”，客户觉得很没面子。",
)
REACTIONS = (
    "客户认为网点推诿责任，当场情绪激动，要求见网点负责人。",
    "客户回家后拨打了投诉电话，称自己被“踢皮球”，要求网点给个说法。",
    "客户在大厅里大声质问，引来不少等候的客户围观，现场秩序一度混乱。",
    "客户表示要把这件事发到网上，让大家看看银行是怎么对待客户的。",
    "客户的家属第二天来到网点，指责员工欺负老人，要求当面道歉。",
    "客户说自己是多年的老客户，从来没有受过这样的对待，准备把存款全部转走。",
)
OUTCOMES = (
    "网点负责人得知后向客户致歉，当天为客户办结了业务，但客户仍坚持投诉。",
    "经网点协调，相关部门加急处理，{days} 个工作日后问题得到解决，客户撤回了投诉。",
    "支行随后上门回访，向客户说明了原因并退还了相关费用，客户表示谅解。",
    "事后调查发现，员工对相关规定理解有误，给了客户错误的答复。",
    "经核实，网点当天确实存在人手安排不合理的问题，已责令整改。",
)
ANALYSES = (
    "员工只解释规定，没有先倾听客户诉求，也没有安抚客户的情绪，导致矛盾升级。",
    "第一个接待客户的员工没有落实首问负责制，把客户推给其他岗位，让客户来回奔波。",
    "涉及收费和期限的关键事项，员工在办理前没有做到一声提醒，客户事后才知道。",
    "网点没有根据客流情况及时增开窗口，也没有安排专人引导分流，客户等候时间过长。",
    "员工业务知识不熟，对客户的问题给出了前后不一致的答复，损害了银行的专业形象。",
    "对老年客户等特殊群体缺少主动关照，没有提供绿色通道或耐心细致的指导。",
    "员工答应回复却没有按时跟进，客户在等待中失去了信任，小问题变成了投诉。",
    "员工使用了服务禁语，当众指责客户，让客户感到不被尊重。",
    "为了完成营销指标，员工没有了解客户的真实需求，推荐了不适合客户的产品。",
    "网点负责人没有及时到场处置，现场投诉没有在第一时间化解。",
    "内部流转环节多、时限不明确，客户不知道业务办到了哪一步。",
)
COUNTERMEASURES = (
    "接待客户时先请客户坐下，倾听客户的诉求并表示理解，再核实情况、说明处理办法。",
    "落实首问负责制：第一个接待的员工负责到底，需要其他岗位处理的，由员工陪同或代为联系。",
    "办理涉及收费、期限或风险的业务前，主动向客户重点提示，并请客户确认知晓。",
    "网点负责人根据客流高峰提前调配人手，排队人数较多时立即启用弹性窗口。",
    "大堂经理主动巡视大厅，发现老年客户或有特殊需要的客户，优先引导并全程协助。",
    "对需要多个部门处理的事项，约定回复时间，按时主动告知进度，办结后电话回访。",
    "定期组织业务培训和案例学习，员工拿不准的问题先查证或请教同事，再答复客户。",
    "规范服务用语，严禁使用服务禁语，员工之间的分歧不当着客户的面争执。",
    "客户有紧急需求的，属于网点权限的当天办结，超出权限的立即申请加急处理。",
    "营销产品前先了解客户需求和风险承受能力，不为完成指标搭售或强制营销。",
    "投诉发生后由网点负责人牵头，当天联系客户致歉说明，并跟踪整改落实情况。",
)
SUMMARIES = (
    "先处理心情，再处理事情：客户的情绪安抚好了，事实核实清楚了，问题才有解决的基础。",
    "第一个接待客户的人负责到底，不让客户在柜台、大堂和客户经理之间来回跑，是避免投诉最简单的办法。",
    "涉及收费和期限的事项，事前多说一句，胜过事后解释十句；提醒到位，客户才不会觉得被蒙在鼓里。",
    "客流高峰不是借口，提前调配人手、启用弹性窗口、主动引导分流，才能守住营业秩序。",
    "答应客户的事要按时回复，哪怕暂时没有结果，也要主动告知进度，别让客户在等待中失去信任。",
    "对老年客户多一分耐心、多一句提醒、多一次陪同，就少一次误会和投诉。",
    "业务不熟时先查证再答复，错误的指引比没有指引更伤客户，也更损害银行的专业形象。",
    "按需办理，先弄清客户真正要办什么，不为指标牺牲客户利益，客户的信任才是长久的业绩。",
)
ANALYSIS_TAILS = (
    "这也是同类投诉中最常见的原因。",
    "网点事后复盘时，当事员工也承认了这一点。",
    "如果当时多问一句，投诉本可以避免。",
    "客户的不满主要就是从这里开始的。",
    "这反映出网点日常培训和管理上的不足。",
)
COUNTERMEASURE_TAILS = (
    "网点负责人每周检查落实情况。",
    "执行情况纳入员工服务质量考核。",
    "在晨会上用本案例组织一次讨论。",
    "相关要求写入网点服务手册，新员工上岗前学习。",
    "由大堂经理在每天营业前提醒一遍。",
)
STAFF = ("柜员", "大堂经理", "客户经理", "网点负责人", "电话客服")
CUSTOMER_LINES = (
    "我都等了 {minutes} 分钟了，后面来的人都办完了，怎么还没轮到我？",
    "你们上次电话里可不是这么说的，我按你们说的准备好材料，结果白跑了一趟。",
    "这笔钱我今天下午就要用，要给别人转账，能不能快一点？",
    "办卡的时候客户经理说免年费，没人告诉我要收这个费用啊。",
    "你们到底谁能负责？我已经问了三个人了，每个人说的都不一样。",
    "我年纪大了，手机上的这些我真弄不明白，你能不能教教我？",
)
STAFF_LINES = (
    "非常抱歉让您久等了，我先帮您看看具体情况，请您稍坐。",
    "这件事由我来负责跟进，您不用再找别人，我现在就帮您联系相关部门。",
    "您先别着急，我把需要准备的材料给您写在纸上，一项一项给您说清楚。",
    "正常流程需要几个工作日，考虑到您急用，我马上帮您申请加急处理。",
    "这项费用是按规定收取的，办理前我们应该先提醒您，这是我们的疏忽，向您道歉。",
    "我留一下您的电话，最晚明天下午之前一定给您回复处理进度。",
    "您的情况我已经向网点负责人报告了，我们会尽快给您一个满意的答复。",
)
AVOID = (
    ("这是规定，我也没办法。", "这项规定是为了保障您的资金安全，我帮您看看有没有更方便的办法。"),
    ("不归我管，你去问别人。", "这件事我来帮您联系负责的同事，您稍等。"),
    ("你怎么不早说？", "谢谢您告诉我，我马上帮您处理。"),
    ("下班了，明天再来吧。", "请您稍等，我看看今天还能不能为您办理。"),
    ("机器坏了跟我们没关系。", "给您添麻烦了，我马上登记情况并联系维护人员。"),
    ("自己看说明去。", "我来一步一步教您操作。"),
)
TITLE_SUBJECTS = (
    "客户排队 {minutes} 分钟未办上业务",
    "老年客户到网点取养老金",
    "存款机吞钞 {amount} 元未入账",
    "客户咨询提前还款",
    "企业开户资料搁置 {days} 天",
    "客户预约大额取现",
    "信用卡年费承诺未兑现",
    "客户转错账急需追回",
    "临近下班客户被拒之门外",
    "贷款审批迟迟没有消息",
)
TITLE_PROBLEMS = (
    "员工却只让其“明天再来”，客户当场投诉",
    "网点员工互相推诿，半小时无人负责",
    "柜员语气生硬，还当众指责客户",
    "大堂经理答应回电却再无音讯",
    "收费前未做任何提醒，客户事后才知情",
    "员工给出的办理指引前后不一，客户白跑两趟",
    "网点负责人迟迟不到场，矛盾不断升级",
)


def with_tail(rng: random.Random, sentence: str, tails: Sequence[str]) -> str:
    """Sometimes extend a sentence, so list items vary in length as in the real cases."""
    return sentence + rng.choice(tails) if rng.random() < 0.6 else sentence


def fill(template: str, rng: random.Random) -> str:
    """Fill a template's placeholders with plausible numbers."""
    return template.format(
        minutes=rng.randrange(20, 95, 5),
        amount=rng.randrange(5, 500) * 100,
        fee=rng.choice((2, 5, 10, 15, 20, 50, 100)),
        days=rng.randint(3, 20),
    )


def scenario(rng: random.Random, year: int, month: int, day: int) -> str:
    """Two or three paragraphs of what happened, about 150–300 characters."""
    when = f"{year} 年 {month} 月 {day} 日{rng.choice(('上午', '下午', '中午'))}"
    opening = f"{when}，{rng.choice(CUSTOMERS)}到{rng.choice(BRANCHES)}{rng.choice(PURPOSES)}。"
    paragraphs = [
        opening + fill(rng.choice(INCIDENTS), rng),
        rng.choice(RESPONSES) + rng.choice(REACTIONS),
    ]
    if rng.random() < 0.6:
        paragraphs[0] += fill(rng.choice(INCIDENTS), rng)
    if rng.random() < 0.8:
        paragraphs.append(fill(rng.choice(OUTCOMES), rng))
    return "\n\n".join(paragraphs) + "\n"


def dialogue(rng: random.Random) -> list[dict[str, str]]:
    """Three to six script lines, alternating customer and staff."""
    staff = rng.choice(STAFF)
    count = rng.randint(3, 6)
    said = rng.sample(CUSTOMER_LINES, (count + 1) // 2)
    answers = rng.sample(STAFF_LINES, count // 2)
    lines = []
    for i in range(count):
        if i % 2 == 0:
            lines.append({"speaker": "客户", "line": fill(said[i // 2], rng)})
        else:
            lines.append({"speaker": staff, "line": answers[i // 2]})
    return lines


def case_id(index: int) -> str:
    """A slug-like id that is unique by its numeric suffix."""
    rng = random.Random(f"{SEED}:id:{index}")
    return f"{rng.choice(SLUG_WORDS)}-{rng.choice(SLUG_WORDS)}-{index:05d}"


def related_ids(rng: random.Random, index: int, n: int) -> list[str]:
    """Two or three other existing cases, never the case itself."""
    picks = rng.sample(range(n - 1), min(rng.randint(2, 3), n - 1))
    return [case_id(j if j < index else j + 1) for j in picks]


def names(terms: Sequence[Any]) -> list[str]:
    return [t.name for t in terms]


def make_case(index: int, n: int, tax: Taxonomy) -> dict[str, Any]:
    """One schema-valid case, determined by its index (related ids also depend on n)."""
    rng = random.Random(f"{SEED}:case:{index}")
    category = rng.choice(tax.categories)
    year, month, day = rng.randint(2011, 2023), rng.randint(1, 12), rng.randint(1, 28)
    avoid = rng.sample(AVOID, rng.randint(0, 2))
    return {
        "id": case_id(index),
        "title": fill(rng.choice(TITLE_SUBJECTS), rng) + "，" + rng.choice(TITLE_PROBLEMS),
        "category": f"{category.name}/{rng.choice(category.subcategories).name}",
        "cause": rng.choice(names(tax.causes)),
        "principles": rng.sample(names(tax.principles), rng.randint(2, 4)),
        "tags": rng.sample(TAGS, rng.randint(6, 8)),
        "business_line": rng.choice(names(tax.business_lines)),
        "channel": rng.choice(names(tax.channels)),
        "responsibility": rng.choice(names(tax.responsibilities)),
        "audience": rng.sample(names(tax.audiences), rng.randint(1, 3)),
        "difficulty": rng.choice(names(tax.difficulties)),
        "source": f"某分行服务工单分析会（{year} 年 {month} 月），案例 {index % 30 + 1}",
        "date": f"{year}-{month:02d}-{day:02d}",
        "related": related_ids(rng, index, n),
        "scenario": scenario(rng, year, month, day),
        "analysis": [with_tail(rng, a, ANALYSIS_TAILS) for a in rng.sample(ANALYSES, rng.randint(2, 4))],
        "countermeasures": [
            with_tail(rng, c, COUNTERMEASURE_TAILS) for c in rng.sample(COUNTERMEASURES, rng.randint(3, 6))
        ],
        "summary": rng.choice(SUMMARIES),
        "scripts": dialogue(rng),
        "avoid": [{"phrase": p, "instead": i} for p, i in avoid],
    }


class CaseDumper(yaml.SafeDumper):
    """Writes cases the way trainers do: multi-line text as ``|`` blocks, short lists
    inline (``tags: [a, b]``), lists of sentences one item per line."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    inline = all(isinstance(item, str) and len(item) <= 30 for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


CaseDumper.add_representer(str, _str)
CaseDumper.add_representer(list, _list)


def dump_case(case: dict[str, Any]) -> str:
    # default_flow_style=None: small mappings inline, as in "- {speaker: 客户, line: …}".
    return yaml.dump(
        case,
        Dumper=CaseDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=4096,
    )


# --- Temporary projects --------------------------------------------------------------


def copy_site_sources(dest: Path) -> None:
    """Copy mkdocs.yml, docs/ and the privacy waivers that concern the copied files into ``dest``.

    The waivers for quizzes are left out with the quizzes: a waiver that matches nothing
    is itself a validation error.
    """
    dest.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs")
    allowlist = yaml.safe_load((REPO / "privacy-allowlist.yaml").read_text("utf-8")) or {}
    waivers = [w for w in allowlist.get("allow", []) if (dest / w["file"]).is_file()]
    (dest / "privacy-allowlist.yaml").write_text(
        yaml.safe_dump({"allow": waivers}, allow_unicode=True), encoding="utf-8"
    )


def write_project(dest: Path, n: int) -> int:
    """A full casebook project with ``n`` synthetic cases; returns the case bytes written."""
    copy_site_sources(dest)
    shutil.copy2(REPO / "taxonomy.yaml", dest / "taxonomy.yaml")
    tax = Taxonomy.model_validate(yaml.safe_load((dest / "taxonomy.yaml").read_text("utf-8")))
    cases = dest / "cases"
    cases.mkdir()
    total = 0
    for index in range(n):
        case = make_case(index, n, tax)
        data = dump_case(case).encode("utf-8")
        (cases / f"{case['id']}.yaml").write_bytes(data)
        total += len(data)
    return total


def without_casebook_plugin(config: str) -> str:
    """mkdocs.yml text with the ``- casebook`` plugin entry (and any options) removed.

    Done on the text: the file uses !ENV and python tags a plain YAML load rejects.
    """
    lines = config.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.fullmatch(r"\s*- casebook:?\s*", line)), None)
    if start is None:
        raise SystemExit("bench: no '- casebook' plugin entry found in mkdocs.yml")
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    return "".join(lines[:start] + lines[end:])


def write_baseline(dest: Path, pages: dict[str, str]) -> None:
    """A plain MkDocs project: the hand-written docs plus the generated Markdown as files."""
    copy_site_sources(dest)
    config = dest / "mkdocs.yml"
    config.write_text(without_casebook_plugin(config.read_text("utf-8")), "utf-8")
    for uri, content in pages.items():
        path = dest / "docs" / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, "utf-8")


# --- Measurements --------------------------------------------------------------------


class BuildFailed(Exception):
    """``mkdocs build`` exited with an error."""


def best_of(runs: int, action: Callable[[], Any]) -> tuple[float, Any]:
    """Fastest wall time of ``runs`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def generate(root: Path) -> dict[str, str]:
    return render_pages(load_library(root))


def mkdocs_build(project: Path) -> float:
    """Wall time of ``mkdocs build`` into ``project/site``."""
    command = [
        str(MKDOCS),
        "build",
        "-q",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(project / "site"),
    ]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise BuildFailed(f"{' '.join(command)} exited with {done.returncode}:\n{done.stderr}")
    return elapsed


@dataclass(frozen=True)
class Result:
    """Every figure measured for one library size."""

    n: int
    case_yaml_bytes: int
    generated_pages: int
    generator_s: float
    full_s: float
    baseline_s: float
    page_median: float
    page_max: int
    index_bytes: int
    index_escapes: int

    @property
    def generator_per_1000(self) -> float:
        return self.generator_s * 1000 / self.n

    @property
    def over_baseline(self) -> float:
        return self.full_s / self.baseline_s


def page_sizes(site: Path) -> list[int]:
    return [p.stat().st_size for p in (site / "cases").glob("*/index.html")]


def progress(n: int, message: str) -> None:
    print(f"[N={n}] {message}", file=sys.stderr, flush=True)


def measure(n: int, work: Path) -> Result:
    """Generate ``n`` cases under ``work`` and take every measurement."""
    full, baseline = work / "full", work / "baseline"
    progress(n, "writing synthetic cases")
    yaml_bytes = write_project(full, n)
    progress(n, f"generator: load_library + render_pages, best of {GENERATOR_RUNS}")
    generator_s, pages = best_of(GENERATOR_RUNS, lambda: generate(full))
    progress(n, "full build (mkdocs + casebook plugin)")
    full_s = mkdocs_build(full)
    write_baseline(baseline, pages)
    progress(n, "baseline build (plain mkdocs + material)")
    baseline_s = mkdocs_build(baseline)
    sizes = page_sizes(full / "site")
    if len(sizes) != n:
        raise BuildFailed(f"expected {n} case pages in {full / 'site'}, found {len(sizes)}")
    index = (full / "site" / "search" / "search_index.json").read_bytes()
    return Result(
        n=n,
        case_yaml_bytes=yaml_bytes,
        generated_pages=len(pages),
        generator_s=generator_s,
        full_s=full_s,
        baseline_s=baseline_s,
        page_median=statistics.median(sizes),
        page_max=max(sizes),
        index_bytes=len(index),
        index_escapes=len(JSON_ESCAPE.findall(index)),
    )


# --- Report --------------------------------------------------------------------------


def kb(value: float) -> str:
    return f"{value / KB:,.1f} KB"


def table(results: Sequence[Result]) -> str:
    """Figures per size, one column per N."""
    rows: list[tuple[str, Callable[[Result], str]]] = [
        ("case YAML, mean per file", lambda r: kb(r.case_yaml_bytes / r.n)),
        ("generated pages", lambda r: f"{r.generated_pages:,}"),
        (f"generator (best of {GENERATOR_RUNS})", lambda r: f"{r.generator_s:.2f} s"),
        ("  per 1,000 cases", lambda r: f"{r.generator_per_1000:.2f} s"),
        ("full build (casebook)", lambda r: f"{r.full_s:.1f} s"),
        ("baseline build (plain)", lambda r: f"{r.baseline_s:.1f} s"),
        ("  full / baseline", lambda r: f"{r.over_baseline:.2f}×"),
        ("case page HTML, median", lambda r: kb(r.page_median)),
        ("case page HTML, max", lambda r: kb(r.page_max)),
        ("search_index.json", lambda r: kb(r.index_bytes)),
        ("  per case", lambda r: kb(r.index_bytes / r.n)),
        ("  \\uXXXX escapes", lambda r: "none" if not r.index_escapes else f"{r.index_escapes:,}"),
    ]
    width = max(len(label) for label, _ in rows) + 2
    header = "".ljust(width) + "".join(f"N={r.n:,}".rjust(14) for r in results)
    lines = [header, "-" * len(header)]
    for label, cell in rows:
        lines.append(label.ljust(width) + "".join(cell(r).rjust(14) for r in results))
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def targets(results: Sequence[Result]) -> list[str]:
    """One line per target and size: PASS or MISS with the measured figure."""
    lines = []
    for r in results:
        lines += [
            f"{verdict(r.generator_per_1000 <= GENERATOR_S_PER_1000)}  N={r.n:,}: generator "
            f"≤ {GENERATOR_S_PER_1000:g} s per 1,000 cases ({r.generator_per_1000:.2f} s)",
            f"{verdict(r.over_baseline <= BUILD_OVER_BASELINE)}  N={r.n:,}: full build "
            f"≤ {BUILD_OVER_BASELINE:g}× baseline ({r.over_baseline:.2f}×)",
            f"{verdict(r.page_max <= CASE_PAGE_MAX_BYTES)}  N={r.n:,}: case page "
            f"≤ {kb(CASE_PAGE_MAX_BYTES)} ({kb(r.page_max)} max)",
            f"{verdict(r.index_escapes == 0)}  N={r.n:,}: search index without \\u escapes "
            f"({'none' if not r.index_escapes else f'{r.index_escapes:,} found'})",
        ]
    lines.append(scaling(results))
    return lines


def scaling(results: Sequence[Result]) -> str:
    """Build time of the largest size over the smallest: near-linear is the target."""
    if len(results) < 2:
        return "n/a   build scaling needs two sizes"
    small, large = min(results, key=lambda r: r.n), max(results, key=lambda r: r.n)
    limit = SCALING_SLACK * large.n / small.n
    ratio = large.full_s / small.full_s
    return f"{verdict(ratio <= limit)}  build({large.n:,})/build({small.n:,}) ≤ {limit:.1f}× ({ratio:.2f}×)"


def report(results: Sequence[Result]) -> str:
    lines = [
        "",
        "casebook benchmark (1 KB = 1,000 bytes; builds are single runs of `mkdocs build`)",
        "",
        table(results),
        "",
    ]
    if len(results) >= 2:
        small, large = min(results, key=lambda r: r.n), max(results, key=lambda r: r.n)
        lines.append(
            f"build({large.n:,}) / build({small.n:,}) = {large.full_s / small.full_s:.2f}×"
            f"   (baseline {large.baseline_s / small.baseline_s:.2f}×)"
        )
        lines.append("")
    lines += ["Targets", *targets(results)]
    return "\n".join(lines)


# --- Entry point ---------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(DEFAULT_SIZES),
        metavar="N",
        help="library sizes to measure (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if any(n < 4 for n in args.sizes):
        parser.error("every size must be at least 4 (each case relates to 2–3 others)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results = []
    try:
        for n in args.sizes:
            with tempfile.TemporaryDirectory(prefix=f"casebook-bench-{n}-") as tmp:
                results.append(measure(n, Path(tmp)))
    except CasebookError as exc:
        print(f"bench: the synthetic library did not validate:\n{exc.report()}", file=sys.stderr)
        return 1
    except BuildFailed as exc:
        print(f"bench: build failed: {exc}", file=sys.stderr)
        return 1
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
