"""Choose the hybrid merge policy on dev: score candidate policies of model and rule spans.

    python -m training.hybrid_search models/fazhi-ie-char-small --dev corpora/gold/001*.jsonl ... [--write]

Each candidate is a list of ``MergeRule``s (``fazhi_ie.taggers.config``) for
``fazhi_ie.taggers.hybrid.merge_spans``; the model (fed the rules' tags when it was trained with
them) and the rules run once, only the merge is repeated. ``--write`` stores the best policy (by
micro-F1, then records F1) in the model folder's ``InferenceConfig``, where the hybrid reads it.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import replace

from fazhi_ie import Extractor
from fazhi_ie.document.paragraphs import split_paragraphs
from fazhi_ie.evaluation.corpus import read_jsonl
from fazhi_ie.evaluation.scoring import evaluate
from fazhi_ie.taggers.config import InferenceConfig, MergeRule
from fazhi_ie.taggers.hybrid import merge_spans
from fazhi_ie.taggers.model import ModelTagger
from fazhi_ie.taggers.rules import RuleTagger
from fazhi_ie.text import matching_view
from fazhi_ie.types import LABELS

log = logging.getLogger("fazhi_ie.training")


def _rules(source: str, labels=LABELS, floor: float = 0.0) -> list[MergeRule]:
    return [MergeRule(source, label, floor) for label in labels]


RULES_FIRST = _rules("rules", ("MEASURE", "QUANTITY", "UNIT", "METRIC"))
CANDIDATES = {
    "rules only": RULES_FIRST,
    "model only": _rules("model"),
    "rules, model METRIC first": RULES_FIRST[:3] + [MergeRule("model", "METRIC"), RULES_FIRST[3]],
    "rules then model gaps": RULES_FIRST + _rules("model"),
    "model then rules gaps": _rules("model") + RULES_FIRST,
    **{f"rules then model gaps >{t}": RULES_FIRST + _rules("model", floor=t) for t in (0.5, 0.7, 0.9, 0.95)},
    **{
        f"rules, model METRIC >{t} first": RULES_FIRST[:3] + [MergeRule("model", "METRIC", t), RULES_FIRST[3]]
        for t in (0.7, 0.9)
    },
    **{
        f"rules then model Q/U/METRIC gaps >{t}": RULES_FIRST + _rules("model", ("QUANTITY", "UNIT", "METRIC"), t)
        for t in (0.5, 0.7, 0.9)
    },
}


class _Fixed:
    """A tagger that replays precomputed spans (so each merge is scored without rerunning)."""

    name = "fixed"

    def __init__(self, spans_by_view):
        self.spans_by_view = spans_by_view

    def tag_batch(self, views):
        return [self.spans_by_view[v] for v in views]


def main(argv=None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--dev", nargs="+", required=True)
    ap.add_argument("--quantize", action="store_true")
    ap.add_argument("--write", action="store_true", help="store the best policy in the model's fazhi_ie.json")
    args = ap.parse_args(argv)
    dev = list(read_jsonl(args.dev))
    extractor = Extractor(backend="rules")
    views = []
    for ex in dev:
        view = matching_view(ex.text)
        views.extend(view[s:e] for s, e in split_paragraphs(view))
    rule_spans = RuleTagger().tag_batch(views)
    model_spans = ModelTagger(args.model, quantize=args.quantize).tag_batch_scored(views, rule_spans)
    sources = {v: {"rules": r, "model": m} for v, r, m in zip(views, rule_spans, model_spans)}
    results = []
    for name, policy in CANDIDATES.items():
        extractor.tagger = _Fixed({v: merge_spans(src, policy) for v, src in sources.items()})
        s = evaluate(extractor, dev)
        results.append(((s.micro.f1, s.records.f1), name, policy))
        log.info(
            "%-40s micro=%.3f records=%.3f %s",
            name,
            s.micro.f1,
            s.records.f1,
            " ".join(f"{k}={v.f1:.3f}" for k, v in s.labels.items()),
        )
    _, best, policy = max(results, key=lambda r: r[0])
    log.info("best: %s", best)
    if args.write:
        config = InferenceConfig.load(args.model)
        path = replace(config, merge=tuple(policy)).save(args.model, training=_training(args.model))
        log.info("wrote the policy into %s", path)


def _training(folder) -> dict:
    from fazhi_ie.taggers.config import read_training_metadata

    return read_training_metadata(folder)


if __name__ == "__main__":
    main()
