"""Spans -> records: link each QUANTITY to its UNIT and to the METRIC/MEASURE that names it.

Works from spans alone, so the rules, the model and the hybrid backend share one linker
(ANNOTATION.md, "Records"). A name is linked when only link words, qualifiers, scope words
or adverbs stand between it and the value (办结率达100%), or when it follows the unit
(42条整改措施). One value shared by rates listed with 、 gives one record per rate; in
``分别为99.7%、99%`` the later values inherit the metric of the first.
"""

from __future__ import annotations

import bisect

from . import lexicons as lexicon
from .document.paragraphs import sentence_bounds
from .numbers import read_quantity
from .types import NAME_LABELS, Label, Record, Span


def _gap_is_filler(gap: str, lex: lexicon.Lexicons, allow_verbs: bool = False) -> bool:
    """Can ``gap`` be read entirely as link words, qualifiers, scope words or adverbs?

    After a value (``allow_verbs``) governing verbs and the qualifiers after a value (以上, 左右) are
    filler, and so is a short modifier ending in 的: 45个高效规范的综合受理窗口.
    """
    if allow_verbs and gap.endswith("的") and len(gap) <= 11 and all("\u4e00" <= c <= "\u9fff" for c in gap):
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
    if allow_verbs:  # after a value: 实施200个以上老旧小区改造项目
        sets += [lex.governing_verbs, lex.approx_after]
    for _ in range(12):
        if pos >= len(gap):
            return True
        if gap[pos] in " \u3000":
            pos += 1
            continue
        w = max((ws.match_at(gap, pos) or "" for ws in sets), key=len)
        if not w:
            return False
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
    pending: list[Span] = []  # names still to hand out along a 分别为 list
    for qi, q in enumerate(quantities):
        unit = units.get(q.end)
        if unit is None and view[q.end : q.end + 1] == " ":
            gap_end = q.end
            while gap_end < len(view) and view[gap_end] == " " and gap_end - q.end < 12:
                gap_end += 1
            unit = units.get(gap_end)
        q_end = unit.end if unit else q.end
        sent_start = 0
        k = bisect.bisect_right(ends, q.start)
        if k:
            sent_start = ends[k - 1]
        next_q = quantities[qi + 1] if qi + 1 < len(quantities) else None
        linked = _link(view, q, q_end, unit, names, name_starts, sent_start, next_q, claimed, lex)
        if len(linked) > 1 and "分别" in view[linked[-1].end : q.start]:
            # 纠错率、调解率分别为12.5%、30%: names and values pair up in order
            linked, pending = linked[:1], linked[1:]
        elif not linked and pending and prev and view[prev[1] : q.start] in lex.name_joiners:
            linked, pending = pending[:1], pending[1:]
        elif not linked and prev and prev[2]:
            gap = view[prev[1] : q.start]
            if gap == "、" or (gap and (lex.change_verbs.match_at(gap, 0) == gap or lex.links.match_at(gap, 0) == gap)):
                linked = prev[2]  # 分别为99.7%、99% ; 由386项精简至245项
        # read the normalised copy (same offsets): 661.72萬 and 1.4萬餘 are 661.72万 and 1.4万余
        surface = view[q.start : q.end]
        unit_text = view[unit.start : unit.end] if unit else None  # normalised: ％ -> %
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


def _link(view, q, q_end, unit, names, name_starts, sent_start, next_q, claimed, lex) -> list[Span]:
    # after: a name right after the unit (skipping scope words, and verbs after event units)
    i = bisect.bisect_left(name_starts, q_end)
    if i < len(names):
        n = names[i]
        gap = view[q_end : n.start]
        event = unit is not None and unit.text in lex.event_units
        if (
            n.start - q_end <= 12
            and (gap.endswith("的") or n.start - q_end <= 8)
            and _gap_is_filler(gap, lex, True)
            and (event or not lex.governing_verbs.match_at(gap, 0))
        ):
            # …unless it stands right before the next value and names that one
            owned_by_next = (
                next_q is not None and next_q.start >= n.end and _gap_is_filler(view[n.end : next_q.start], lex)
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
    if not _gap_is_filler(view[n.end : q.start], lex):
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
