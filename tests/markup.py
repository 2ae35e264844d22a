"""Expected spans written inline: ``办理[行政复议案件|MET][78|Q][件|U]`` -> text and (start, end, label).

Tests read like the sentences they check, and the offsets are still exact. The markup is the
annotation tooling's (``training/annotation.py``), so tests and annotators write the same thing.
"""

from __future__ import annotations

from training.annotation import LABEL_CODES
from training.annotation import parse_markup as _parse

__all__ = ["LABEL_CODES", "parse_markup", "quantity_units", "record_keys", "triples"]


def parse_markup(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The plain text of ``marked`` and its spans as sorted (start, end, label)."""
    plain, spans = _parse(marked)
    if "[" in plain or "|" in plain:
        raise ValueError(f"unbalanced markup in {marked!r}")
    return plain, spans


def triples(result) -> list[tuple[int, int, str]]:
    """(start, end, label) of every span of an extraction, sorted."""
    return [(s.start, s.end, s.label) for s in result.spans]


def record_keys(result) -> list[tuple]:
    """(metric, value, unit) of every record of an extraction, in text order."""
    return [(r.metric, r.value, r.unit) for r in result.records]


def quantity_units(spans, text: str) -> list[tuple[str, str | None]]:
    """Each QUANTITY's text with the UNIT that starts right after it (spaces skipped), or None."""
    units = {s.start: s.text for s in spans if s.label == "UNIT"}
    found = []
    for s in spans:
        if s.label == "QUANTITY":
            gap = s.end
            while gap < len(text) and text[gap] == " ":
                gap += 1
            found.append((s.text, units.get(gap)))
    return found
