"""Learned MEASURE decisions: for each quotation or 《》 title, no MEASURE or a MEASURE ending where?

Whether a quoted phrase names one of the government's measures (推行“首违不罚”) or is a slogan,
a formula or a description (坚持“两个毫不动摇”) is where the rules miss most MEASUREs of other
governments' reports. The rules decide from a head noun after the mark or a verb before it; the
rest is in the words. For each quotation or title (an *anchor*) this ranker scores the options
"no MEASURE" and "a MEASURE from the opening mark to end ``e``" for every ``e`` from the closing
mark up to ``extend`` characters on (never across a clause stop, a digit, another span or another
anchor). The features are the characters and lexicon words around the marks and at the end, and
the rules' own decision (``rule_tagged``/``rule_none``, ``rule_pick``): the ranker learns where
the rules are wrong. It overrules them only by a score ``margin`` (chosen by cross-validation on
the training gold): a confident learned decision replaces the rules', a close call stays theirs.

Weights are learned on gold documents like the METRIC boundary ranker's (``taggers/boundaries.py``,
``training/train_measures.py``) and saved as ``measures.json`` in the model folder; the hybrid
applies them after merging, before the METRIC boundaries, and the model backend to the network's
spans (its decision in the rules' place), after making each of its names whole (``snap_to_marks``).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..lexicons import Lexicons, load
from ..types import Span
from .boundaries import NEVER_AT_EDGE, STOPS, Others, ViewIndex, moved_words, read_ranker, rounded, write_json
from .rules.measures import QUOTE, TITLE

FILE = "measures.json"
FORMAT = 1
#: Lexicon word lists whose words around the marks and at the end are features.
WORD_LISTS = (
    "measure_heads",
    "title_heads",
    "measure_verbs",
    "document_verbs",
    "strong_verbs",
    "governing_verbs",
    "weak_verbs",
    "open_heads",
    "listed_kinds",
    "slogans",
    "offices",
    "result_nouns",
    "measure_predicates",
    "name_endings",
    "adjacent_heads",
)
#: The closing mark of each opening mark.
CLOSING_MARKS = {"“": "”", "《": "》", "「": "」"}
#: An end never moves past these (the next name's opening mark).
OPENING_MARKS = frozenset(CLOSING_MARKS)


def anchors(view: str) -> list[tuple[int, int]]:
    """The quotations and titles of ``view`` that lie in no other one (a quote in a title is the title's)."""
    found = sorted({m.span() for m in QUOTE.finditer(view)} | {m.span() for m in TITLE.finditer(view)})
    out: list[tuple[int, int]] = []
    for s, e in found:  # by start: an enclosing anchor comes before what it encloses (or crosses)
        if not out or s >= out[-1][1]:
            out.append((s, e))
    return out


def snap_to_marks(view: str, spans: Iterable[Span]) -> list[Span]:
    """``spans`` (disjoint, as a tagger gives them) with each MEASURE that breaks off inside a
    quotation or title made whole, and each that starts at an opening mark never closed dropped.

    A MEASURE runs from the opening mark to the closing mark at least (ANNOTATION.md), but a
    network tagging character by character can stop inside a long title (《2021年株洲市生态…|), start
    after its mark, or break one title into pieces (《关于深化放管服改革|“三最”城市建设的实施意见》).
    Pieces that are all MEASUREs and lie in one anchor, the first at or after its opening mark, become
    one span from the opening mark to the closing mark or the last piece's end. Then a MEASURE that
    starts at an anchor's opening mark and ends before its closing mark is extended to the closing
    mark, and one that starts inside an anchor and reaches its closing mark or beyond, or lies wholly
    inside a 《》 title (《2022年“谁执法谁普法”责任清单…通知》: no gold MEASURE lies inside a title),
    becomes the anchor's from its opening mark. A change that would overlap another span is not made.
    Left as they are: spans of other labels, MEASUREs wholly inside a quotation, and MEASUREs that
    start before an anchor's
    opening mark (推行“首违|: which of the two is wrong is not known). A mark whose closing mark is
    missing (cut-off text: 印发《晋江市…内设机构 at the end of a paragraph) opens no MEASURE
    (ANNOTATION.md), so a MEASURE starting there is dropped."""
    out = sorted(spans)
    if not any(s.label == "MEASURE" for s in out):
        return out
    last_close = {mark: view.rfind(close) for mark, close in CLOSING_MARKS.items()}
    out = [s for s in out if s.label != "MEASURE" or last_close.get(view[s.start], len(view)) > s.start]
    marks = anchors(view)
    out = _join_pieces(view, out, marks)
    starts = [a for a, _ in marks]
    for i, span in enumerate(out):
        if span.label != "MEASURE":
            continue
        start, end = span.start, span.end
        k = bisect_right(starts, start) - 1
        if k < 0 or start >= marks[k][1]:
            continue  # not inside an anchor
        opening, closing = marks[k]
        if start > opening and (end >= closing or view[opening] == "《"):
            start = opening  # a title is one name: no MEASURE lies inside it (a quote in it is its own)
        if start == opening and end < closing:
            end = closing
        # the spans are sorted and disjoint: only a neighbour can be in the way of a grown span
        if (start, end) == (span.start, span.end):
            continue
        if (i and out[i - 1].end > start) or (i + 1 < len(out) and out[i + 1].start < end):
            continue
        out[i] = Span(start, end, "MEASURE", view[start:end])
    return out


def _join_pieces(view: str, spans: list[Span], marks: list[tuple[int, int]]) -> list[Span]:
    """``spans`` (sorted, disjoint) with the MEASURE pieces of each anchor joined (``snap_to_marks``)."""
    starts = [s.start for s in spans]
    ends = [s.end for s in spans]
    joined: dict[int, Span] = {}  # index of a group's first piece -> the joined span
    dropped: set[int] = set()
    for opening, closing in marks:
        first, stop = bisect_right(ends, opening), bisect_left(starts, closing)  # the spans in the anchor
        pieces = range(first, stop)
        if (
            len(pieces) < 2
            or spans[first].start < opening
            or any(spans[p].label != "MEASURE" or p in dropped or p in joined for p in pieces)
        ):
            continue
        end = max(spans[stop - 1].end, closing)
        joined[first] = Span(opening, end, "MEASURE", view[opening:end])
        dropped.update(range(first + 1, stop))
    if not joined:
        return spans
    return [joined.get(i, span) for i, span in enumerate(spans) if i not in dropped]


class Spans:
    """Disjoint spans by start, and the start of the span that holds each character."""

    def __init__(self, spans: Iterable[Span]):
        self.by_start: dict[int, Span] = {}
        self.owner: dict[int, int] = {}
        for span in spans:
            self.add(span)

    def add(self, span: Span) -> None:
        """Add ``span``; one that overlaps a span already there is a ``ValueError`` (no tagger's
        output overlaps: the rankers refine disjoint spans)."""
        clash = self.by_start.get(span.start) or next(
            (self.by_start[self.owner[c]] for c in range(span.start, span.end) if c in self.owner), None
        )
        if clash is not None:
            raise ValueError(f"overlapping spans {clash} and {span}: the MEASURE ranker decides on disjoint spans")
        self.by_start[span.start] = span
        self.owner.update((c, span.start) for c in range(span.start, span.end))

    def remove(self, start: int) -> None:
        span = self.by_start.pop(start)
        for c in range(span.start, span.end):
            del self.owner[c]


class Option(NamedTuple):
    """An anchor to decide: its marks, the start of its MEASURE (the anchor's, or None) and that
    span's end, the ends a MEASURE may take, how it follows the anchor before it (``measure``/
    ``other`` when right after it or joined by 、/和/及/与, whether that one is a MEASURE now) and
    whether a value of the rules ends at most 6 characters before it in its clause (140项全国“跨省通办”)."""

    anchor: tuple[int, int]
    span: int | None
    current: int | None
    ends: list[int]
    chain: str
    counted: bool


@dataclass
class MeasureRanker:
    """Feature weights of the options of an anchor, how far an end may go, and the margin by which a
    learned decision must beat the current one to replace it."""

    weights: dict[str, float] = field(default_factory=dict)
    extend: int = 12
    margin: float = 2.0
    metadata: dict = field(default_factory=dict)

    # --- options and features (shared by training and inference) ---------------------------

    def ends(self, view: str, anchor: tuple[int, int], occupied, current: int | None) -> list[int]:
        """The ends a MEASURE at ``anchor`` may take: the closing mark's and up to ``extend`` after it,
        and the current span's end (``current``) wherever it is."""
        start, close = anchor
        out, p = [close], close
        while (
            p < len(view)
            and p - close < self.extend
            and view[p] not in STOPS
            and view[p] not in OPENING_MARKS
            and not view[p].isdigit()
            and p not in occupied
        ):
            p += 1
            out.append(p)
        out = [e for e in out if e == close or view[e - 1] not in NEVER_AT_EDGE]  # not 、/space at the end
        if current is not None and current not in out:
            out.append(current)
        return out

    def option_features(self, index: ViewIndex, option: Option) -> list[list[str]]:
        """Features of each option of an anchor: "no MEASURE" first, then each of its ends."""
        context = self._context(index, option)
        rows = [["none"] + [f"none|{c}" for c in context]]
        take = ["take"] + [f"take|{c}" for c in context]
        inside = moved_words(index, option.anchor[1], option.ends)
        rows += [take + self._end_features(index, option, p, inside[p]) for p in option.ends]
        return rows

    def option_scores(self, index: ViewIndex, option: Option) -> list[float]:
        """The scores of ``option_features``' rows (the sums of their weights), with the anchor's
        context scored once for all its ends."""
        w = self.weights
        context = self._context(index, option)
        none = w.get("none", 0.0) + sum(w.get(f"none|{c}", 0.0) for c in context)
        take = w.get("take", 0.0) + sum(w.get(f"take|{c}", 0.0) for c in context)
        inside = moved_words(index, option.anchor[1], option.ends)
        ends = [sum(w.get(f, 0.0) for f in self._end_features(index, option, p, inside[p])) for p in option.ends]
        return [none] + [take + e for e in ends]

    def _context(self, index: ViewIndex, option: Option) -> list[str]:
        """What every option of an anchor shares: the marks, the characters and lexicon words around
        them, the rules' decision, whether it follows another name (``chain``) and is counted."""
        view = index.view
        q0, q1 = option.anchor
        inner = view[q0 + 1 : q1 - 1]
        context = [
            f"kind={view[q0]}",
            f"qlen={min(len(inner), 12) // 2}",
            f"b-1={view[q0 - 1] if q0 else '^'}",
            f"b-2={view[max(0, q0 - 2) : q0]}",
            f"b-3={view[max(0, q0 - 3) : q0]}",
            f"a0={view[q1] if q1 < len(view) else '$'}",
            f"a01={view[q1 : q1 + 2]}",
            f"in0={inner[:1]}",
            f"in-1={inner[-1:]}",
            "rule_none" if option.current is None else "rule_tagged",
        ]
        if option.chain:
            context.append(f"chain={option.chain}")
        if option.counted:
            context.append("counted_before")
        if any(ch.isdigit() for ch in inner):
            context.append("in_digit")
        if any(ch in "，、,；" for ch in inner):
            context.append("in_punct")
        context += [f"before:{n}" for n in index.ending(q0)]
        context += [f"near_before:{n}" for k in range(1, 5) if q0 - k > 0 for n in index.ending(q0 - k)]
        context += [f"after:{n}" for n in index.starting(q1)]
        context += [f"inner_end:{n}" for n in index.ending(q1 - 1)]
        return context

    def _end_features(self, index: ViewIndex, option: Option, p: int, inside: list[str]) -> list[str]:
        """What a MEASURE ending at ``p`` adds: the tail after the closing mark (``inside``: the lists
        with a word wholly in it) and the end's neighbours."""
        view = index.view
        q1 = option.anchor[1]
        tail = view[q1:p]
        f = [
            f"tail={min(len(tail), 8)}",
            f"e-1={view[p - 1]}",
            f"e0={view[p] if p < len(view) else '$'}",
            f"e-2-1={view[max(0, p - 2) : p]}",
            f"e01={view[p : p + 2]}",
        ]
        if tail:
            f += [f"tail_end:{n}" for n in index.ending(p)]
            f += [f"tail_has:{n}" for n in inside]
            if "的" in tail:
                f.append("tail_de")
        f += [f"next:{n}" for n in index.starting(p)]
        if p < len(view) and view[p].isdigit():
            f.append("counted_after")  # 发出《…建议书》2份: a counted document is a METRIC
        if p == option.current:
            f.append("rule_pick")
        return f

    def index(self, view: str, lex: Lexicons | None = None) -> ViewIndex:
        """The lexicon words of ``view`` (this ranker's lists), each looked up once."""
        return ViewIndex(view, lexicon_words(lex or load()), None)  # type: ignore[arg-type]

    def options(self, view: str, spans: Iterable[Span], live: Spans | None = None) -> Iterator[Option]:
        """The anchors of ``view`` that may be decided, in text order, against ``spans`` (or ``live``:
        spans that the caller changes between anchors, as ``decide`` does). An anchor inside another
        span, or whose span is not a MEASURE starting at its mark, is left as it is."""
        state = live if live is not None else Spans(spans)
        quantity_ends = sorted(s.end for s in state.by_start.values() if s.label == "QUANTITY")
        previous = None
        for anchor in anchors(view):
            q0 = anchor[0]
            chain = ""
            if previous is not None and view[previous[1] : q0] in ("", "、", "和", "及", "与"):
                before = state.by_start.get(previous[0])
                chain = "measure" if before is not None and before.label == "MEASURE" else "other"
            previous = anchor
            own = state.owner.get(q0)
            if own is not None and (own != q0 or state.by_start[own].label != "MEASURE"):
                continue
            if any(state.owner.get(c, own) != own for c in range(anchor[0], anchor[1])):
                continue  # another span inside the marks
            current = state.by_start[own].end if own is not None else None
            ends = self.ends(view, anchor, Others(state.owner, -1 if own is None else own), current)
            k = bisect_left(quantity_ends, q0 - 6)  # 140项全国“跨省通办”: a value counts the measure's items
            counted = any(
                not any(ch in STOPS for ch in view[e:q0]) for e in quantity_ends[k : bisect_right(quantity_ends, q0)]
            )
            yield Option(anchor, own, current, ends, chain, counted)

    # --- inference --------------------------------------------------------------------------

    def decide(
        self, view: str, spans: Iterable[Span], lex: Lexicons | None = None, fixed: Collection[Span] = ()
    ) -> list[Span]:
        """``spans`` with the MEASURE decision of every anchor replaced by the ranker's where it beats
        the current one by ``margin`` (never removing a counted MEASURE, never changing a span of
        ``fixed``). Anchors are decided in text order against the spans as they stand, so spans stay
        disjoint; one pass, linear in the anchors.
        (Training sees each anchor against the rules' spans; here an anchor after a changed one sees the
        change, e.g. in ``chain``. The cross-validation that chose the margin scores this procedure.)"""
        spans = list(spans)
        if not spans or not any(ch in view for ch in "“《「"):
            return sorted(spans)
        index = self.index(view, lex)
        state = Spans(spans)
        fixed = frozenset(fixed)
        for option in self.options(view, spans, state):
            if option.span is not None and state.by_start[option.span] in fixed:
                continue
            scores = self.option_scores(index, option)
            current = 0 if option.current is None else 1 + option.ends.index(option.current)
            best = max(range(len(scores)), key=lambda k: (scores[k], k == current, -k))
            if best == current or scores[best] - scores[current] < self.margin:
                continue
            if best == 0 and option.counted:
                continue  # a MEASURE a value counts is the metric of a record: it stays
            if option.span is not None:
                state.remove(option.span)
            if best:
                start, end = option.anchor[0], option.ends[best - 1]
                state.add(Span(start, end, "MEASURE", view[start:end]))
        return sorted(state.by_start.values())

    # --- files ------------------------------------------------------------------------------

    def save(self, folder: str | Path) -> Path:
        """Write ``measures.json`` atomically (weights rounded, zeros dropped)."""
        body = {
            "format": FORMAT,
            "extend": self.extend,
            "margin": self.margin,
            "weights": rounded(self.weights),
            "metadata": self.metadata,
        }
        return write_json(Path(folder) / FILE, body)

    @classmethod
    def load(cls, path: str | Path) -> MeasureRanker:
        """Read a ``measures.json``; a malformed file is a ``ValueError`` naming it."""

        def parse(body: dict) -> MeasureRanker:
            extend, margin = body["extend"], body["margin"]
            if type(extend) is not int or extend < 0:
                raise ValueError(f"extend must be a whole number of characters >= 0, not {extend!r}")
            numbers = [margin, *body["weights"].values()]
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in numbers):
                raise ValueError("a weight or margin that is not a number")
            margin = float(margin)
            weights = {str(f): float(v) for f, v in body["weights"].items()}
            if not all(math.isfinite(v) for v in [margin, *weights.values()]) or margin < 0:
                raise ValueError("a weight or margin that is not a finite number (margin >= 0)")
            metadata = body.get("metadata", {})
            if not isinstance(metadata, dict):
                raise ValueError(f"metadata must be an object, not {type(metadata).__name__}")
            return cls(weights, extend, margin, metadata)

        return read_ranker(Path(path), FORMAT, "MEASURE ranker", parse)


@lru_cache(maxsize=4)
def lexicon_words(lex: Lexicons) -> dict[str, tuple[str, ...]]:
    """Every word of ``WORD_LISTS`` with the names of the lists it is in."""
    words: dict[str, list[str]] = {}
    for name in WORD_LISTS:
        for word in getattr(lex, name).words:
            words.setdefault(word, []).append(name)
    return {word: tuple(names) for word, names in words.items()}
