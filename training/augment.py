"""Templated augmentation: gold paragraphs with their values and names swapped.

Each copy of a gold paragraph replaces some QUANTITY spans by freshly generated numbers
(Arabic, decimal, with 万/亿, with 余/多, Chinese numerals) and some UNIT and MEASURE
spans by others of the same label from the training pool. The sentence frame stays
real, so the model sees the same contexts with number shapes and names it has not seen.
METRIC spans are left alone: what counts as a metric depends on the words around it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator

from fazhi_ie.evaluation.corpus import Example
from fazhi_ie.types import Span

_CN_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1..9999 in Chinese numerals (三千零五十, 十二)."""
    units = ["", "十", "百", "千"]
    digits = [int(d) for d in str(n)]
    out, zero = [], False
    for i, d in enumerate(digits):
        place = len(digits) - 1 - i
        if d == 0:
            zero = True
            continue
        if zero and out:
            out.append("零")
        zero = False
        out.append(("" if d == 1 and place == 1 and not out else _CN_DIGITS[d]) + units[place])
    return "".join(out) or "零"


def random_quantity(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        q = str(rng.randint(1, 999))
    elif kind < 0.55:
        q = str(rng.randint(1000, 999999))
    elif kind < 0.7:
        q = f"{rng.uniform(0, 100):.{rng.randint(1, 2)}f}"
    elif kind < 0.82:
        q = f"{rng.choice([str(rng.randint(1, 999)), f'{rng.uniform(1, 99):.1f}'])}{rng.choice('万亿')}"
    elif kind < 0.92:
        q = _chinese_number(rng.randint(1, 9999))
    else:
        q = str(rng.randint(1, 9999))
    if rng.random() < 0.1:
        q += rng.choice(["余", "多"])
    return q


def augment(examples: Iterable[Example], copies: int = 2, p_replace: float = 0.5, seed: int = 13) -> Iterator[Example]:
    """``copies`` augmented versions of each example that has spans."""
    rng = random.Random(seed)
    examples = [ex for ex in examples if ex.spans]
    pool = {lab: sorted({s.text for ex in examples for s in ex.spans if s.label == lab}) for lab in ("UNIT", "MEASURE")}
    for ex in examples:
        for c in range(copies):
            parts, spans, pos, out_len = [], [], 0, 0
            for sp in ex.spans:
                parts.append(ex.text[pos : sp.start])
                out_len += sp.start - pos
                new = sp.text
                if rng.random() < p_replace:
                    if sp.label == "QUANTITY":
                        new = random_quantity(rng)
                    elif sp.label in pool and pool[sp.label]:
                        new = rng.choice(pool[sp.label])
                parts.append(new)
                spans.append(Span(out_len, out_len + len(new), sp.label, new))
                out_len += len(new)
                pos = sp.end
            parts.append(ex.text[pos:])
            yield Example(f"{ex.id}-aug{c}", ex.doc, "".join(parts), tuple(spans))
