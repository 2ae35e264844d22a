"""The ``hybrid`` backend (the default): model and rule spans merged by the model's merge policy.

The policy is the ``merge`` list of the model folder's ``InferenceConfig``: spans are taken rule by
rule in order (``MergeRule(source, label, min_confidence)``), and a span that overlaps one already
taken is dropped. Training chooses it on the dev documents and writes it into the folder; the
shipped one takes the rule spans the network does not reject, then the network's surest MEASURE
spans in the gaps (``model_worthy`` says which paragraphs the network reads); a rule UNIT goes with
the value the network rejects (``without_orphan_units``). When the folder names a
MEASURE ranker (``measures``), it then decides each quotation and title of the merged spans where it
beats the rules by its margin (``taggers/measure_ranker.py``); when it names a boundary ranker
(``boundaries``), the METRIC boundaries are then its choice (``taggers/boundaries.py``). Read in
its report (``TagContext``), a rule MEASURE that the reporting place decides (``place_decided``)
escapes the network's veto and the MEASURE ranker, which read a paragraph alone: with a policy that
merges the rules' MEASUREs first, as the shipped one does, it is kept.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Sequence
from pathlib import Path

from ..lexicons import Lexicons
from ..types import Span
from . import TagContext, register_tagger
from .config import MergeRule
from .measure_ranker import OPENING_MARKS
from .model import ModelTagger
from .rules import RuleTagger
from .rules.measures import names_own_place

ScoredSpans = list[tuple[Span, float]]
#: What may stand between a value and its unit (受理 12 件).
_SPACES = frozenset(" \u3000\t\xa0")
#: Rule labels that make a paragraph worth the model's time (see ``model_worthy``).
MODEL_WORTHY = ("QUANTITY", "MEASURE")


def takes_model_spans(policy: Sequence[MergeRule]) -> bool:
    """Whether ``policy`` takes spans of the model's own (then the network's tags must be decoded)."""
    return any(rule.source == "model" for rule in policy)


def model_worthy(
    views: Sequence[str], rule_spans: Sequence[Sequence[Span]], names: bool = True
) -> tuple[list[int], set[int]]:
    """(the indices of the paragraphs the model runs on, those of them where it may add only MEASUREs).

    The model reads the paragraphs where the rules found a value or a name, and, with ``names`` (a
    merge policy that takes the model's own spans), those with a quotation or title: a measure the
    rules miss is often named where no value is reported (打好“三大保卫战”). In the latter it adds
    only MEASUREs. Elsewhere it could add a METRIC or UNIT without a value, which no record uses and
    the gold never has."""
    needed, names_only = [], set()
    for i, (view, spans) in enumerate(zip(views, rule_spans)):
        if any(s.label in MODEL_WORTHY for s in spans):
            needed.append(i)
        elif names and any(mark in view for mark in OPENING_MARKS):
            needed.append(i)
            names_only.add(i)
    return needed, names_only


def model_sources(
    model: ModelTagger, views: Sequence[str], rule_spans: Sequence[Sequence[Span]], own_spans: bool
) -> dict[int, dict[str, ScoredSpans]]:
    """The merge sources of each paragraph the model reads (``model_worthy``), by index: the rule
    spans with the model's confidence in each, and the model's own spans (``own_spans``; only its
    MEASUREs where it reads a paragraph for its names). The hybrid and the merge search share them."""
    needed, names_only = model_worthy(views, rule_spans, names=own_spans)
    model_spans, scored_rules = model.tag_and_score(
        [views[i] for i in needed], [rule_spans[i] for i in needed], own_spans=own_spans
    )
    return {
        i: {"rules": r, "model": _measures(m) if i in names_only else m}
        for i, m, r in zip(needed, model_spans, scored_rules)
    }


def _measures(spans: ScoredSpans) -> ScoredSpans:
    return [(span, confidence) for span, confidence in spans if span.label == "MEASURE"]


def rule_sources(spans: Sequence[Span]) -> dict[str, ScoredSpans]:
    """The merge sources of a paragraph the model does not read: its rule spans, each of confidence 1."""
    return {"rules": [(s, 1.0) for s in spans], "model": []}


def place_decided(view: str, spans: Sequence[Span], own_places: tuple[str, ...], lex: Lexicons) -> frozenset[Span]:
    """The MEASURE spans of ``spans`` that are 《》 titles starting with the reporting place
    (《丰都…办法》 in 丰都县's report): the report's own documents (ANNOTATION.md). The network and the
    MEASURE ranker never learnt the reporting place (they read each paragraph alone), so they do not
    overrule these: on external dev their vetoes had removed 2 such titles that the gold takes and
    none that it leaves out; on the training documents of ``gold_external`` 2 that it leaves out
    (training/EXPERIMENTS.md)."""
    if not own_places:
        return frozenset()
    return frozenset(s for s in spans if s.label == "MEASURE" and names_own_place(view, s.start, own_places, lex))


def trusting(sources: dict[str, ScoredSpans], fixed: Collection[Span]) -> dict[str, ScoredSpans]:
    """``sources`` with the model's confidence in the rule spans of ``fixed`` set to 1 (no veto)."""
    if not fixed:
        return sources
    return {**sources, "rules": [(s, 1.0 if s in fixed else c) for s, c in sources["rules"]]}


def merged_and_decided(
    view: str,
    sources: dict[str, ScoredSpans],
    policy: Sequence[MergeRule],
    fixed: Collection[Span] = frozenset(),
    measures=None,
    ranker=None,
    lex: Lexicons | None = None,
) -> list[Span]:
    """The hybrid's spans of one paragraph: ``sources`` merged by ``policy`` (the spans of ``fixed``
    never vetoed), then the MEASURE ranker's decisions (never on ``fixed``) and the boundary ranker's
    METRIC boundaries, where given. The hybrid and the merge search share it."""
    spans = without_orphan_units(view, merge_spans(trusting(sources, fixed), policy), sources.get("rules", ()))
    if measures:
        spans = measures.decide(view, spans, lex, fixed)
    return ranker.refine(view, spans, lex) if ranker else spans


def without_orphan_units(view: str, spans: list[Span], rule_spans: Sequence[Span | tuple[Span, float]]) -> list[Span]:
    """``spans`` less each UNIT whose value the rules tagged right before it (spaces between them
    allowed, as the rules allow them: 受理 12 件) and the merge left out (近三|年来, 延长30|年试点:
    the network vetoes the QUANTITY, and a unit of no value is no UNIT)."""
    unit_starts = {}  # where the unit of each rule value would start -> that value's end
    for span, _ in map(_scored, rule_spans):
        if span.label == "QUANTITY":
            p = span.end
            while p < len(view) and view[p] in _SPACES:
                p += 1
            unit_starts[p] = span.end
    taken_values = {span.end for span in spans if span.label == "QUANTITY"}
    return [
        span
        for span in spans
        if span.label != "UNIT" or span.start not in unit_starts or unit_starts[span.start] in taken_values
    ]


def _scored(item: Span | tuple[Span, float]) -> tuple[Span, float]:
    """A source's item as (span, confidence): plain spans have confidence 1."""
    return item if isinstance(item, tuple) else (item, 1.0)


def merge_spans(sources: dict[str, list[Span] | ScoredSpans], policy: Sequence[MergeRule]) -> list[Span]:
    """Take spans source by source in ``policy`` order, skipping overlaps.

    A source gives spans, or (span, confidence) pairs; plain spans have confidence 1.
    """
    taken: list[Span] = []
    used: set[int] = set()
    for rule in policy:
        for item in sources.get(rule.source, []):
            span, confidence = _scored(item)
            if span.label != rule.label or confidence < rule.min_confidence:
                continue
            if any(i in used for i in range(span.start, span.end)):
                continue
            taken.append(span)
            used.update(range(span.start, span.end))
    return sorted(taken)


class HybridTagger:
    """Rule spans and model spans (the model fed the rules' tags) merged by a policy."""

    name = "hybrid"

    def __init__(
        self,
        model_tagger: ModelTagger,
        policy: Sequence[MergeRule] | None = None,
        rules: RuleTagger | None = None,
        boundaries: bool = True,
        measures: bool = True,
    ):
        """``boundaries``/``measures``: apply the model folder's METRIC boundary ranker
        (``model_tagger.ranker``) / MEASURE ranker (``model_tagger.measure_ranker``)."""
        self.model = model_tagger
        self.rules = rules or RuleTagger()
        self.policy = tuple(policy if policy is not None else model_tagger.config.merge)
        self.ranker = getattr(model_tagger, "ranker", None) if boundaries else None
        self.measures = getattr(model_tagger, "measure_ranker", None) if measures else None

    def tag_batch(self, views: list[str], context: TagContext | None = None) -> list[list[Span]]:
        """The model runs only on the paragraphs ``model_worthy`` names."""
        rule_spans = self.rules.tag_batch(views, context=context)
        places = context.own_places if context else ()
        fixed = [place_decided(view, spans, places, self.rules.lex) for view, spans in zip(views, rule_spans)]
        read = model_sources(self.model, views, rule_spans, takes_model_spans(self.policy))
        return [
            merged_and_decided(
                view,
                read.get(i) or rule_sources(spans),
                self.policy,
                fixed[i],
                self.measures,
                self.ranker,
                self.rules.lex,
            )
            for i, (view, spans) in enumerate(zip(views, rule_spans))
        ]


@register_tagger("hybrid")
def make_hybrid_tagger(
    model: str | Path | None = None,
    policy: Sequence[MergeRule] | None = None,
    boundaries: bool = True,
    measures: bool = True,
    **options,
) -> HybridTagger | RuleTagger:
    """The hybrid tagger; the rules alone, with a warning, when the model folder cannot be loaded.

    ``boundaries=False``/``measures=False`` leave out the folder's boundary/MEASURE ranker (for
    comparisons)."""
    if "rule_input" in options:  # not a model fault to fall back from: a wrong option
        raise ValueError(
            "rule_input is an option of the model backend; the hybrid always feeds the model its rule spans"
        )
    try:
        return HybridTagger(ModelTagger(model, boundaries=boundaries, measures=measures, **options), policy)
    except (OSError, ValueError, RuntimeError, ImportError) as exc:
        warnings.warn(f"model unavailable ({exc}); the hybrid backend falls back to the rules", stacklevel=3)
        return RuleTagger()
