"""Character BIO tags <-> spans, and constrained BIO decoding of per-token log-probabilities.

Shared by training (gold spans -> targets), the model tagger (log-probabilities -> spans) and
the rule features (rule spans -> token type ids). One tag per character: offsets stay exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ..types import BIO_LABELS, Span

if TYPE_CHECKING:  # numpy comes with the model extra; the rest of this module needs none
    import numpy as np


def spans_to_bio(text: str, spans: Iterable[Span]) -> list[str]:
    """One BIO tag per character of ``text``."""
    tags = ["O"] * len(text)
    for s in spans:
        tags[s.start] = f"B-{s.label}"
        for i in range(s.start + 1, s.end):
            tags[i] = f"I-{s.label}"
    return tags


def bio_to_spans(text: str, tags: Sequence[str], chars: Sequence[int] | None = None) -> list[Span]:
    """Spans from BIO tags; an ``I-`` without a ``B-`` starts a span (lenient decoding).

    ``chars`` maps each tag to its character of ``text`` (default: tag i is character i); a
    span ends at the character after its last tag, so characters without a tag (spaces the
    tokenizer dropped) inside a span stay inside it.
    """
    chars = range(len(tags)) if chars is None else chars
    spans, start, label, last = [], None, None, None
    for c, tag in zip(chars, tags):
        if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != label):
            spans.append(Span(start, last + 1, label, text[start : last + 1]))
            start = None
        if tag != "O" and start is None:
            start, label = c, tag[2:]
        last = c
    if start is not None:
        spans.append(Span(start, last + 1, label, text[start : last + 1]))
    return spans


def index_spans(indices: np.ndarray, labels: Sequence[str] = BIO_LABELS) -> list[tuple[int, int, str]]:
    """``bio_to_spans`` on label indices, as (first tag, last tag, label) with no loop over the tags.

    The same lenient reading: a tag continues the span before it only when it is ``I-`` of that
    span's label; any other tag but ``O`` starts one.
    """
    import numpy as np

    if len(indices) == 0:
        return []
    inside, kind = _label_kinds(tuple(labels))
    types = _label_types(tuple(labels))
    k, ins = kind[indices], inside[indices]
    continues = np.zeros(len(k), dtype=bool)
    continues[1:] = ins[1:] & (k[1:] == k[:-1])
    tagged = k != -1
    starts = np.flatnonzero(tagged & ~continues)
    ends_here = tagged.copy()
    ends_here[:-1] &= ~continues[1:]
    lasts = np.flatnonzero(ends_here)
    return [(int(s), int(e), types[k[s]]) for s, e in zip(starts, lasts)]


@lru_cache(maxsize=8)
def _allowed_transitions(labels: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np

    n = len(labels)
    start = np.array([0.0 if not lab.startswith("I-") else -np.inf for lab in labels])
    trans = np.zeros((n, n))
    for j, lab in enumerate(labels):
        if lab.startswith("I-"):
            for i, prev in enumerate(labels):
                if prev[2:] != lab[2:] or prev == "O":
                    trans[i, j] = -np.inf
    return start, trans


def is_valid_bio(tags: Sequence[str]) -> bool:
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            return False
        prev = tag
    return True


def viterbi_bio(log_probs: np.ndarray, labels: Sequence[str] = BIO_LABELS) -> list[str]:
    """The best tag sequence under BIO constraints (``I-X`` only after ``B-X``/``I-X``)."""
    return [labels[i] for i in viterbi_indices(log_probs, labels)]


def viterbi_indices(log_probs: np.ndarray, labels: Sequence[str] = BIO_LABELS) -> np.ndarray:
    """``viterbi_bio`` as label indices (an array of ints)."""
    return viterbi_batch([log_probs], labels)[0]


#: Characters on each side of a BIO violation that its first decoding window takes in (``viterbi_batch``).
WINDOW_MARGIN = 8


def viterbi_batch(rows: Sequence[np.ndarray], labels: Sequence[str] = BIO_LABELS) -> list[np.ndarray]:
    """``viterbi_indices`` of many sequences at once, exactly, decoding only where it matters.

    A sequence whose argmax path is valid keeps it (it is the optimum). In the others only windows
    around the violations are decoded, the argmax path kept elsewhere: the transitions cost nothing or
    are forbidden, and only an ``I-`` tag depends on the tag before it: each piece decoded with no
    constraint from its left scores at least what any valid path scores on it, so where the pieces
    join into a valid path (``_windows_path``) that path is the optimum. A window whose cut breaks
    the constraints doubles on that side and is decoded again. The windows of all sequences are
    decoded together in one pass over time, so the cost follows the windows' length, not that of the
    longest paragraph.
    """
    import numpy as np

    out: list[np.ndarray] = []
    todo: dict[int, list[tuple[int, int]]] = {}
    inside, kind = _label_kinds(tuple(labels))
    for i, lp in enumerate(rows):
        best = lp.argmax(axis=1) if len(lp) else np.zeros(0, dtype=np.int64)
        out.append(best)
        bad = _violations(best, labels)
        if len(bad):
            todo[i] = _merged([(int(v) - WINDOW_MARGIN, int(v) + WINDOW_MARGIN) for v in bad], len(lp))
    while todo:
        jobs = [(i, lo, hi) for i, windows in todo.items() for lo, hi in windows]
        paths = _viterbi_padded([rows[i][lo:hi] for i, lo, hi in jobs], [lo == 0 for _, lo, _ in jobs], labels)
        decoded: dict[int, list[np.ndarray]] = {}
        for (i, _, _), path in zip(jobs, paths):
            decoded.setdefault(i, []).append(path)
        again = {}
        for i, windows in todo.items():
            path, grown = _windows_path(out[i], windows, decoded[i], inside, kind)
            if grown is None:
                out[i] = path
            else:
                again[i] = _merged(grown, len(rows[i]))
        todo = again
    return out


def _windows_path(best, windows, paths, inside, kind) -> tuple[np.ndarray, list[tuple[int, int]] | None]:
    """The argmax path ``best`` with each window's decoded path in place, and ``None``; or, where a
    cut breaks the constraints (an ``I-X`` tag after it, not ``B-X``/``I-X`` before it), the windows
    grown on those sides. (Windows never touch, so the tag on the other side of a cut is ``best``'s.)"""
    path = best.copy()
    grown, failed = [], False
    for (lo, hi), piece in zip(windows, paths):
        path[lo:hi] = piece
        left = lo > 0 and inside[piece[0]] and kind[best[lo - 1]] != kind[piece[0]]
        right = hi < len(best) and inside[best[hi]] and kind[piece[-1]] != kind[best[hi]]
        failed |= left or right
        step = max(WINDOW_MARGIN, hi - lo)  # doubling: a long run takes few rounds, linear work in all
        grown.append((lo - step if left else lo, hi + step if right else hi))
    return (path, grown if failed else None)


def _merged(windows: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """Windows clipped to ``[0, n)``, overlapping or touching ones merged, in order."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted((max(0, lo), min(n, hi)) for lo, hi in windows):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _viterbi_padded(rows: Sequence[np.ndarray], at_start: Sequence[bool], labels: Sequence[str]) -> list[np.ndarray]:
    """The best constrained path of each sequence, all padded to one length and decoded together (past
    its end a sequence's scores stay as they were; each is traced back from its own last step). A
    sequence ``at_start`` may not begin with ``I-``; the others may (a window inside a paragraph)."""
    import numpy as np

    start, trans = _allowed_transitions(tuple(labels))
    lengths = np.array([len(r) for r in rows])
    n, k = int(lengths.max()), len(labels)
    lp = np.zeros((len(rows), n, k))
    for j, r in enumerate(rows):
        lp[j, : lengths[j]] = r
    score = np.where(np.asarray(at_start)[:, None], start, 0.0) + lp[:, 0]
    back = np.zeros((len(rows), n, k), dtype=np.int64)
    ks = np.arange(k)
    for t in range(1, n):
        cand = score[:, :, None] + trans  # (batch, from, to)
        back[:, t] = cand.argmax(axis=1)
        step = np.take_along_axis(cand, back[:, t][:, None, :], axis=1)[:, 0] + lp[:, t]
        alive = (t < lengths)[:, None]
        score = np.where(alive, step, score)
        back[:, t] = np.where(alive, back[:, t], ks)
    out = []
    for j in range(len(rows)):
        path = [int(score[j].argmax())]
        for t in range(lengths[j] - 1, 0, -1):
            path.append(int(back[j, t, path[-1]]))
        out.append(np.array(path[::-1], dtype=np.int64))
    return out


def _valid_indices(tags: np.ndarray, labels: Sequence[str]) -> bool:
    """``is_valid_bio`` on label indices, without a loop over the tags."""
    return not len(_violations(tags, labels))


def _violations(tags: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """The positions of the ``I-`` tags that continue no span of their type (the first tag's included)."""
    import numpy as np

    if not len(tags):
        return np.zeros(0, dtype=np.int64)
    inside, kind = _label_kinds(tuple(labels))
    return np.flatnonzero(inside[tags] & np.r_[True, kind[tags[:-1]] != kind[tags[1:]]])


@lru_cache(maxsize=8)
def _label_types(labels: tuple[str, ...]) -> list[str]:
    """The entity types of ``labels``, in the order ``_label_kinds`` numbers them."""
    return sorted({lab[2:] for lab in labels if lab != "O"})


@lru_cache(maxsize=8)
def _label_kinds(labels: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Per label: is it an ``I-`` tag, and the index of its entity type (-1 for ``O``)."""
    import numpy as np

    types = _label_types(labels)
    inside = np.array([lab.startswith("I-") for lab in labels])
    kind = np.array([types.index(lab[2:]) if lab != "O" else -1 for lab in labels])
    return inside, kind
