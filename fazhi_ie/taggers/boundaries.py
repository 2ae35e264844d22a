"""Learned METRIC boundaries: a linear ranker over start and end candidates around each METRIC span.

Most METRIC errors of the rules are boundaries of the right span, not spans in the wrong place
(有研发活动的|规模以上工业企业占比, 民生支出占一般公共预算支出比重|在, 法治建设|专题会议). Tagging
boundaries from scratch needs more gold than we have; choosing among a few candidates does not. For
each METRIC span the ranker scores every start from ``max_extend`` characters before the span's
start to ``max_shrink`` after it, and every end likewise, and keeps the best of each. A candidate
never crosses a clause stop, a digit or another span, so the spans stay disjoint.

The score of a candidate is the sum of the weights of its named features: the characters and the
lexicon words at the boundary (``position_features``), and what moving there adds or cuts
(``move_features``). The weights are learned on gold documents (conditional logit over the
candidates of a span, ``training/train_boundaries.py``) and saved as ``boundaries.json`` in the
model folder; the hybrid applies them after merging (``taggers/hybrid.py``). Only the rules and
this file are needed: no network runs for it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from ..lexicons import Lexicons, load
from ..types import LABELS, Span

FILE = "boundaries.json"
T = TypeVar("T")
FORMAT = 1
#: Characters a METRIC boundary never moves across (clause and sentence stops, line breaks).
STOPS = frozenset("，。；：！？,;:!?\n\r\t")
#: Characters a METRIC never begins or ends with (a list joiner, spaces), though it may contain them.
NEVER_AT_EDGE = frozenset("、 \u3000")
#: Lexicon word lists whose words ending or starting at a boundary are features.
WORD_LISTS = (
    "governing_verbs",
    "strong_verbs",
    "weak_verbs",
    "light_verbs",
    "scope",
    "adverbs",
    "links",
    "trailing_words",
    "phrase_stop_words",
    "change_verbs",
)
SIDES = ("start", "end")
#: Feature groups: characters at the boundary, character pairs across it, lexicon words ending or
#: starting there, the characters and the lexicon words a move adds or cuts. Length, distance and
#: 的 are always on.
FEATURE_GROUPS = ("chars", "pairs", "words", "moved_chars", "moved_words")
#: The groups that helped in 5-fold cross-validation by document on the training gold
#: (training/EXPERIMENTS.md): the moved characters did not.
DEFAULT_FEATURES = ("chars", "pairs", "words", "moved_words")


@dataclass(frozen=True)
class Window:
    """How far a boundary may move: outwards (``extend``) and inwards (``shrink``), in characters."""

    extend: int
    shrink: int


@dataclass
class BoundaryRanker:
    """Feature weights per side (``start``/``end``) and how far each side may move."""

    weights: dict[str, dict[str, float]] = field(default_factory=lambda: {side: {} for side in SIDES})
    windows: dict[str, Window] = field(
        default_factory=lambda: {"start": Window(extend=12, shrink=10), "end": Window(extend=8, shrink=10)}
    )
    label: str = "METRIC"
    features: tuple[str, ...] = DEFAULT_FEATURES
    metadata: dict = field(default_factory=dict)

    def __post_init__(self):
        unknown = sorted(set(self.features) - set(FEATURE_GROUPS))
        if unknown:
            raise ValueError(f"unknown feature groups {unknown}; known: {list(FEATURE_GROUPS)}")
        self.features = tuple(self.features)

    # --- candidates and features (shared by training and inference) ------------------------

    def candidates(self, view: str, span: tuple[int, int], side: str, occupied: Container[int]) -> list[int]:
        """Positions the ``side`` boundary of ``span`` may take, the span's own one included."""
        start, end = span
        window = self.windows[side]
        if side == "start":
            out, p = [start], start
            while p > 0 and start - p < window.extend and _free(view, p - 1, occupied):
                p -= 1
                out.append(p)
            out.extend(range(start + 1, min(end - 1, start + window.shrink) + 1))
            return sorted(q for q in out if q == start or view[q] not in NEVER_AT_EDGE)
        out, p = [end], end
        while p < len(view) and p - end < window.extend and _free(view, p, occupied):
            p += 1
            out.append(p)
        out.extend(range(max(start + 1, end - window.shrink), end))
        return sorted(q for q in out if q == end or view[q - 1] not in NEVER_AT_EDGE)

    def position_features(self, index: ViewIndex, p: int) -> list[str]:
        """The characters and lexicon words on both sides of position ``p``."""
        view = index.view
        before = view[p - 1] if p > 0 else "^"
        after = view[p : p + 2].ljust(2, "$")
        out = []
        if "chars" in self.features:
            out += [f"c-1={before}", f"c0={after[0]}"]
        if "pairs" in self.features:
            out += [f"c-1c0={before}{after[0]}", f"c-2c-1={view[max(0, p - 2) : p].rjust(2, '^')}", f"c0c1={after}"]
        if "words" in self.features:
            out += [f"ends:{name}" for name in index.ending(p)]
            out += [f"starts:{name}" for name in index.starting(p)]
        return out

    def move_features(
        self, index: ViewIndex, side: str, p: int, anchor: int, inside: list[str] | None = None
    ) -> list[str]:
        """What moving the boundary from ``anchor`` (the rules') to ``p`` adds to or cuts from the span:
        its length, its characters and the lexicon words that lie wholly inside it (``inside``: those
        words' lists when already known, see ``moved_words``)."""
        if p == anchor:
            return ["keep"]
        outward = p < anchor if side == "start" else p > anchor
        kind = "add" if outward else "cut"
        lo, hi = min(p, anchor), max(p, anchor)
        moved = index.view[lo:hi]
        out = [kind, f"d={p - anchor}", f"{kind}_len={min(len(moved), 6)}"]
        if "的" in moved:
            out.append(f"{kind}_de")
        if "moved_chars" in self.features:
            out.extend(f"{kind}={ch}" for ch in sorted(set(moved)))
        if "moved_words" in self.features:
            out.extend(f"{kind}:{name}" for name in (index.inside(lo, hi) if inside is None else inside))
        return out

    def candidate_features(
        self, index: ViewIndex, span: tuple[int, int], side: str, others: Container[int]
    ) -> tuple[list[int], list[list[str]]]:
        """The candidates of one side of ``span`` and the features of each."""
        anchor = span[0] if side == "start" else span[1]
        positions = self.candidates(index.view, span, side, others)
        moved = moved_words(index, anchor, positions)
        return positions, [index.position(p) + self.move_features(index, side, p, anchor, moved[p]) for p in positions]

    def index(self, view: str, lex: Lexicons | None = None) -> ViewIndex:
        """The lexicon words and position features of ``view`` for this ranker, each computed once."""
        return ViewIndex(view, lexicon_words(lex or load()), self)

    # --- inference --------------------------------------------------------------------------

    def choose(self, index: ViewIndex, span: tuple[int, int], side: str, others: Container[int]) -> int:
        """The highest-scoring candidate of one side of ``span``; of equal scores the one nearest the
        span's own boundary (then the earlier). The scores are those of ``candidate_features``, with
        the position part computed once per position."""
        anchor = span[0] if side == "start" else span[1]
        w = self.weights[side]
        best = None
        positions = self.candidates(index.view, span, side, others)
        moved = moved_words(index, anchor, positions)
        for p in positions:
            score = index.position_score(side, p) + sum(
                w.get(f, 0.0) for f in self.move_features(index, side, p, anchor, moved[p])
            )
            key = (-score, abs(p - anchor), p)
            if best is None or key < best:
                best = key
        return best[2]

    def refine(self, view: str, spans: Iterable[Span], lex: Lexicons | None = None) -> list[Span]:
        """``spans`` with each ``label`` span's boundaries replaced by the ranker's choice.

        Spans are refined in text order against the others as they stand, so a span never grows
        into another one; a choice that would leave the span empty keeps the span as it was. The
        spans may not overlap (no tagger's output does): overlapping ones are a ``ValueError``.
        """
        out = sorted(spans)
        if not any(s.label == self.label for s in out):
            return out
        for a, b in zip(out, out[1:]):
            if b.start < a.end:
                raise ValueError(f"overlapping spans {a} and {b}: the boundary ranker refines disjoint spans")
        index = self.index(view, lex)
        owner = {c: i for i, s in enumerate(out) for c in range(s.start, s.end)}
        for i, span in enumerate(out):
            if span.label != self.label:
                continue
            others = Others(owner, i)
            bounds = (span.start, span.end)
            start, end = self.choose(index, bounds, "start", others), self.choose(index, bounds, "end", others)
            if (start, end) != bounds and start < end:
                for c in range(span.start, span.end):
                    del owner[c]
                owner.update((c, i) for c in range(start, end))
                out[i] = Span(start, end, span.label, view[start:end])
        return sorted(out)

    # --- files ------------------------------------------------------------------------------

    def save(self, folder: str | Path) -> Path:
        """Write ``boundaries.json`` atomically (weights rounded, zeros dropped)."""
        body = {
            "format": FORMAT,
            "label": self.label,
            "features": list(self.features),
            "windows": {side: vars(w) for side, w in self.windows.items()},
            "weights": {side: rounded(ws) for side, ws in self.weights.items()},
            "metadata": self.metadata,
        }
        return write_json(Path(folder) / FILE, body)

    @classmethod
    def load(cls, path: str | Path) -> BoundaryRanker:
        """Read a ``boundaries.json``; a malformed file is a ``ValueError`` naming it."""

        def parse(body: dict) -> BoundaryRanker:
            windows = {side: Window(**body["windows"][side]) for side in SIDES}
            if not all(type(n) is int and n >= 0 for w in windows.values() for n in (w.extend, w.shrink)):
                raise ValueError(f"windows must be whole numbers of characters >= 0, not {body['windows']}")
            weights = {side: {str(f): float(v) for f, v in body["weights"][side].items()} for side in SIDES}
            if not all(math.isfinite(v) for ws in weights.values() for v in ws.values()):
                raise ValueError("a weight that is not a finite number")
            if body["label"] not in LABELS:
                raise ValueError(f"label {body['label']!r} is not one of {LABELS}")
            return cls(weights, windows, body["label"], tuple(body["features"]), dict(body.get("metadata", {})))

        return read_ranker(Path(path), FORMAT, "boundary ranker", parse)


def rounded(weights: dict[str, float]) -> dict[str, float]:
    """Weights rounded to 5 decimals, sorted by name, zeros dropped: a ranker file's form."""
    return {f: round(v, 5) for f, v in sorted(weights.items()) if round(v, 5) != 0}


def write_json(path: Path, body: dict) -> Path:
    """Write a ranker file atomically (under a temporary name, then renamed)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False, indent=0) + "\n", "utf-8")
    tmp.replace(path)
    return path


def read_ranker(path: Path, version: int, what: str, parse: Callable[[dict], T]) -> T:
    """``parse`` of the body of a ranker file of format ``version``; a file that is not JSON, of
    another format or malformed (``parse`` failing on a missing key or a wrong type or value) is a
    ``ValueError`` naming it as not a ``what`` file."""
    try:
        body = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a JSON file ({exc})") from None
    try:
        if body["format"] != version:
            raise ValueError(f"format {body['format']!r}, this version reads {version}")
        return parse(body)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ValueError(f"{path}: not a {what} file ({type(exc).__name__}: {exc})") from None


def moved_words(index: ViewIndex, anchor: int, positions: list[int]) -> dict[int, list[str]]:
    """``index.inside`` of the characters between ``anchor`` and each of ``positions``, in one sweep
    outwards on each side instead of one scan per position: a list has a word wholly inside when the
    nearest end (going right) or start (going left) of its words is within the range."""
    out: dict[int, list[str]] = {anchor: []}
    right = sorted(p for p in positions if p > anchor)
    earliest: dict[str, int] = {}
    i = anchor
    for p in right:
        while i < p:
            for name, n in index.starting(i).items():
                if name not in earliest or i + n < earliest[name]:
                    earliest[name] = i + n
            i += 1
        out[p] = sorted(name for name, end in earliest.items() if end <= p)
    found: set[str] = set()
    i = anchor
    for p in sorted((p for p in positions if p < anchor), reverse=True):
        while i > p:
            i -= 1
            found.update(name for name, n in index.starting(i).items() if i + n <= anchor)
        out[p] = sorted(found)
    return out


@lru_cache(maxsize=4)
def lexicon_words(lex: Lexicons) -> dict[str, tuple[str, ...]]:
    """Every word of ``WORD_LISTS`` with the names of the lists it is in (one lookup per substring)."""
    words: dict[str, list[str]] = {}
    for name in WORD_LISTS:
        for word in getattr(lex, name).words:
            words.setdefault(word, []).append(name)
    return {word: tuple(names) for word, names in words.items()}


class ViewIndex:
    """The lexicon words around positions of one view, and the position features and scores of
    ``ranker`` there, each computed once (``BoundaryRanker.index``)."""

    def __init__(self, view: str, words: dict[str, tuple[str, ...]], ranker: BoundaryRanker):
        self.view, self.words, self.ranker = view, words, ranker
        self.max_len = max(map(len, words), default=0)
        self._starting: dict[int, dict[str, int]] = {}
        self._ending: dict[int, tuple[str, ...]] = {}
        self._position: dict[int, list[str]] = {}
        self._score: dict[tuple[str, int], float] = {}

    def starting(self, p: int) -> dict[str, int]:
        """List name -> length of the shortest word of that list that starts at ``p``."""
        got = self._starting.get(p)
        if got is None:
            got = {}
            for n in range(min(self.max_len, len(self.view) - p), 0, -1):  # shorter words overwrite
                for name in self.words.get(self.view[p : p + n], ()):
                    got[name] = n
            self._starting[p] = got
        return got

    def ending(self, p: int) -> tuple[str, ...]:
        """Names of the lists with a word that ends at ``p``."""
        got = self._ending.get(p)
        if got is None:
            names = {
                name for n in range(1, min(self.max_len, p) + 1) for name in self.words.get(self.view[p - n : p], ())
            }
            got = self._ending[p] = tuple(sorted(names))
        return got

    def inside(self, lo: int, hi: int) -> list[str]:
        """Names of the lists with a word wholly inside ``[lo, hi)``."""
        names = {name for i in range(lo, hi) for name, n in self.starting(i).items() if i + n <= hi}
        return sorted(names)

    def position_score(self, side: str, p: int) -> float:
        got = self._score.get((side, p))
        if got is None:
            w = self.ranker.weights[side]
            got = self._score[side, p] = sum(w.get(f, 0.0) for f in self.position(p))
        return got

    def position(self, p: int) -> list[str]:
        got = self._position.get(p)
        if got is None:
            got = self._position[p] = self.ranker.position_features(self, p)
        return got


class Others:
    """The characters of the spans other than span ``me`` (``owner`` maps a character to its span)."""

    def __init__(self, owner: dict[int, int], me: int):
        self.owner, self.me = owner, me

    def __contains__(self, i: object) -> bool:
        return self.owner.get(i, self.me) != self.me  # type: ignore[call-overload]


def _free(view: str, i: int, occupied: Container[int]) -> bool:
    """May a boundary move across character ``i``?"""
    ch = view[i]
    return ch not in STOPS and not ch.isdigit() and i not in occupied
