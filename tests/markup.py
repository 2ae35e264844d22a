"""Expected spans written inline: ``办理[行政复议案件|MET][78|Q][件|U]`` -> text and (start, end, label).

Tests read like the sentences they check, and the offsets are still exact.
"""
from __future__ import annotations

import re

LABEL_CODES = {"Q": "QUANTITY", "U": "UNIT", "MET": "METRIC", "MEA": "MEASURE"}
_MARK = re.compile(r"\[([^\[\]|]+)\|(Q|U|MET|MEA)\]")


def parse_markup(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The plain text of ``marked`` and its spans as sorted (start, end, label)."""
    text, spans, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        plain = marked[pos:m.start()]
        text.append(plain)
        length += len(plain)
        spans.append((length, length + len(m.group(1)), LABEL_CODES[m.group(2)]))
        text.append(m.group(1))
        length += len(m.group(1))
        pos = m.end()
    text.append(marked[pos:])
    plain = "".join(text)
    if "[" in plain or "|" in plain:
        raise ValueError(f"unbalanced markup in {marked!r}")
    return plain, spans


def triples(result) -> list[tuple[int, int, str]]:
    """(start, end, label) of every span of an extraction, sorted."""
    return [(s.start, s.end, s.label) for s in result.spans]


def record_keys(result) -> list[tuple]:
    """(metric, value, unit) of every record of an extraction, in text order."""
    return [(r.metric, r.value, r.unit) for r in result.records]
