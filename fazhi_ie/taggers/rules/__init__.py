"""The rule-based span tagger: MEASURE, then QUANTITY/UNIT, then METRIC.

Order matters: numerals inside a MEASURE are never QUANTITY, and a METRIC is only
looked for next to a QUANTITY. The lexicons live in ``fazhi_ie/lexicons``.
"""

from __future__ import annotations

import re

from ... import lexicons as lexicon
from ...types import Label, Span
from .. import TagContext, register_tagger
from .measures import find_measures
from .metrics import find_metrics, find_thresholds
from .quantities import find_quantities

_PAGE_NUMBER = re.compile(
    r"\s*(?:[-—–－_]+\s*\d{1,4}\s*[-—–－_]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*"
)


def is_page_number(view: str) -> bool:
    """A paragraph that is only a page number (— 12 —, 第3页 共10页, 3/12)."""
    return bool(_PAGE_NUMBER.fullmatch(view))


class RuleTagger:
    """Tags one paragraph (a view, see ``fazhi_ie.text.matching_view``) with the rules."""

    name = "rules"

    def __init__(self, lexicons: lexicon.Lexicons | None = None):
        self.lex = lexicons or lexicon.load()

    def tag(self, view: str, context: TagContext | None = None) -> list[Span]:
        """Spans of one paragraph; ``context`` tells the reporting place (its own 《》 documents)."""
        if not view.strip() or is_page_number(view):
            return []
        lex = self.lex
        measures = find_measures(view, lex, context.own_places if context else ())
        quantities, thresholds = find_thresholds(view, find_quantities(view, lex, blocked=measures), lex)
        occupied = list(measures)
        for q in quantities:
            occupied.append((q.start, q.end))
            if q.unit_start is not None:
                occupied.append((q.unit_start, q.unit_end))
        links = find_metrics(view, quantities, occupied, lex, measures, thresholds)
        spans = [Span(s, e, Label.MEASURE, view[s:e]) for s, e in measures]
        for q in quantities:
            spans.append(Span(q.start, q.end, Label.QUANTITY, view[q.start : q.end]))
            if q.unit_start is not None:
                spans.append(Span(q.unit_start, q.unit_end, Label.UNIT, view[q.unit_start : q.unit_end]))
        for link in links:
            spans.extend(Span(s, e, Label.METRIC, view[s:e]) for s, e in link.spans)
        return sorted(spans)

    def tag_batch(self, views: list[str], context: TagContext | None = None) -> list[list[Span]]:
        return [self.tag(v, context) for v in views]


@register_tagger("rules")
def make_rule_tagger(**_options: object) -> RuleTagger:
    """The rules take no options; ``model`` and friends are accepted so any backend takes the same call."""
    return RuleTagger()
