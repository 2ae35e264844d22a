"""Scores: strict span P/R/F1 per label and micro, and record P/R/F1.

A span counts only when start, end and label all match. A record counts when its
(metric, value, unit) triple matches a gold one (value compared to 1e-6, units after Unicode
NFKC normalisation as ANNOTATION.md says: ％ is %; multiset semantics).
``tests/test_scoring.py`` cross-checks the span scores against seqeval.
"""

from __future__ import annotations

import inspect
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..types import LABELS


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: Iterable, pred: Iterable) -> None:
        g, p = Counter(gold), Counter(pred)
        tp = sum((g & p).values())
        self.tp += tp
        self.fp += sum(p.values()) - tp
        self.fn += sum(g.values()) - tp

    def to_dict(self) -> dict:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Scores:
    labels: dict[str, PRF] = field(default_factory=lambda: {lab: PRF() for lab in LABELS})
    micro: PRF = field(default_factory=PRF)
    records: PRF = field(default_factory=PRF)
    n_examples: int = 0

    def add(self, gold_spans, pred_spans, gold_records=(), pred_records=()) -> None:
        """Add one example: spans as (start, end, label) and records as (metric, value, unit)."""
        gold_spans = [tuple(s)[:3] for s in gold_spans]
        pred_spans = [tuple(s)[:3] for s in pred_spans]
        for lab, prf in self.labels.items():
            prf.add([s for s in gold_spans if s[2] == lab], [s for s in pred_spans if s[2] == lab])
        self.micro.add(gold_spans, pred_spans)
        self.records.add([record_key(r) for r in gold_records], [record_key(r) for r in pred_records])
        self.n_examples += 1

    def to_dict(self) -> dict:
        return {
            "labels": {k: v.to_dict() for k, v in self.labels.items()},
            "micro": self.micro.to_dict(),
            "records": self.records.to_dict(),
            "n_examples": self.n_examples,
        }

    def table(self, title: str = "") -> str:
        """A Markdown table of the scores."""
        lines = [
            f"### {title}" if title else "",
            "| label | precision | recall | F1 | tp | fp | fn |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        rows = list(self.labels.items()) + [("micro", self.micro), ("records", self.records)]
        for name, s in rows:
            lines.append(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.tp} | {s.fp} | {s.fn} |")
        return "\n".join(line for line in lines if line is not None).strip()


def record_key(r) -> tuple:
    """(metric, value, unit) with the value rounded so float noise does not count and the unit
    NFKC-normalised (the gold keeps the unit as written, 20.5％; the linker reads 20.5%)."""
    metric, value, unit = (r.metric, r.value, r.unit) if hasattr(r, "metric") else tuple(r)[:3]
    if isinstance(unit, str):
        unit = unicodedata.normalize("NFKC", unit)
    if isinstance(value, (int, float)) and math.isfinite(value):
        value = round(float(value), 6)
    return (metric, value, unit)


def document_places(examples: Iterable) -> dict[str, tuple[str, ...]]:
    """How each document of ``examples`` names its own place (``Report.own_places``), read from its
    paragraphs in line order as ``read_report`` reads a whole report (its title, its issuer): empty
    where they do not say (a sample of paragraphs without the title) or the example has no ``doc``."""
    from ..document import parse_report

    paragraphs: dict[str, list] = {}
    for ex in examples:
        if ex.doc:
            paragraphs.setdefault(ex.doc, []).append(ex)
    return {
        doc: parse_report("\n".join(ex.text for ex in sorted(exs, key=lambda ex: ex.id))).own_places
        for doc, exs in paragraphs.items()
    }


def extract_examples(extractor, examples: Iterable, documents: bool = True, places: dict | None = None) -> list:
    """The extractor's results for gold ``examples``, in order. With ``documents``, each paragraph is
    read as the main job (``Extractor.extract_report``) reads it: knowing how its report names its own
    place (``places``: ``document_places`` of the examples, when the caller has them already); else
    paragraph by paragraph, knowing nothing of the report."""
    examples = list(examples)
    if not documents or not _takes_own_places(extractor):
        return list(extractor.extract_many(ex.text for ex in examples))
    if places is None:
        places = document_places(examples)
    by_place: dict[tuple[str, ...], list[int]] = {}
    for i, ex in enumerate(examples):
        by_place.setdefault(places.get(ex.doc, ()), []).append(i)
    results: list = [None] * len(examples)
    for own, indices in by_place.items():
        for i, res in zip(indices, extractor.extract_many((examples[i].text for i in indices), own_places=own)):
            results[i] = res
    return results


def _takes_own_places(extractor) -> bool:
    """Does ``extractor.extract_many`` take ``own_places`` (any object with ``extract_many`` scores)?"""
    try:
        return "own_places" in inspect.signature(extractor.extract_many).parameters
    except (TypeError, ValueError):
        return False


def evaluate(extractor, examples, documents: bool = True, places: dict | None = None) -> Scores:
    """Score ``extractor`` on gold ``examples``, paragraph by paragraph (knowing each paragraph's
    report, see ``extract_examples``)."""
    scores = Scores()
    examples = list(examples)
    for ex, res in zip(examples, extract_examples(extractor, examples, documents, places)):
        scores.add(
            [(s.start, s.end, s.label) for s in ex.spans],
            [(s.start, s.end, s.label) for s in res.spans],
            ex.records,
            res.records,
        )
    return scores
