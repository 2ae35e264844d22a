"""METRIC spans: the shortest phrase that names what a QUANTITY counts.

For each quantity two candidates are read (ANNOTATION.md, "METRIC"):

* *after* it: number + classifier + noun (细化了42条整改措施, 19家执法单位联系企业) is the
  strongest signal in Chinese, so a noun phrase right after the unit wins;
* *before* it: link words, qualifiers and scope words are skipped (按时办结率达100%,
  全县…), the phrase runs back to punctuation or another span, and governing verbs are
  cut off its front (办理行政复议案件78件 -> 行政复议案件). A verb with no object names
  the statistic itself (受理17件 -> 受理).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...lexicons import FUNCTION_CHARS, Lexicons, clause_start, is_cjk
from ...numbers import CN_NUMERAL_CHARS
from .quantities import QuantityMatch

MAX_METRIC = 20
MIN_WEAK_REMAINDER = 4  # 法治机构审查涉法文件 -> 涉法文件, but 政务服务事项 stays whole
_BRACKETED = re.compile(r"（[^（）]{0,12}）|\([^()]{0,12}\)")  # an aside in brackets: 村（社区）
_STOP_CHARS = set("，。；：！？,;:!?\"'“”《》〈〉「」【】[]{}—…·/\\|\n\r\t \u3000")
_OPEN, _CLOSE = "（(", "）)"
#: Last characters of a time or adverb before a left-out verb (三年新增, 一季度新增, 两年来新增, 年均新增):
#: then the verb names the statistic itself.
_TIME_ENDS = frozenset("年月日天度季来此均")
#: First characters of a place or time that points at the report's own (我市新增, 本季度新开工).
_DEICTIC = frozenset("我本该今")
#: Characters before 超/过 that make a word of them (不超过, 经过, 通过): no threshold then.
_NOT_THRESHOLD = frozenset("不经通")
_CLAUSE_ADVERBS = "均已都也还并另又共"  # 200件并处罚金: after a value, these start a new predicate


@dataclass(frozen=True)
class MetricLink:
    quantity: QuantityMatch
    spans: tuple[tuple[int, int], ...]  # METRIC spans that name this quantity


def _strip_left_context(view: str, pos: int, floor: int, lex: Lexicons) -> tuple[int, bool]:
    q_start = pos
    """Skip link words, qualifiers, adverbs and scope words before a value.

    Returns the new end of the phrase and whether a change verb (增长, 减少) was skipped.
    A one-character link (为, 达) is skipped only after a rate or amount (满意率为, 用户数达),
    since elsewhere it ends a word (违法行为).
    """
    change = False
    while pos > floor and view[pos - 1] == " " and q_start - pos < 16:
        pos -= 1  # 案件<b>78: the view blanked the tag out
    for _ in range(8):
        aside = _aside_before(view, pos, floor, lex)
        if aside is not None:
            pos = aside  # 地区生产总值(GDP)202.5亿元: the aside is not the name's
        m = lex.comparison_before.search(view, max(floor, pos - 14), pos)
        if m:
            pos = m.start()  # 败诉率由2021年的15.3% / 合格率较去年提升5.2个百分点: skip the point of comparison
        if pos <= floor:
            break
        w = (
            lex.approx_before.match_before(view, pos, floor)
            or lex.adverbs.match_before(view, pos, floor)
            or lex.scope.match_before(view, pos, floor)
        )
        link = lex.links.match_before(view, pos, floor)
        if link and (not w or len(link) > len(w)):
            before = pos - len(link)
            if (
                len(link) > 1
                or link in "由从"
                or _ends_in_amount(view, before, floor, lex)
                or not is_cjk(view[before - 1 : before] or "x")
                or (link == "达" and view[before - 1 : before] not in lex.da_word)
            ):
                w = link
        c = lex.change_verbs.match_before(view, pos, floor)
        if c and (not w or len(c) >= len(w)):
            change, w = True, c
        if not w or (len(w) == 1 and w in "了等" and pos == floor + 1):
            break
        if len(w) == 1 and view[pos - 2 : pos] in lex.words_with_adverb:
            if w != "均":
                break  # 合并153项: 并 belongs to the word
            w = view[pos - 2 : pos]  # 平均压缩30%: the averaging adverb goes as a whole
        pos -= len(w)
    return pos, change


def _aside_before(view: str, pos: int, floor: int, lex: Lexicons) -> int | None:
    """The opening bracket of an aside that ends at ``pos`` ((GDP), （含房地产投资）), or None."""
    if pos <= floor or view[pos - 1] not in _CLOSE:
        return None
    opening = max(view.rfind("(", floor, pos - 1), view.rfind("（", floor, pos - 1))
    inner = view[opening + 1 : pos - 1] if opening >= 0 and pos - opening <= 12 else ""
    if not inner or any(ch in _OPEN or ch in _CLOSE for ch in inner):
        return None
    if (inner.isascii() and inner.isalpha()) or lex.aside_starts.match_at(inner, 0):
        return opening
    return None


def _ends_in_amount(view: str, pos: int, floor: int, lex: Lexicons) -> bool:
    return bool(lex.rate_suffixes.match_before(view, pos, floor) or lex.count_suffixes.match_before(view, pos, floor))


def _phrase_before(view: str, end: int, floor: int, lex: Lexicons) -> int:
    """Start of the phrase that ends at ``end``: back to punctuation, a span or a stop word."""
    p = end
    rate_phrase = bool(lex.rate_suffixes.match_before(view, end, max(floor, end - 3)))
    while p > floor:
        ch = view[p - 1]
        if ch in _CLOSE:  # keep 县级部门（单位） whole
            q = p - 2
            while q >= floor and view[q] not in _OPEN and p - q <= 8 and view[q] not in _STOP_CHARS:
                q -= 1
            if q >= floor and view[q] in _OPEN:
                p = q
                continue
            break
        if ch == "》" and p == end:  # 发出《行政执法监督建议书》2份: the counted document
            q = view.rfind("《", max(floor, p - 40), p - 1)
            if q != -1:
                return q
        if ch == "”":  # 归集“双公示”信用信息: a quoted term that is no MEASURE
            q = view.rfind("“", max(floor, p - 16), p - 1)
            if q != -1:
                p = q
                continue
        if ch.isdigit() and p < end and view[p].isascii() and view[p].isalpha():
            p -= 1  # 5G基站: a digit inside a Latin name
            continue
        if ch.isdigit() and p < end:
            q = p - 1
            while q > floor and (view[q - 1].isascii() and (view[q - 1].isalnum() or view[q - 1] == ".")):
                q -= 1
            if q < p - 1 and view[q].isascii() and view[q].isalpha():
                p = q  # PM2.5平均浓度, PM10: a Latin name that ends in digits
                continue
        if ch in _STOP_CHARS or ch in _OPEN or ch.isdigit() or ch in "等的":
            break
        if ch in "级类大" and p - 2 >= floor and view[p - 2] in "一二三四五六七八九十两":
            if ch == "大" and view[p - 2] != "一":
                p -= 2  # 五大主导产业规上工业总产值: a numbered group is part of the name (一大批 is none)
            break  # 县、乡、村三级公共法律服务…: a level before the name is not
        if p < end:
            scope = lex.scope.match_before(view, p, max(floor, p - 5))
            if scope and len(scope) >= 2 and not lex.leading_content.match_at(view, p - len(scope)):  # 全国百强县
                break
            if lex.phrase_stop_words.match_before(view, p, max(floor, p - 2)):
                break
            adv = lex.adverbs.match_before(view, p, max(floor, p - 4))
            if adv and lex.leading_content.match_at(view, p - len(adv)):
                adv = None  # 县委全面依法治县委员会会议: the adverb begins a word of the name
            if adv and (len(adv) >= 2 or adv in "共均已了并"):
                if not (len(adv) == 1 and _adverb_in_word(view, p - 1, lex, floor)) and not rate_phrase:
                    break
        if end - p >= 2 * MAX_METRIC:
            break
        p -= 1
    return p


def _verbs_in(phrase: str, verbs) -> list[tuple[int, int]]:
    """Verb occurrences in ``phrase``, outside quotes (a quoted name is never cut)."""
    out = []
    i = 0
    while i < len(phrase):
        if phrase[i] in "“《":
            close = phrase.find("”" if phrase[i] == "“" else "》", i + 1)
            if close != -1:
                i = close + 1
                continue
        v = verbs.match_at(phrase, i)
        if v:
            out.append((i, i + len(v)))
            i += len(v)
        else:
            i += 1
    return out


def _split_outside_quotes(phrase: str) -> list[str]:
    """Split at 、 except inside “…” (“双随机、一公开”抽查 is one name)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(phrase):
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == "、" and depth == 0:
            parts.append(phrase[start:i])
            start = i + 1
    parts.append(phrase[start:])
    return parts


def _cut_verbs(phrase: str, lex: Lexicons) -> tuple[int, bool]:
    """Where the METRIC starts inside ``phrase``, and whether the phrase is a verb phrase.

    Leading verbs are cut (组织开展专项执法培训 -> 专项执法培训); inside the phrase the last
    strong verb cuts (执法单位联系企业 -> 企业), and a weak verb cuts only before a long
    object (法治机构审查涉法文件 -> 涉法文件). Rates and amounts lose only a leading verb
    before a long remainder (实现政务服务事项进驻率), never an inner one (法律顾问聘请率).
    """
    amount = bool(
        lex.rate_suffixes.match_before(phrase, len(phrase)) or lex.count_suffixes.match_before(phrase, len(phrase))
    )
    cut = 0
    prev_weak = False
    while True:
        # after a first verb only strong verbs chain (组织开展), or weak after weak (调处化解)
        verbs = lex.strong_verbs if amount or (cut and not prev_weak) else lex.governing_verbs
        lead = verbs.match_at(phrase, cut) or (lex.change_verbs.match_at(phrase, cut) if not cut else None)
        if lead and phrase[cut + len(lead) :] in lex.not_metrics:
            break  # 调处成功: the verb is part of the name
        if not lead or len(phrase) - cut - len(lead) < (4 if amount else 2):
            break
        prev_weak = lex.strong_verbs.match_at(phrase, cut) != lead
        cut += len(lead)
    lead_end = cut
    # 法治建设专题会议: a meeting is named by its topic, whose weak verbs stay (召开, 参加 still cut)
    meeting = bool(lex.meeting_ends.match_before(phrase, len(phrase)))
    if not amount:
        for s, e in _verbs_in(phrase, lex.strong_verbs if meeting else lex.governing_verbs):
            if e <= cut or e >= len(phrase):
                continue
            if s == lead_end and lex.strong_verbs.match_at(phrase, s) != phrase[s:e]:
                continue  # 纳入整治问题清单: a weak verb right after the governing one modifies the noun
            strong = lex.strong_verbs.match_at(phrase, s) == phrase[s:e]
            if phrase[e] in "和与及、":
                continue  # 审批和服务事项: the verb is a member of a coordination
            if phrase[e:] in lex.not_metrics:
                continue  # 文件清理工作: 工作 alone names nothing
            if strong or len(phrase) - e >= MIN_WEAK_REMAINDER:
                cut = e
    if cut and lex.governing_verbs.match_at(phrase, cut) == phrase[cut:] and phrase[:cut] not in lex.light_verbs:
        cut = 0  # 立案查处23起: a chain of verbs names the statistic as a whole (开展培训 -> 培训)
    name = lex.statistic_names.match_before(phrase, len(phrase))
    if name and cut > len(phrase) - len(name):
        cut = len(phrase) - len(name)  # 实际使用外资: the verb belongs to the statistic
        return cut, False
    if cut == 0 and lex.governing_verbs.match_before(phrase, len(phrase)):
        return 0, True  # 开庭审理, 负责人出庭应诉: the verb phrase names the statistic
    return cut, False


#: Ends of the clause whose values a list before 分别 takes; a value as the list counts them.
_CLAUSE_END = frozenset("，。；;,！？!?\n")
_VALUE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")


def _adverb_in_word(view: str, k: int, lex: Lexicons, floor: int = 0) -> bool:
    """Is the one-character adverb at ``k`` part of a word with a neighbour (平均, 共享: ``[word_with_adverb]``)?"""
    return view[max(floor, k - 1) : k + 1] in lex.words_with_adverb or view[k : k + 2] in lex.words_with_adverb


def _distributive(view: str, a: int, b: int, lex: Lexicons) -> str | None:
    """The distributive adverb (分别, 均, 都) between ``a`` and ``b``, not inside a word (年均, 首都)."""
    for word in lex.distributive:
        k = view.find(word, a, b)
        while k != -1:
            if len(word) > 1 or not _adverb_in_word(view, k, lex):
                return word
            k = view.find(word, k + 1, b)
    return None


def _split_rates(phrase: str, start: int, lex: Lexicons) -> list[tuple[int, int]]:
    """Rates or amounts joined by 、/和 that share one value (or take one each) are separate METRICs
    (参考率、合格率均达100%; 生产安全事故起数、死亡人数分别下降66.67%、85.71%)."""
    parts = lex.name_joiner_pattern.split(phrase)
    ends = (lex.rate_suffixes, lex.count_suffixes)
    if len(parts) > 1 and all(p and any(w.match_before(p, len(p)) for w in ends) for p in parts):
        return _member_spans(parts, start)
    return [(start, start + len(phrase))]


def _member_spans(parts: list[str], start: int) -> list[tuple[int, int]]:
    """The spans of ``parts``, the members of a list starting at ``start`` joined by one character each
    (、 和 及 与)."""
    spans, off = [], start
    for part in parts:
        spans.append((off, off + len(part)))
        off += len(part) + 1
    return spans


def _trim(view: str, start: int, end: int, lex: Lexicons) -> tuple[int, int]:
    """Drop leading scope words, adverbs, function words and stray 、 from a phrase."""
    for _ in range(6):
        if start >= end:
            break
        if view[end - 1] in "、和与及":
            end -= 1
            continue
        if lex.leading_content.match_at(view, start, end):
            break  # 在建项目, 全国百强县: the word is part of the name
        w = lex.scope.match_at(view, start, end)
        if not w:
            adv = lex.adverbs.match_at(view, start, end)
            w = adv if adv and (len(adv) >= 2 or adv in "共均已了并还又") else None
        if not w:
            w = next((f for f in lex.leading_function if view.startswith(f, start, end)), None)
            if w and len(w) == 1 and w in "年月日度" and not (start and view[start - 1].isdigit()):
                w = None
        if not w:
            w = _time_frame_at(view, start, end, lex)  # 近三年招商项目综合开工率: the frame is no name
        if not w and view[start] == "、":
            w = "、"
        if not w:
            w = lex.approx_after.match_at(view, start, end)  # 30%以上、申请材料…
        if not w:
            break
        start += len(w)
    return start, end


_YEARS = re.compile(r"[0-9０-９一二两三四五六七八九十]{1,3}年来?")


def _time_frame_at(view: str, start: int, end: int, lex: Lexicons) -> str | None:
    """A frame of years at ``start`` (近三年, 近5年来), which the rules read as no value, or None."""
    frame = next((f for f in lex.time_frame if view.startswith(f, start, end)), None)
    m = _YEARS.match(view, start + len(frame), end) if frame else None
    return view[start : m.end()] if m and m.end() < end else None


def _event_body_end(phrase: str, lex: Lexicons) -> int:
    """Where the event starts after the body that holds it (局机关集体学法 -> 集体学法), else 0."""
    for i in range(len(phrase) - 3, 0, -1):  # the last body word with an event of 3+ characters after it
        if lex.event_bodies.match_before(phrase, i, max(0, i - 5)):
            rest = phrase[i:]
            if lex.event_bodies.match_before(rest, len(rest)):
                return 0  # 党组班子学习会议: the meeting is the event
            if lex.event_leads.match_at(rest, 0) or lex.governing_verbs.match_at(rest, 0):
                return i
    return 0


def _before_verb(view: str, start: int, end: int, lex: Lexicons) -> str | None:
    """What ``view[start:end]``, right before a left-out verb, is: ``"object"``, what the verb
    governs (专精特新企业新增); ``"time"``, a time, an adverb, a scope or the report's own place
    (三年新增, 年均新增, 我市新增); None when it is too short or ends in a function word."""
    phrase = view[start:end]
    if (
        phrase[-1] in _TIME_ENDS
        or phrase[0] in _DEICTIC
        or lex.scope.match_at(phrase, 0) == phrase
        or lex.adverbs.match_at(phrase, 0) == phrase
    ):
        return "time"
    if len(phrase) >= 2 and phrase[-1] not in FUNCTION_CHARS:
        return "object"
    return None


def metric_before(view: str, q: QuantityMatch, floor: int, lex: Lexicons):
    """(spans, verb_only) for the METRIC before ``q``; spans is empty if there is none."""
    end, change = _strip_left_context(view, q.start, floor, lex)
    if view.endswith("连续", max(floor, end - 4), q.start) or "连续" in view[end : q.start]:
        return [], False  # 连续五年走在全市前列: a streak, not a counted thing
    start = _phrase_before(view, end, floor, lex)
    start, end = _trim(view, start, end, lex)
    if view.endswith("元的", max(0, start - 2), start):
        # 100亿元的日钢项目、120亿元的…: the project is what the amount before it describes; a name after
        # the list's 、 still names this value (投资25亿元的甲项目、投资8亿元的… -> 投资)
        joiner = view.rfind("、", start, end)
        if joiner == -1:
            return [], False
        start = joiner + 1
    unit = q.unit_in(view)
    verb = lex.left_out_verbs.match_before(view, end, start) if unit not in lex.duration_units else None
    if verb and end - len(verb) > start:  # 项目落地到开工100天: a duration, no count of the verb's object
        kind = _before_verb(view, start, end - len(verb), lex)
        if kind == "object":
            end -= len(verb)  # 专精特新企业新增10户, 生猪出栏260万头: the verb after its object is left out
        elif kind == "time":
            start = end - len(verb)  # 三年新增25万户, 我市新增12家: the verb names the statistic
    phrase = view[start:end]
    if len(phrase) < 2 or not any(is_cjk(c) for c in phrase):
        return [], False
    if phrase[0] == "《" and phrase[-1] == "》":
        return [(start, end)], False  # a counted document title is the METRIC as it stands
    segments = _split_outside_quotes(phrase)
    if len(segments) > 1:
        # 有关部门提供、…收到问题线索: a verb in the last member ends the coordination
        last = segments[-1]
        if any(e < len(last) for _, e in _verbs_in(last, lex.strong_verbs)):
            start += len(phrase) - len(last)
            phrase = last
    tail = lex.trailing_words.match_before(phrase, len(phrase))
    if tail and len(tail) < len(phrase):
        phrase = phrase[: -len(tail)]
    if phrase.startswith("每"):
        return [], False  # 每村不少于4名: a distribution, not a metric
    if q.unit_in(view) in lex.event_units:
        body = _event_body_end(phrase, lex)
        phrase, start = phrase[body:], start + body
    cut, verb_only = _cut_verbs(phrase, lex)
    phrase, start = phrase[cut:], start + cut
    longest = max(len(p) for p in phrase.split("、"))  # 败诉率、出庭应诉率: each rate counts alone
    if len(phrase) < 2 or longest > MAX_METRIC or len(phrase) > 2 * MAX_METRIC:
        return [], False
    if phrase in lex.scope or phrase in lex.adverbs or phrase in lex.light_verbs or (change and not phrase):
        return [], False
    if len(phrase) - len(lex.scope.match_at(phrase, 0) or "") < 2:
        return [], False  # 全国前: a scope word and a particle name nothing
    if phrase[-1] in "前第" and lex.scope.match_before(phrase, len(phrase) - 1):
        return [], False  # 经济总量居全国前10: a rank, not a value
    if "、" in phrase:
        listed = _split_listed(view, phrase, start, q, lex)
        if listed:
            return listed, verb_only
    return _split_rates(phrase, start, lex), verb_only


def _split_listed(view: str, phrase: str, start: int, q: QuantityMatch, lex: Lexicons) -> list[tuple[int, int]]:
    """Names of statistics joined by 、 before 分别 or 均 (固定资产投资、社会消费品零售总额分别增长6%、5%;
    参考率、合格率均达100%), each a METRIC (one record per value, or per name of a shared value:
    ANNOTATION.md), or [] when that is not sure: each name must end in a statistic's head (城镇居民、
    农村居民人均可支配收入 share one head: one METRIC), 和 stays inside a name (住宿和餐饮业), and after
    分别 the clause must hold one value per name (else a name was cut off and the values would pair
    with the wrong ones)."""
    word = _distributive(view, start + len(phrase), q.start, lex)
    if word is None:
        return []
    parts = phrase.split("、")
    heads = (lex.rate_suffixes, lex.count_suffixes, lex.statistic_heads)
    if not all(len(p) >= 2 and any(h.match_before(p, len(p)) for h in heads) for p in parts):
        return []
    stop = next((k for k in range(q.start, min(len(view), q.start + 200)) if view[k] in _CLAUSE_END), len(view))
    values = len(_VALUE.findall(view, q.start, stop))
    if values != (len(parts) if word == "分别" else 1):
        return []
    return _member_spans(parts, start)


def _noun_before_value(view: str, p: int, ceiling: int) -> bool:
    """Is the phrase at ``p`` directly followed by a number (so it names that number)?"""
    q = p
    while q < ceiling and q - p <= MAX_METRIC and is_cjk(view[q]):
        q += 1
    return q < len(view) and (q - p >= 2 or q == p) and view[q].isdigit()  # 15个部门的32名…


def _ends_predicate(view: str, p: int, ceiling: int, lex: Lexicons) -> bool:
    """Does a verb that ends at ``p`` close the phrase (punctuation, another verb, a predicate)?"""
    if p >= min(ceiling, len(view)) or not is_cjk(view[p]):
        return True
    return bool(lex.governing_verbs.match_at(view, p) or lex.after_stop.match_at(view, p))


def _counted_object(view: str, q: QuantityMatch, lex: Lexicons) -> bool:
    """Is ``q`` the count of a governing verb's object (实施200个以上…, 引进超100名…), so that a
    noun after its qualifier is what it counts? Elsewhere (为65岁以上老年人, 30户以上自然村寨) the
    value and its qualifier bound a category instead."""
    p = q.start
    p -= len(lex.approx_before.match_before(view, p, max(0, p - 4)) or "")
    return bool(lex.governing_verbs.match_before(view, p, max(0, p - 6)))


def _frame_closes(view: str, p: int, ceiling: int, lex: Lexicons) -> bool:
    """Does the 中 at ``p`` close a 在/从…中 frame: is it followed by the clause's end, 的 or a
    predicate (中排名第四, 中脱颖而出, 中开展试点), rather than being part of a noun (调解中心, 普通高中)?"""
    if any(view.startswith(w, p - w.index("中")) for w in lex.zhong_nouns.words if p >= w.index("中")):
        return False
    after = p + 1
    if after >= min(ceiling, len(view)) or view[after] in _STOP_CHARS or view[after] == "的":
        return True
    return bool(
        lex.after_stop.match_at(view, after)
        or lex.governing_verbs.match_at(view, after)
        or lex.links.match_at(view, after)
        or lex.adverbs.match_at(view, after)
    )


def _in_frame(view: str, pos: int, lex: Lexicons) -> bool:
    """Does 在 or 从 open a frame at most 10 characters before the value at ``pos``, in its clause
    (指数在全国49个…中, 在全省真抓实干33项…中; not the 在 of 在校生)?"""
    for k in range(pos - 1, max(-1, pos - 11), -1):
        if view[k] in _STOP_CHARS:
            return False
        if view[k] in "在从":
            return not lex.not_frame_open.match_at(view, k)
    return False


def _rank_at(view: str, p: int) -> bool:
    """Does a rank start at ``p`` (第10名, 第4。), rather than a name with an ordinal (第一书记)?"""
    q = p + 1
    while q < len(view) and (view[q].isdigit() or view[q] in CN_NUMERAL_CHARS):
        q += 1
    return q > p + 1 and (q == len(view) or view[q] in "名位" or not is_cjk(view[q]))


def _object_follows(view: str, q: QuantityMatch, lex: Lexicons) -> bool:
    """Does something that the value counts follow it and its unit (a noun, a quotation, another
    number: 新增2个4A级景区, 打造50个“一刻钟”便民生活圈), rather than the end of its clause, a list
    joiner or a verb (受理47件、办结45件; 抽选142件进行集中评查)?"""
    unit = q.unit_in(view)
    if unit in lex.rate_units or unit in lex.duration_units:
        return False  # 5个工作日内办结: what follows a duration is no object
    p = q.unit_end if unit is not None else q.end
    p += len(lex.approx_after.match_at(view, p) or "")
    if p >= len(view):
        return False
    ch = view[p]
    if ch.isdigit() or ch in "“《":
        return True
    if not is_cjk(ch) or ch in FUNCTION_CHARS or ch in _CLAUSE_ADVERBS:
        return False
    predicate = (  # 办结45件同比增长10%, 受理47件较上年增加5件: an adverb, a comparison or a verb follows
        _predicate_at(view, p, lex)
        or lex.comparison.match(view, p)
        or any(view.startswith(w, p) for w in lex.predicate_adverb)
    )
    return not predicate


def _manner_before_verb(view: str, p: int, ceiling: int, lex: Lexicons) -> bool:
    """Does a manner in 化 (规范化, 标准化) start at ``p``, with a verb after it that ends the phrase
    (工程标准化改造。, not 绿化改造工程 or 数字化改造项目, where the verb is inside a name)?"""
    if view[p + 2 : p + 3] != "化" or not is_cjk(view[p]):
        return False
    verb = lex.governing_verbs.match_at(view, p + 3) or lex.strong_verbs.match_at(view, p + 3)
    return bool(verb) and _ends_predicate(view, p + 3 + len(verb), ceiling, lex)


def _predicate_verb_at(view: str, p: int, ceiling: int, lex: Lexicons) -> bool:
    """Does a predicate's verb start at ``p``: a strong verb, or another that ends the phrase
    (党员广泛|开展学习, 社区依法|治理。; not 社区依法治理示范点, where the verb is inside a name)?"""
    if lex.strong_verbs.match_at(view, p):
        return True
    verb = lex.governing_verbs.match_at(view, p) or lex.weak_verbs.match_at(view, p)
    return bool(verb) and _ends_predicate(view, p + len(verb), ceiling, lex)


def _predicate_at(view: str, p: int, lex: Lexicons) -> bool:
    """Does a predicate start at ``p`` after a value: a verb, a change, an adverb, a scope word or a
    word that follows a counted noun (12个泊位竣工验收)?"""
    return bool(
        lex.governing_verbs.match_at(view, p)
        or lex.change_verbs.match_at(view, p)
        or lex.adverbs.match_at(view, p)
        or lex.scope.match_at(view, p)
        or lex.after_stop.match_at(view, p)
    )


def metric_after(view: str, q: QuantityMatch, ceiling: int, lex: Lexicons):
    """The noun phrase right after the value (细化了42条整改措施), or None."""
    unit = q.unit_in(view)
    if unit in lex.rate_units or unit in lex.duration_units or view.startswith("百分之", q.start):
        return None
    p = q.unit_end if unit is not None else q.end
    if unit is not None and unit in lex.event_units:
        for _ in range(3):  # 9次主持召开县政府常务会议
            v = lex.governing_verbs.match_at(view, p)
            if not v:
                break
            p += len(v)
    scope = lex.scope.match_at(view, p)
    if scope and len(scope) >= 2:
        p += len(scope)
    approx = lex.approx_after.match_at(view, p)
    if approx:
        if approx not in lex.approx_after_count or not _counted_object(view, q, lex):
            return None  # 150件左右: a qualifier ends the value; 为65岁以上老年人: a category threshold
        p += len(approx)  # 实施200个以上老旧小区改造项目: the verb's object, counted at least 200
        if p >= ceiling or not is_cjk(view[p]) or view[p] in FUNCTION_CHARS or lex.governing_verbs.match_at(view, p):
            return None  # 100个以上的…, 30家以上开展…: no noun right after the qualifier
    if p >= len(view) or view[p] in _CLAUSE_ADVERBS or lex.governing_verbs.match_at(view, p) in lex.strong_verbs:
        return None  # 200件并处罚金: the value ends its clause; what follows is a new predicate
    start = p
    first_connector = last_connector = None
    for _ in range(2):
        while p < ceiling and p - start <= MAX_METRIC:
            ch = view[p]
            if ch in _OPEN:
                close = view.find(_CLOSE[_OPEN.index(ch)], p, min(ceiling, p + 8))
                if close == -1:
                    break
                p = close + 1
                continue
            if (
                ch in "、和及"
                and p > start
                and is_cjk(view[p + 1 : p + 2])
                and not lex.strong_verbs.match_at(view, p + 1)
            ):
                if first_connector is None:
                    first_connector = p
                last_connector = p
                p += 1  # 250余家医疗机构、哨点诊室和村卫生室: coordinated nouns share the value
                continue
            if not is_cjk(ch) or ch in FUNCTION_CHARS:
                break
            if p > start and (
                lex.strong_verbs.match_at(view, p)
                or lex.phrase_stop_words.match_at(view, p)
                or lex.after_stop.match_at(view, p)
                or lex.change_verbs.match_at(view, p)
            ):
                break
            weak = lex.weak_verbs.match_at(view, p) if p > start + 1 else None
            if weak and _ends_predicate(view, p + len(weak), ceiling, lex):
                break  # 100个停车场建设, 27件规范性文件审查备案: a verb closes the noun
            adv = lex.adverbs.match_at(view, p) or lex.scope.match_at(view, p)
            if p > start and adv and view[p - 1 : p + 1] not in lex.words_with_adverb:  # 公共: 共 is in a word
                if adv in lex.predicate_adverb or adv in "均已都也还并" or adv in lex.scope:
                    break
                if _predicate_verb_at(view, p + len(adv), ceiling, lex):
                    break  # 5900多名党员广泛开展学习: an adverb before a verb starts the predicate
            if p > start + 1 and _manner_before_verb(view, p, ceiling, lex):
                break  # 109个公共法律服务工作室规范化运行: a manner (…化) before a verb starts the predicate
            if p > start and view.startswith("通过", p):
                break
            if p > start and ch == "第" and _rank_at(view, p):
                break  # 全国100个城市第10名: an ordinal starts a rank
            if p > start + 1 and ch == "中" and _frame_closes(view, p, ceiling, lex) and _in_frame(view, q.start, lex):
                break  # 在全国49个较大城市中排名第四: 在…中 frames the set (not 调解中心, 公办中学)
            p += 1
        if p < ceiling and view[p] == "的" and p - start <= 10 and not _noun_before_value(view, p + 1, ceiling):
            p += 1  # 45个高效规范的综合受理窗口: the noun follows 的
            start = p
            continue
        break
    while p > start and view[p - 1] in "、和及":
        p -= 1
    if last_connector is not None and last_connector >= start and p - last_connector - 1 < 2:
        p = first_connector  # 35个区级部门和中央、市在黔单位: the list runs past the phrase
    tail = lex.trailing_words.match_before(view, p, start)
    if tail and p - len(tail) - start >= 2:
        p -= len(tail)  # 14个…示范试点之一
    if p - start > MAX_METRIC or (p - start < 2 and view[start:p] not in lex.single_nouns):
        return None
    phrase = view[start:p]
    if lex.strong_verbs.match_at(phrase, 0) or lex.change_verbs.match_at(phrase, 0) or phrase[0] in _OPEN:
        return None
    return (start, p)


def _listed_amount(view: str, floor: int, q: QuantityMatch) -> bool:
    """Is ``q`` an amount with 的 (120亿元的乙项目) after an earlier one in its clause, a list of
    projects (投资100亿元的甲项目、…)? Not after one in an earlier clause (争取资金3亿元的同时，投入…)."""
    if q.unit_end is None or not view.startswith("元的", q.unit_end - 1):
        return False
    return "元的" in view[clause_start(view, max(0, floor - 1), q.start) : q.start]


def set_after_rate(view: str, q: QuantityMatch, ceiling: int, lex: Lexicons):
    """A rate over a set (ANNOTATION.md decisions): the set named after the value (覆盖70%以上的乡镇,
    90%以上事项实现网上办理), or None."""
    before = q.start - len(lex.approx_before.match_before(view, q.start, max(0, q.start - 4)) or "")
    if lex.change_verbs.match_before(view, before, max(0, before - 6)):
        return None  # 分别增长5%的目标任务: the change of a figure, not a share of a set
    p = q.unit_end
    p += len(lex.approx_after.match_at(view, p) or "")
    if view.startswith("的", p):
        p += 1
    if p >= ceiling or not is_cjk(view[p]) or view[p] in FUNCTION_CHARS:
        return None
    if _predicate_at(view, p, lex) or lex.links.match_at(view, p):
        return None  # 100%达标, 92%和…: a predicate or a joiner follows, no set
    span = metric_after(view, QuantityMatch(q.start, p), ceiling, lex)
    if not span:
        return None
    for k in range(span[0] + 1, min(span[1] + 1, ceiling, len(view))):
        if view[k] in "和及与、":
            return (span[0], k)  # 90%城市社区和60%农村…: the next set begins
        if view[k] not in "了着过" and (
            len(lex.links.match_at(view, k, ceiling) or "") >= 2
            or (view[k] == "在" and k - span[0] >= 2)
            or lex.left_out_verbs.match_at(view, k, ceiling)
            or lex.after_stop.match_at(view, k, ceiling)
            or lex.change_verbs.match_at(view, k, ceiling)
            or lex.adverbs.match_at(view, k, ceiling)
        ):
            return (span[0], k)  # 60%农村达到品质养老创建标准, 90%的乡镇建成…: a predicate follows the set
    # No predicate the lexicons know ends the set: it stands only when it is short (an aside in brackets,
    # 村（社区）, not counted), ends its clause and follows 的, which makes it a noun (覆盖70%以上的乡镇。);
    # without 的 it is a predicate (100%到位, 90%以上合格).
    short = len(_BRACKETED.sub("", view[span[0] : span[1]])) <= 4 and view[span[0] - 1] == "的"
    return span if short and (span[1] >= len(view) or view[span[1]] in _STOP_CHARS) else None


def find_metrics(
    view: str,
    quantities: list[QuantityMatch],
    occupied: list[tuple[int, int]],
    lex: Lexicons,
    measures: list[tuple[int, int]] = (),
    forced: dict[int, tuple[int, int]] | None = None,
) -> list[MetricLink]:
    """One MetricLink per quantity that has a METRIC; METRIC spans never overlap others.

    A quantity whose unit is followed by a MEASURE (140项全国“跨省通办”) counts that
    measure and gets no METRIC: the record uses the measure.
    """
    forced = forced or {}
    taken = sorted(list(occupied) + list(forced.values()))
    measure_starts = {s for s, _ in measures}
    links: list[MetricLink] = []
    i_floor = 0  # pointer into ``taken``: quantities come in order, so this stays linear
    last_metric_end = 0
    for n, q in enumerate(quantities):
        if n in forced:  # a category threshold's phrase (see find_thresholds)
            links.append(MetricLink(q, (forced[n],)))
            last_metric_end = max(last_metric_end, forced[n][1])
            continue
        q_end = q.unit_end or q.end
        while i_floor < len(taken) and taken[i_floor][1] <= q.start:
            i_floor += 1
        floor = max(taken[i_floor - 1][1] if i_floor else 0, last_metric_end if last_metric_end <= q.start else 0)
        j = i_floor
        while j < len(taken) and taken[j][0] < q_end:
            j += 1
        ceiling = taken[j][0] if j < len(taken) else len(view)
        scope = lex.scope.match_at(view, q_end)
        if q_end + len(scope or "") in measure_starts:
            continue
        after = metric_after(view, q, ceiling, lex)
        before = None
        if after and _listed_amount(view, floor, q):
            after = None  # 甲项目、100亿元的新能源装备产业园: in a list of projects and amounts, nothing is counted
        if after and q.unit_end is not None and view.startswith("的", q.unit_end):
            # 投资219亿元的日照港…工程: a name before the value is what it measures, and the noun after
            # 的 what it describes; after a verb alone (建成100公里的高速公路) the noun is the METRIC
            before = metric_before(view, q, floor, lex)
            if before[0] and not before[1]:
                after = None
        if after:
            chosen = [after]
        else:
            chosen, verb_only = before or metric_before(view, q, floor, lex)
            unit = q.unit_in(view)
            if unit in lex.rate_units and (not chosen or verb_only):
                over = set_after_rate(view, q, ceiling, lex)
                if over:
                    chosen, verb_only = [over], False
            if verb_only and _object_follows(view, q, lex):
                chosen = []  # 新增7个省级现代农业产业园: the verb's object follows its count; the verb names nothing
        if chosen:
            links.append(MetricLink(q, tuple(chosen)))
            last_metric_end = max(e for _, e in chosen)
    return links


def _category_end(view: str, p: int, lex: Lexicons) -> int:
    """End of the category noun after a threshold mark (…以上[的]重大项目)."""
    if view[p : p + 1] == "的":
        p += 1
    k = p
    while k < len(view) and k - p < MAX_METRIC // 2 and is_cjk(view[k]) and view[k] not in "的和与及等":
        if k > p and (lex.strong_verbs.match_at(view, k) or lex.after_stop.match_at(view, k)):
            break
        if k > p and len(lex.approx_before.match_at(view, k) or lex.links.match_at(view, k) or "") >= 2:
            break  # …重大项目不少于7个, …行政村达到1800个
        if k > p and view[k] == "占" and view[k + 1 : k + 2].isdigit():
            break  # …的行政村占70%: the share's link
        k += 1
    return k


def find_thresholds(view: str, quantities: list[QuantityMatch], lex: Lexicons):
    """Category thresholds: ``(kept quantities, {index of the counted quantity: METRIC span})``.

    ANNOTATION.md, "Category thresholds": in 投资10亿元以上的重大项目58个, 15年以上命案积案11起 or
    其中50亿元以上8个 the threshold defines what is counted; it is no QUANTITY and the METRIC spans
    the whole category phrase, from the words that introduce the threshold (a governing verb left
    out) to the counted noun. With the count before it (58个投资10亿元以上的重大项目) the phrase runs
    from the count's unit to the end of the noun. Rates (90%以上事项) are values over a set, not
    thresholds.
    """
    dropped: set[int] = set()
    forced: dict[int, tuple[int, int]] = {}
    for i, q in enumerate(quantities):
        if q.unit_end is None or view[q.unit_start : q.unit_end] in lex.rate_units or i in dropped:
            continue
        mark = lex.threshold_marks.match_at(view, q.unit_end)
        prev = quantities[i - 1] if i and i - 1 not in dropped else None
        if not mark:
            category = _prefixed_threshold(view, quantities, i, lex)
            if category is not None and i not in forced:  # 超10亿元或1亿美元项目46个
                last, k = category
                dropped.update(range(i, last + 1))
                forced[last + 1] = (_threshold_front(view, q.start, prev, lex), k)
            continue
        k = _category_end(view, q.unit_end + len(mark), lex)
        nxt = quantities[i + 1] if i + 1 < len(quantities) else None
        if nxt is not None and i + 1 not in forced and _counts_category(view, k, nxt, lex):
            dropped.add(i)
            forced[i + 1] = (_threshold_front(view, q.start, prev, lex), k)
            continue
        if prev is not None and prev.unit_end is not None and i - 1 not in forced:
            gap = view[prev.unit_end : q.start]
            if len(gap) <= 4 and all(is_cjk(c) for c in gap) and k > q.unit_end + len(mark) + 1:
                if k >= len(view) or not is_cjk(view[k]):
                    dropped.add(i)
                    forced[i - 1] = (prev.unit_end, k)
    kept = [q for i, q in enumerate(quantities) if i not in dropped]
    index = {id(q): n for n, q in enumerate(kept)}
    return kept, {index[id(quantities[i])]: span for i, span in forced.items()}


def _prefixed_threshold(view: str, quantities: list[QuantityMatch], i: int, lex: Lexicons) -> tuple[int, int] | None:
    """(index of the threshold's last alternative, end of the category) when quantity ``i`` opens a
    threshold before the noun it bounds (超10亿元或1亿美元项目46个, 收入超30万元的行政村达到1800个):
    a threshold word right before it, a category noun after its unit (and after 或 + more values),
    and a count of that category right after the noun. Else None."""
    q = quantities[i]
    prefix = lex.threshold_before.match_before(view, q.start, max(0, q.start - 2))
    if not prefix or view[q.start - len(prefix) - 1 : q.start - len(prefix)] in _NOT_THRESHOLD:
        return None
    last = i
    while (
        last + 1 < len(quantities)
        and quantities[last].unit_end is not None
        and view[quantities[last].unit_end : quantities[last + 1].start] == "或"
        and quantities[last + 1].unit_end is not None
    ):
        last += 1  # 超100亿元或10亿美元项目: alternatives of one threshold
    p = quantities[last].unit_end
    if p is None or last + 1 >= len(quantities):
        return None
    begin = p + 1 if view[p : p + 1] == "的" else p
    k = _category_end(view, p, lex)
    return (last, k) if k - begin >= 2 and _counts_category(view, k, quantities[last + 1], lex) else None


def _counts_category(view: str, k: int, nxt: QuantityMatch, lex: Lexicons) -> bool:
    """Is ``nxt`` a value of the category that ends at ``k``: right after it or after a link
    (…重大项目不少于7个, …行政村达到1800个), with a unit; a rate over the category only after its link
    (…的行政村占70%)?"""
    if nxt.unit_end is None:
        return False
    link = lex.links.match_at(view, k, nxt.start) or lex.approx_before.match_at(view, k, nxt.start) or ""
    rate = view[nxt.unit_start : nxt.unit_end] in lex.rate_units
    return nxt.start == k + len(link) and bool(link or not rate)


def _threshold_front(view: str, pos: int, prev: QuantityMatch | None, lex: Lexicons) -> int:
    """Start of the words before a threshold value that belong to the category (投资, 收入超)."""
    floor = (prev.unit_end or prev.end) if prev is not None else 0
    start = _phrase_before(view, pos, floor, lex)
    while start < pos and view[start] in "、，":
        start += 1  # 其中50亿元以上8个、100亿元以上2个
    start, _ = _trim(view, start, pos, lex)
    phrase = view[start:pos]
    verbs = [e for _, e in _verbs_in(phrase, lex.governing_verbs)]
    return start + max(verbs) if verbs else start
