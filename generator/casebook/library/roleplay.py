"""The role-play card set (情景演练卡) of a case: what each card says, as plain text.

Every part is generated from the case's own fields unless the trainer wrote it in the case's
``roleplay:`` mapping. Rendering (Markdown/HTML) is ``render/roleplay.py``'s job; nothing here
is markup, so the tests can compare exact text.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebook.library.case_model import Case

CUSTOMER = "客户"
STEPS: tuple[tuple[str, str], ...] = (
    ("共情致歉", "先照顾情绪：听客户说完、不打断，说出对客户感受的理解，为给客户添的麻烦道歉。"),
    ("事实确认", "问清经过和诉求，核对关键信息并复述确认；不急着辩解，也不追究客户的错。"),
    ("方案提出", "给出具体、可以马上做的办法；办不到的讲清原因，并提供替代办法。"),
    ("跟踪反馈", "说清由谁跟进、在服务时限内什么时候回复客户，并确认客户是否接受。"),
)
STEP_POINTS = 15
"""Each of the four steps; the case's countermeasures share the rest of 100 points."""
AVOID_DEDUCTION = 10
DEFAULT_PASS_MARK = 70
GENERIC_AVOID = "这事不归我管，你去问别人。"
"""Refusing responsibility is forbidden in every case (004's example of a prohibited phrase)."""
DEFAULT_FEELS = "你觉得自己没有被认真对待，又着急又生气。"
DEFAULT_WANTS = "有人认真听你把话说完，给你一个明确的说法，并且把事情办好。"
GENERIC_ESCALATION = "员工打断你、推给别人，或者只讲规定、不给办法。"
STORY_LEAD = "下面是事情的经过，你就是其中的那位客户：\n\n"
_END = "。！？!?.，,；;"


@dataclass(frozen=True)
class Row:
    """One scored line of the observer sheet."""

    name: str
    hint: str
    points: int


@dataclass(frozen=True)
class CardSet:
    """The three cards of one case, every text final."""

    case_id: str
    title: str
    # 顾客角色卡
    story: str
    feels: str
    wants: str
    opening: str | None
    escalates: tuple[str, ...]
    # 员工任务卡
    role: str
    situation: str
    task: str
    # 观察评分表
    steps: tuple[Row, ...]
    checks: tuple[Row, ...]
    avoid: tuple[str, ...]
    pass_mark: int

    @property
    def total(self) -> int:
        return sum(r.points for r in self.steps + self.checks)


def opening_line(case: Case) -> str | None:
    """The customer's first line of the model dialogue, if the case has one."""
    return next((s.line for s in case.scripts if s.speaker == CUSTOMER), None)


def employee_role(case: Case) -> str:
    """Who the trainee plays: the first staff speaker of the dialogue, else the first audience."""
    staff = next((s.speaker for s in case.scripts if s.speaker != CUSTOMER), None)
    return staff or (case.audience[0] if case.audience else "网点员工")


def default_situation(role: str, opening: str | None) -> str:
    """What the employee sees when the role-play starts: only the customer, not the case's analysis."""
    said = f"对方开口就说：“{opening}”" if opening else "对方情绪不太好，说有事要投诉。"
    who = role if role.startswith(("网点", "支行", "分行")) else f"网点的{role}"
    return f"你是{who}。一位客户径直找到你，{said}你事先不知道前面发生了什么，需要在对话中弄清楚。"


def default_task(pass_mark: int) -> str:
    return (
        "按投诉处理四步法接待这位客户：先共情致歉，再确认事实，然后提出解决办法，最后说清怎样跟踪反馈。"
        f"演练约 8 分钟，观察员按评分表打分，满分 100 分，{pass_mark} 分及格；说出禁用语会被扣分。"
    )


def split_points(count: int, total: int) -> tuple[int, ...]:
    """``total`` points over ``count`` rows as evenly as integers allow, larger shares first."""
    if count <= 0:
        return ()
    base, extra = divmod(total, count)
    return tuple(base + (1 if i < extra else 0) for i in range(count))


def _escalations(case: Case) -> tuple[str, ...]:
    said = tuple(f"员工说出类似“{a.phrase.rstrip(_END)}”的话。" for a in case.avoid)
    return (GENERIC_ESCALATION, *said)


def _avoid(case: Case, chosen: list[str] | None) -> tuple[str, ...]:
    phrases = list(chosen) if chosen is not None else [a.phrase for a in case.avoid]
    if GENERIC_AVOID not in phrases:
        phrases.append(GENERIC_AVOID)
    return tuple(dict.fromkeys(phrases))


def card_set(case: Case) -> CardSet:
    """The cards of ``case``: the trainer's ``roleplay:`` text where given, generated text elsewhere."""
    rp = case.roleplay
    opening = (rp.opening_line if rp else None) or opening_line(case)
    role = (rp.employee_role if rp else None) or employee_role(case)
    pass_mark = rp.pass_mark if rp and rp.pass_mark is not None else DEFAULT_PASS_MARK
    rest = 100 - STEP_POINTS * len(STEPS)
    checks = tuple(
        Row(f"应对措施 {i}", text, points)
        for i, (text, points) in enumerate(
            zip(case.countermeasures, split_points(len(case.countermeasures), rest), strict=True), start=1
        )
    )
    return CardSet(
        case_id=case.id,
        title=case.title,
        story=(rp.customer_story if rp else None) or STORY_LEAD + case.scenario,
        feels=(rp.customer_feels if rp else None) or DEFAULT_FEELS,
        wants=(rp.customer_wants if rp else None) or DEFAULT_WANTS,
        opening=opening,
        escalates=tuple(rp.escalates_if) if rp and rp.escalates_if else _escalations(case),
        role=role,
        situation=(rp.employee_situation if rp else None) or default_situation(role, opening),
        task=(rp.employee_task if rp else None) or default_task(pass_mark),
        steps=tuple(Row(name, hint, STEP_POINTS) for name, hint in STEPS),
        checks=checks,
        avoid=_avoid(case, rp.avoid if rp else None),
        pass_mark=pass_mark,
    )
