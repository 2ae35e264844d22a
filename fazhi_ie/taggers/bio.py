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


def viterbi_batch(rows: Sequence[np.ndarray], labels: Sequence[str] = BIO_LABELS) -> list[np.ndarray]:
    """``viterbi_indices`` of many sequences at once: one pass over time for the whole batch.

    Sequences whose argmax path is valid keep it; the others are padded to one length and decoded
    together (past its end a sequence's scores stay as they were), then each is traced back from its
    own last step. The result is the same as decoding each sequence alone.
    """
    import numpy as np

    out: list[np.ndarray | None] = []
    todo = []
    for i, lp in enumerate(rows):
        best = lp.argmax(axis=1) if len(lp) else np.zeros(0, dtype=np.int64)
        if len(lp) == 0 or _valid_indices(best, labels):  # a valid argmax path is the optimum
            out.append(best)
        else:
            out.append(None)
            todo.append(i)
    if not todo:
        return out  # type: ignore[return-value]
    start, trans = _allowed_transitions(tuple(labels))
    lengths = np.array([len(rows[i]) for i in todo])
    n, k = int(lengths.max()), len(labels)
    lp = np.zeros((len(todo), n, k))
    for j, i in enumerate(todo):
        lp[j, : lengths[j]] = rows[i]
    score = start + lp[:, 0]
    back = np.zeros((len(todo), n, k), dtype=np.int64)
    ks = np.arange(k)
    for t in range(1, n):
        cand = score[:, :, None] + trans  # (batch, from, to)
        back[:, t] = cand.argmax(axis=1)
        step = np.take_along_axis(cand, back[:, t][:, None, :], axis=1)[:, 0] + lp[:, t]
        alive = (t < lengths)[:, None]
        score = np.where(alive, step, score)
        back[:, t] = np.where(alive, back[:, t], ks)
    for j, i in enumerate(todo):
        path = [int(score[j].argmax())]
        for t in range(lengths[j] - 1, 0, -1):
            path.append(int(back[j, t, path[-1]]))
        out[i] = np.array(path[::-1], dtype=np.int64)
    return out  # type: ignore[return-value]


def _valid_indices(tags: np.ndarray, labels: Sequence[str]) -> bool:
    """``is_valid_bio`` on label indices, without a loop over the tags."""
    inside, kind = _label_kinds(tuple(labels))
    if inside[tags[0]]:
        return False
    cur, prev = tags[1:], tags[:-1]
    return not bool((inside[cur] & (kind[prev] != kind[cur])).any())


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
