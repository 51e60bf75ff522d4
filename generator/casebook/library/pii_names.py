"""Full personal names anywhere in a text: surname table, given-name characters and jieba.

jieba's part-of-speech tagger finds words and tags person names ``nr``, but its
dictionary also tags hundreds of ordinary words ``nr`` (杜绝, 谢谢, 林立, 许诺 …).  So a
candidate is a word jieba segments that starts with a known surname (single or
compound) followed by one or two characters common in given names, and it is dropped
when it is a frequent dictionary word.  Two-character names (王芳) need jieba's ``nr``
tag or a context that introduces a person (客户、柜员、a dialogue speaker, quotes).
Forms that do not identify anyone pass: 李小姐, 王经理, 张某, 老王, 小李, 客户A.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

SINGLE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄"
)
COMPOUND_SURNAMES = frozenset(
    re.findall(
        "..",
        "欧阳司马诸葛上官皇甫尉迟公孙慕容宇文司徒夏侯令狐独孤端木申屠赫连呼延轩辕澹台"
        "闻人万俟钟离南宫东郭公冶太史濮阳宗政巫马仲孙左丘梁丘拓跋",
    )
)
# 东方, 西门, 百里, 长孙 and 司空 are compound surnames too, but far more often ordinary words.
_FIRST_CHARS = SINGLE_SURNAMES | {c[0] for c in COMPOUND_SURNAMES}
# Characters that are common in given names; a surname followed by anything else (张卡, 向柜员) is no name.
GIVEN_CHARS = frozenset(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华平刚桂玉萍红鹏辉飞鑫波宇斌浩凯健俊帆帅旭宁龙林欣婷雪琳晶颖慧"
    "莉倩燕霞梅兰琴云凤洁玲丹彬博文武志建国新春海金峰山成东亮生荣福祥德宝永庆发光天民安清兵力利贵义忠和兴"
    "良远泽瑞翔鸿毅轩豪昊然睿哲晨阳宏伦嘉诚锋彤琪璐怡悦佳雅涵萱妍思雨梓子若诗梦琦晓小立娇菲薇蕾露霖凡振家"
    "秋冬月星晴蓉蓓艺楠柏松桦森彪虎鹤鸣声铭敬佩淑珍珠翠芬芝菊莲荷香霏馨媛婧姗姝婉娅妮嫣璇瑶瑾琼瑜珊钰铃锦"
    "绮纯素巧珺茜青岚峻岩崇巍川江河滨源沛淼炎焱垚鹰冰凌寒霜宸宜宣实定尚卫顺胜喜乐欢泰康寿全伯仁信孝礼智贤"
    "才学书琛瑛绍继承先延进达坤乾君薇凤蝶娥姣娴妹倩玮璋珏琨琳瑗瑶璟璞翰墨彦朗逸舟航帆楷栋梁桐榕樱枫柳杉"
    "晖晗昕曦暄晔皓煜炜烨熙照耀灿烁晋培基垣城堂坚均增墩壮威宗宪宽宾富寅尧耀聪颂顺硕磊石"
)
# A surname followed by one of these is how a case should refer to someone.
TITLES = (
    "小姐", "先生", "女士", "阿姨", "大爷", "大妈", "大姐", "大哥", "大叔", "师傅", "老师", "经理", "行长", "主任",
    "科长", "处长", "部长", "主管", "同志", "老板", "律师", "医生", "叔叔", "奶奶", "爷爷", "总", "某", "姐", "哥",
    "叔", "姨", "伯", "婆", "老", "工", "家", "氏", "女", "男", "先", "队", "局",
)  # fmt: skip
# Words jieba segments and tags as names that are ordinary in service text and rare in its dictionary.
ORDINARY = frozenset(("高达",))
# jieba often glues a verb or particle to an unknown name (周明来, 婉清说); the name is what precedes it.
_GLUED = frozenset("来说去在的对到也和又是向把被给让请找问打要想称表称拿带等都就才还已曾将")
_SURNAME_RX = "|".join(sorted(COMPOUND_SURNAMES)) + "|[" + "".join(sorted(SINGLE_SURNAMES)) + "]"
_CONTEXT_WORDS = (
    "客户|顾客|储户|姓名|名叫|叫做|名字|爱人|丈夫|妻子|儿子|女儿|员工|柜员|大堂经理|客户经理|保安|持卡人|户名|"
    "同事|经办人|代理人|联系人|投诉人|当事人"
)
# Words that introduce a person: a two-character name right after one counts without jieba's nr tag.
CONTEXT = re.compile(rf"(?:{_CONTEXT_WORDS}|行长|主任|叫)\s*:?\s*$")
# A surname right after a context word, or opening a line or a quotation (then it must be a speaker or quoted).
_INTRODUCED = re.compile(
    rf"(?:(?P<ctx>{_CONTEXT_WORDS})\s*:?\s*|^[\s>*_-]*|[\"“「『]\s*)(?P<name>(?P<surname>{_SURNAME_RX})[\u4e00-\u9fff])",
    re.MULTILINE,
)
# jieba.posseg tags text in blocks like these (its re_han_internal); a name is a surname, then a given-name character.
_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._]+")
_CANDIDATE = re.compile(rf"(?:{_SURNAME_RX})[{''.join(sorted(GIVEN_CHARS))}]")
_FREQUENT = 30  # dictionary words at least this frequent are ordinary words, whatever jieba tags them
_HAN = re.compile(r"[\u4e00-\u9fff]")
_QUOTES = "“”\"'‘’「」『』"


@dataclass(frozen=True)
class NameHit:
    """A person's full name at ``[start, end)``."""

    start: int
    end: int
    name: str
    surname: str


def names(text: str) -> Iterator[NameHit]:
    """Every full personal name in ``text``, in order."""
    if _FIRST_CHARS.isdisjoint(text):
        return
    tokens = _tokens(text)
    seen: set[int] = set()
    for i, (word, flag, start) in enumerate(tokens):
        surname = _surname(word)
        if surname is None:
            continue
        if len(word) > len(surname):
            name, tagged = _unglued(word), flag.startswith("nr") or word != _unglued(word)
        elif i + 1 < len(tokens) and tokens[i + 1][2] == start + len(word):
            given = _unglued(tokens[i + 1][0])
            name, tagged = word + given, flag.startswith("nr") and len(surname) == 1
        else:
            continue
        if _is_name(text, start, name, surname, tagged):
            seen.add(start)
            yield NameHit(start, start + len(name), name, surname)
    # jieba's dictionary has words like 客户王 that swallow a surname; context words find those names.
    for m in _INTRODUCED.finditer(text):
        start = m.start("name")
        hit = _longest(text, start, m.group("surname")) if start not in seen else None
        if hit is not None and (m.group("ctx") or _speaker_or_quoted(text, hit.start, hit.end)):
            seen.add(start)
            yield hit


def _longest(text: str, start: int, surname: str) -> NameHit | None:
    """The name of three or two characters (or four with a compound surname) starting at ``start``."""
    for length in (len(surname) + 2, len(surname) + 1):
        name = text[start : start + length]
        if (
            len(name) == length
            and not (length == 3 and _frequency(name[:2]) >= _FREQUENT)
            and _is_name(text, start, name, surname, True)
        ):
            return NameHit(start, start + length, name, surname)
    return None


def _unglued(word: str) -> str:
    """A word without the verb or particle jieba glued to its end, unless the whole is a known word."""
    if len(word) >= 3 and word[-1] in _GLUED and not _frequency(word):
        return word[:-1]
    return word


def _surname(word: str) -> str | None:
    if word[:2] in COMPOUND_SURNAMES:
        return word[:2]
    if word[:1] in SINGLE_SURNAMES:
        return word[:1]
    return None


def _is_name(text: str, start: int, name: str, surname: str, tagged: bool) -> bool:
    given = name[len(surname) :]
    if text.startswith(TITLES, start + len(surname)):
        return False  # 李小姐, 王经理: a title, however jieba splits it
    if not 1 <= len(given) <= 2 or given.startswith(TITLES) or not all(c in GIVEN_CHARS for c in given):
        return False
    if name in ORDINARY or (len(surname) == 1 and _frequency(name) >= _FREQUENT):
        return False  # compound surnames (欧阳, 诸葛 …) start almost no ordinary words
    if len(name) >= 3 or len(surname) == 2:
        return True
    return tagged or _introduced(text, start, start + len(name))


def _introduced(text: str, start: int, end: int) -> bool:
    """A context that makes a two-character word a person: 客户王芳, “王芳”, 王芳：…"""
    return bool(CONTEXT.search(text[max(0, start - 6) : start])) or _speaker_or_quoted(text, start, end)


def _speaker_or_quoted(text: str, start: int, end: int) -> bool:
    after = text[end : end + 1]
    if after in (":", "：") and (start == 0 or not _HAN.match(text[start - 1])):
        return True
    return start > 0 and text[start - 1] in _QUOTES and after in _QUOTES


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """jieba's tagged words with their offsets, for the blocks of text that may hold a name.

    jieba tags each block of Han characters, letters and digits on its own, so tagging only
    the blocks where a surname is followed by a given-name character (a few per cent of
    ordinary text) gives the same words and tags as tagging everything, many times faster.
    """
    posseg, _ = _jieba()
    out: list[tuple[str, str, int]] = []
    for block in _BLOCK.finditer(text):
        if not _CANDIDATE.search(block.group(0)):
            continue
        pos = block.start()
        for pair in posseg.cut(block.group(0)):
            out.append((pair.word, pair.flag, pos))
            pos += len(pair.word)
    return out


@cache
def _jieba() -> tuple[Any, dict[str, int]]:
    """jieba's tagger and word frequencies, loaded once on first use (about a second and ~100 MB)."""
    import jieba
    import jieba.posseg  # its tagger reads the word-tag table as the module loads

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not for trainers
    # The prefix dictionary the tagger segments with. Not posseg.dt.initialize(): that reads the
    # 349,000-line word-tag table a second time (0.6-1.2 s) into the same dictionary.
    jieba.dt.initialize()
    return jieba.posseg, jieba.dt.FREQ


def load_tagger() -> None:
    """Load jieba's tagger now, not at the first text that needs it (the preview's first save)."""
    _jieba()


def _frequency(word: str) -> int:
    return int(_jieba()[1].get(word, 0))
