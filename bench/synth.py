"""A synthetic casebook project of any size: cases, one practice quiz per case, two exams and two tracks.

Everything is determined by the seed and the case index, so two runs write byte-identical projects.
The baseline for the benchmark is the same generated Markdown built by plain MkDocs + Material.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from casebook.library.case_model import Taxonomy

REPO = Path(__file__).resolve().parent.parent
SEED = 20240601

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


# --- Quizzes, exams and tracks -------------------------------------------------------

QUIZ_STEMS = (
    "遇到这种情况，员工第一句话最合适的是？",
    "本案中网点最应当改进的做法是？",
    "客户情绪激动时，下面哪种回应最能缓和局面？",
    "事后跟进时，员工应当怎样告知客户处理结果？",
)
OPTION_RIGHT = (
    "先向客户致歉，说明正在核实，并告知大约多久给出答复",
    "主动上前了解情况，按规定当场能办的当场办",
    "耐心听完客户的诉求，复述确认后再给出方案",
)
OPTION_WRONG = (
    "告诉客户这是规定，没有办法",
    "请客户去找其他网点或拨打热线",
    "等客户自己冷静下来再说",
    "先解释是客户自己没有看清提示",
    "让保安把客户请到一边",
)
JUDGEMENTS = (
    ("客户投诉时，员工应当先判断谁对谁错，再决定是否致歉。", False),
    ("承诺客户回复时限后，即使没有结果也应按时回电说明进展。", True),
    ("涉及客户资金的差错，确认后应尽快告知客户并说明处理办法。", True),
    ("客户没有当场提出异议，就说明他对处理结果满意。", False),
)
STEPS = ("倾听客户的诉求", "致歉并安抚情绪", "核实事实", "提出解决方案", "跟踪回访")


def _options(rng: random.Random, right: int, wrong: int) -> tuple[list[dict[str, str]], list[str]]:
    texts = [(t, True) for t in rng.sample(OPTION_RIGHT, right)] + [(t, False) for t in rng.sample(OPTION_WRONG, wrong)]
    rng.shuffle(texts)
    ids = "abcdef"
    options = [
        {"id": ids[i], "text": t, "feedback": "对。" if ok else "这样做会让客户更不满。"}
        for i, (t, ok) in enumerate(texts)
    ]
    return options, [ids[i] for i, (_, ok) in enumerate(texts) if ok]


def make_quiz(case: dict[str, Any], index: int) -> dict[str, Any]:
    """A practice quiz for one case: single choice, true/false, multiple choice, and a dialogue or ordering."""
    rng = random.Random(f"{SEED}:quiz:{index}")
    single, single_key = _options(rng, 1, 3)
    multiple, multiple_keys = _options(rng, 2, 2)
    statement, truth = JUDGEMENTS[index % len(JUDGEMENTS)]
    questions: list[dict[str, Any]] = [
        {
            "id": "q1",
            "type": "单选",
            "prompt": rng.choice(QUIZ_STEMS),
            "options": single,
            "answer": single_key[0],
            "explanation": case["summary"],
        },
        {"id": "q2", "type": "判断", "prompt": statement, "answer": truth, "explanation": case["countermeasures"][0]},
        {
            "id": "q3",
            "type": "多选",
            "prompt": "下面哪些做法符合本案的对策？",
            "options": multiple,
            "answer": multiple_keys,
            "explanation": case["countermeasures"][-1],
        },
    ]
    if index % 2:
        steps = []
        for turn in range(2):
            options, key = _options(rng, 1, 2)
            steps.append(
                {
                    "customer": case["scripts"][0]["line"] if turn == 0 else "那你们到底什么时候能给我答复？",
                    "options": options,
                    "answer": key[0],
                }
            )
        questions.append(
            {"id": "q4", "type": "对话", "prompt": "客户来到柜台前。", "steps": steps, "explanation": case["summary"]}
        )
    else:
        questions.append(
            {
                "id": "q4",
                "type": "排序",
                "prompt": "把处理投诉的步骤排成正确的顺序。",
                "items": list(STEPS[: 3 + index % 3]),
                "explanation": case["summary"],
            }
        )
    return {
        "id": case["id"],
        "title": f"{case['title']}测验",
        "case": case["id"],
        "pass_mark": 60,
        "tags": case["tags"][:3],
        "questions": questions,
    }


def make_exams(tax: Taxonomy) -> list[dict[str, Any]]:
    """Two exams that draw from pools by category and by tag, as the shipped ones do."""
    top = [c.name for c in tax.categories]
    return [
        {
            "id": "onboarding-final",
            "title": "结业考试",
            "kind": "考试",
            "pass_mark": 80,
            "pools": [{"categories": top[:2], "count": 10}, {"tags": list(TAGS[:10]), "count": 10}],
        },
        {
            "id": "advanced-review",
            "title": "复习考试",
            "kind": "考试",
            "pass_mark": 80,
            "pools": [{"categories": top[2:], "count": 8}, {"tags": list(TAGS[10:20]), "count": 7}],
        },
    ]


def make_tracks(ids: list[str]) -> list[dict[str, Any]]:
    """Two tracks of five modules each, covering the first cases of the library."""

    def modules(offset: int) -> list[dict[str, Any]]:
        chunk = [ids[(offset + i) % len(ids)] for i in range(20)]
        return [
            {"title": f"第{n + 1}单元", "cases": chunk[n * 4 : (n + 1) * 4], "quizzes": chunk[n * 4 : (n + 1) * 4]}
            for n in range(5)
        ]

    return [
        {
            "id": "onboarding",
            "title": "新员工入职培训",
            "order": 1,
            "description": "基础案例与结业考试。",
            "modules": modules(0),
            "final_exam": "onboarding-final",
        },
        {
            "id": "advanced",
            "title": "在岗进阶培训",
            "order": 2,
            "description": "复杂案例与复习考试。",
            "modules": modules(20),
            "final_exam": "advanced-review",
        },
    ]


# --- Temporary projects --------------------------------------------------------------


_SHIPPED_CASE_LINK = re.compile(r"\[([^\]]+)\]\((?:\.\./)*cases/[a-z0-9-]+\.md\)")


def copy_site_sources(dest: Path) -> None:
    """Copy mkdocs.yml, docs/ and the privacy waivers that concern the copied files into ``dest``.

    The waivers for the shipped quizzes are left out with them: a waiver that matches nothing is
    itself a validation error.
    """
    dest.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs")
    for page in (dest / "docs").rglob("*.md"):
        # The knowledge pages cite shipped cases the synthetic library does not have: keep the words.
        text = page.read_text("utf-8")
        page.write_text(_SHIPPED_CASE_LINK.sub(r"\1", text), "utf-8")
    allowlist = yaml.safe_load((REPO / "privacy-allowlist.yaml").read_text("utf-8")) or {}
    waivers = [w for w in allowlist.get("allow", []) if (dest / w["file"]).is_file()]
    (dest / "privacy-allowlist.yaml").write_text(yaml.safe_dump({"allow": waivers}, allow_unicode=True), "utf-8")


def write_project(dest: Path, n: int) -> int:
    """A full casebook project with ``n`` synthetic cases and their quizzes; returns the YAML bytes written."""
    copy_site_sources(dest)
    shutil.copy2(REPO / "taxonomy.yaml", dest / "taxonomy.yaml")
    tax = Taxonomy.model_validate(yaml.safe_load((dest / "taxonomy.yaml").read_text("utf-8")))
    for folder in ("cases", "quizzes/tracks"):
        (dest / folder).mkdir(parents=True)
    total, ids = 0, []
    for index in range(n):
        case = make_case(index, n, tax)
        ids.append(case["id"])
        total += _write(dest / "cases" / f"{case['id']}.yaml", case)
        total += _write(dest / "quizzes" / f"{case['id']}.yaml", make_quiz(case, index))
    for exam in make_exams(tax):
        total += _write(dest / "quizzes" / f"{exam['id']}.yaml", exam)
    for track in make_tracks(ids):
        total += _write(dest / "quizzes" / "tracks" / f"{track['id']}.yaml", track)
    return total


def _write(path: Path, data: dict[str, Any]) -> int:
    raw = dump_case(data).encode("utf-8")
    path.write_bytes(raw)
    return len(raw)


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
