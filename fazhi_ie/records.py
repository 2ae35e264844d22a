"""Spans -> records: link each QUANTITY to its UNIT and to the METRIC/MEASURE that names it.

Works from spans alone, so the rules, the model and the hybrid backend share one linker
(ANNOTATION.md, "Records"). A name is linked when only link words, qualifiers, scope words
or adverbs stand between it and the value (办结率达100%), or when it follows the unit
(42条整改措施), or when a short predicate of verbs makes it the subject of the count
(住房开工430套). One value shared by rates listed with 、 gives one record per rate; in
``分别为99.7%、99%`` (or 和 7.5%) the later values inherit the metric of the first, and two counts side
by side (十大类49项民生实事项目) share one name.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from . import lexicons as lexicon
from .document.paragraphs import sentence_bounds
from .numbers import read_quantity
from .types import NAME_LABELS, Label, Record, Span

#: The longest predicate of governing verbs between a name and the value after it (保障性租赁住房开工430套,
#: 市场主体新登记3.1万户): the name is the subject whose count the value is.
MAX_PREDICATE = 4
#: The longest modifier between a count and the measure it counts (15个跨部门跨层级“一件事”应用).
MAX_MODIFIER = 6
#: Units of time and age that never count a named thing, besides the lexicon's durations (近3年200个项目).
TIME_UNITS = frozenset({"秒", "岁"})
#: Footnote marks a report puts after a name (省瞪羚企业⑤ 23家): filler between a name and its value.
FOOTNOTE_MARKS = frozenset(chr(c) for c in range(0x2460, 0x2474))


def _gap_is_filler(
    gap: str, lex: lexicon.Lexicons, after_value: bool = False, predicate: bool = False, rate: bool = False
) -> bool:
    """Can ``gap`` be read entirely as link words, qualifiers, scope words or adverbs?

    After a value (``after_value``) governing verbs and the qualifiers after a value (以上, 左右) are
    filler, and so is a short modifier ending in 的: 45个高效规范的综合受理窗口. Before a value, governing
    verbs are filler in a short ``predicate`` of one verb (住房开工430套), and 在 only after a ``rate``
    (比重在65%以上).
    """
    verbs = 0
    if after_value and gap.endswith("的") and len(gap) <= 11 and all(map(lexicon.is_cjk, gap)):
        return True
    gap = lex.comparison.sub("", gap)  # 败诉率由2021年的15.3%, 合格率较去年提升5.2个百分点
    pos = 0
    sets = [
        lex.links,
        lex.approx_before,
        lex.adverbs,
        lex.scope,
        lex.change_verbs,
        lex.trailing_words,
        lex.words_with_adverb,
    ]
    if after_value:  # 实施200个以上老旧小区改造项目 (以下 bounds a category instead)
        sets += [lex.governing_verbs, lex.approx_after_count]
    elif predicate:
        sets.append(lex.governing_verbs)
    for _ in range(12):
        if pos >= len(gap):
            return True
        if gap[pos] in " \u3000":
            pos += 1
            continue
        if gap[pos] in FOOTNOTE_MARKS:  # 省瞪羚企业⑤ 23家
            pos += 1
            continue
        if gap[pos] in "(（":  # 地区生产总值(GDP)202.5亿元: a bracketed aside after the name
            close = min((i for i in (gap.find(")", pos), gap.find("）", pos)) if i > pos), default=-1)
            if 0 < close - pos <= 16:
                pos = close + 1
                continue
            if close == -1:  # 刑事立案数(同比下降13.4%): the value in brackets after its name
                pos += 1
                continue
        w = max((ws.match_at(gap, pos) or "" for ws in sets), key=len)
        if not w or (w == "在" and not rate):
            return False  # 执法人员在3个乡镇: a place, not a value of the name (比重在65%: a value)
        if predicate and lex.governing_verbs.match_at(gap, pos) == w:
            verbs += 1
            if verbs > 1:
                return False  # 执法人员参加培训3次: a verb and its object, not the name's predicate
        pos += len(w)
    return pos >= len(gap)


def _qualifier(view: str, q: Span, unit_end: int, inner: str | None, lex: lexicon.Lexicons) -> str | None:
    found = []
    before = lex.approx_before.match_before(view, q.start, max(0, q.start - 4))
    if before:
        found.append(before)
    if inner:
        found.append(inner)
    after = lex.approx_after.match_at(view, unit_end)
    if after:
        found.append(after)
    return ",".join(found) or None


def build_records(text: str, view: str, spans: list[Span], lex: lexicon.Lexicons | None = None) -> list[Record]:
    """Records for the spans of one text (``view`` is its matching view, same length)."""
    lex = lex or lexicon.load()
    spans = sorted(spans)
    ends = sentence_bounds(view)
    names = [s for s in spans if s.label in NAME_LABELS]
    name_starts = [s.start for s in names]
    units = {s.start: s for s in spans if s.label == Label.UNIT}
    quantities = [s for s in spans if s.label == Label.QUANTITY]
    claimed: set[Span] = set()
    records: list[Record] = []
    prev: tuple[Span, int, list[Span]] | None = None  # last quantity, its end, its names
    value_ends = [_value_end(q, units, view) for q in quantities]  # (end with the unit, unit) of each
    list_units = _list_units(view, quantities, value_ends)
    pending: list[Span] = []  # names still to hand out along a 分别为 list
    for qi, q in enumerate(quantities):
        q_end, unit = value_ends[qi]
        prev_unit = value_ends[qi - 1][1] if qi else None
        sent_start = 0
        k = bisect.bisect_right(ends, q.start)
        if k:
            sent_start = ends[k - 1]
        following = (quantities[qi + 1], value_ends[qi + 1]) if qi + 1 < len(quantities) else None
        linked = _link(view, q, q_end, unit, names, name_starts, sent_start, following, claimed, lex)
        if len(linked) > 1 and "分别" in view[linked[-1].end : q.start]:
            # 纠错率、调解率分别为12.5%、30%: names and values pair up in order
            linked, pending = linked[:1], linked[1:]
        elif not linked and pending and prev and view[prev[1] : q.start] in lex.name_joiners:
            linked, pending = pending[:1], pending[1:]
        elif not linked and prev and prev[2]:
            gap = view[prev[1] : q.start]
            gap = gap[len(lex.approx_after.match_at(gap, 0) or "") :]  # 增长7%左右和9%左右
            rest = gap[1:]  # 新增97亿元、累计突破600亿元 (but 700亿元、增长16.8%: a growth rate names nothing)
            rest = rest[len(lex.adverbs.match_at(rest, 0) or "") :]
            joined = gap[:1] == "、" and rest and lex.links.match_at(rest, 0) == rest
            same_unit = _unit_text(view, prev_unit) == _unit_text(view, unit)  # 12起和3名嫌疑人: not one list
            if (
                gap == "、"
                or (gap == "" and _counts(view, prev_unit, lex) and _counts(view, unit, lex))
                or (gap in lex.name_joiners and same_unit)
                or joined
                or lex.change_verbs.match_at(gap, 0) == gap
                or lex.links.match_at(gap, 0) == gap
            ):
                linked = prev[2]  # 分别为99.7%、99% ; 分别增长5%和7.5% ; 由386项精简至245项 ; 4批8件
        elif (
            linked
            and prev
            and not prev[2]
            and view[prev[1] : q.start] == ""
            and _counts(view, prev_unit, lex)
            and _counts(view, unit, lex)
        ):
            # 十大类49项民生实事项目: two counts side by side share the name the second one has
            records[-1] = replace(records[-1], metric=linked[0].text)  # prev had no name: one record
        # read the normalised copy (same offsets): 661.72萬 and 1.4萬餘 are 661.72万 and 1.4万余
        surface = view[q.start : q.end]
        unit_text = _unit_text(view, unit) if unit else list_units[qi]
        if unit_text and unit_text[0] in "万亿" and len(unit_text) > 1:
            surface += unit_text[0]  # a model may tag 万元 as the unit: the magnitude joins the number
            unit_text = unit_text[1:]
        parsed = read_quantity(surface)
        value = parsed.value
        if parsed.is_percent and unit_text is None:
            unit_text = "%"
        qual = _qualifier(view, q, q_end, parsed.qualifier, lex)
        claimed.update(linked)
        for name in linked or [None]:
            records.append(
                Record(
                    metric=name.text if name else None,
                    value=value,
                    unit=unit_text,
                    quantity=q.text,
                    qualifier=qual,
                    start=q.start,
                    end=q.end,
                    value_error=parsed.error,
                )
            )
        prev = (q, q_end, linked)
    return records


def _list_units(view: str, quantities: list[Span], value_ends: list[tuple[int, Span | None]]) -> list[str | None]:
    """For each value without a unit, the unit it shares with the last value of its 、 list
    (分别为73.56、76.71、80.13分), when that value holds no magnitude (1.2、3.4万元 would be read wrong);
    one pass from the right. Normalised text: ％ -> %."""
    out: list[str | None] = [None] * len(quantities)
    shared = None  # the unit that ends the list the value after this one belongs to
    for j in range(len(quantities) - 1, -1, -1):
        q = quantities[j]
        unit = value_ends[j][1]
        if unit is not None:
            text = _unit_text(view, unit)
            magnitude = any(ch in "万亿" for ch in view[q.start : q.end] + text[:1])
            shared = None if magnitude else text
        elif shared is not None and j + 1 < len(quantities) and view[q.end : quantities[j + 1].start] == "、":
            out[j] = shared
        else:
            shared = None
    return out


def _unit_text(view: str, unit: Span | None) -> str | None:
    return view[unit.start : unit.end] if unit is not None else None


def _counts(view: str, unit: Span | None, lex: lexicon.Lexicons) -> bool:
    """Is ``unit`` a counter (个, 项, 批, 大类), not a rate, a duration or a time (近3年200个项目)?"""
    text = _unit_text(view, unit)
    return text is not None and not (text in lex.rate_units or text in lex.duration_units or text in TIME_UNITS)


def _value_end(q: Span, units: dict[int, Span], view: str) -> tuple[int, Span | None]:
    """Where value ``q`` ends with its unit, and the unit (a space may stand between them)."""
    unit = units.get(q.end)
    if unit is None and view[q.end : q.end + 1] == " ":
        gap_end = q.end
        while gap_end < len(view) and view[gap_end] == " " and gap_end - q.end < 12:
            gap_end += 1
        unit = units.get(gap_end)
    return (unit.end if unit else q.end), unit


def _name_after(view, q_end, unit, names, name_starts, lex) -> Span | None:
    """The name right after a value's unit (skipping scope words, and verbs after event units)."""
    i = bisect.bisect_left(name_starts, q_end)
    if i == len(names):
        return None
    n = names[i]
    gap = view[q_end : n.start]
    event = unit is not None and unit.text in lex.event_units
    if (
        n.start - q_end <= 12
        and (gap.endswith("的") or n.start - q_end <= 8)
        and _gap_is_filler(gap, lex, after_value=True)
        and (event or not lex.governing_verbs.match_at(gap, 0))
    ):
        return n
    if n.label == Label.MEASURE and _modifier(gap, lex):
        return n  # 17项区级“每月一题”台账: a short modifier before the measure the value counts
    return None


def _modifier(gap: str, lex: lexicon.Lexicons) -> bool:
    """Is ``gap`` a short modifier: a few Chinese characters, no verb, no function word?"""
    return (
        0 < len(gap) <= MAX_MODIFIER
        and all(lexicon.is_cjk(c) and c not in lexicon.FUNCTION_CHARS for c in gap)
        and not any(lex.governing_verbs.match_at(gap, i) for i in range(len(gap)))
    )


def _link(view, q, q_end, unit, names, name_starts, sent_start, following, claimed, lex) -> list[Span]:
    """The names of value ``q``; ``following`` is the next value with its (end, unit), or None."""
    n = _name_after(view, q_end, unit, names, name_starts, lex)
    if n is not None:
        # …unless it stands right before the next value and names that one (40个市直部门3507项行政职权:
        # not when that value has a name of its own after it)
        owned_by_next = following is not None and (
            following[0].start >= n.end
            and _gap_is_filler(view[n.end : following[0].start], lex)
            and _name_after(view, *following[1], names, name_starts, lex) is None
        )
        if not owned_by_next:
            return [n]
    # before: the nearest name in the sentence with only filler words in between
    j = bisect.bisect_right(name_starts, q.start) - 1
    while j >= 0 and names[j].end > q.start:
        j -= 1
    if j < 0 or names[j].start < sent_start:
        return []
    n = names[j]
    gap = view[n.end : q.start]
    share = gap == "的" and "占" in n.text  # 占总投资的62%: the share is the name's
    rate = bool(lex.rate_suffixes.match_before(n.text, len(n.text)))
    predicate = len(gap) <= MAX_PREDICATE and _gap_is_filler(gap, lex, predicate=True, rate=rate)
    if not (share or predicate or _gap_is_filler(gap, lex, rate=rate)):
        return []
    linked = [n]
    # rates listed with 、 share the value: 考试参考率、合格率均达100%
    while (
        j > 0
        and view[names[j - 1].end : names[j].start] in lex.name_joiners
        and names[j - 1] not in claimed
        and names[j - 1].start >= sent_start
    ):
        j -= 1
        linked.insert(0, names[j])
    return linked
