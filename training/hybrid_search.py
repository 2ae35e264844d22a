"""Choose the hybrid merge on dev: score candidate span priorities of model and rules.

    python -m training.hybrid_search models/fazhi-ie-char-small --dev corpora/gold/001*.jsonl ...

Each candidate is a priority list for ``fazhi_ie.model.merge_spans``; the model (fed the
rules' tags when it was trained with them) and the rules run once, only the merge is repeated. The best list goes into ``HYBRID_PRIORITY``.
"""
from __future__ import annotations

import argparse

from fazhi_ie import Extractor
from fazhi_ie.corpus import read_jsonl
from fazhi_ie.model import ModelTagger, merge_spans
from fazhi_ie.paragraphs import split_paragraphs
from fazhi_ie.rules import RuleTagger
from fazhi_ie.scoring import evaluate
from fazhi_ie.text import matching_view

R, M = "rules:", "model:"
CANDIDATES = {
    "rules only": [R + x for x in ("MEASURE", "QUANTITY", "UNIT", "METRIC")],
    "model only": [M + x for x in ("MEASURE", "QUANTITY", "UNIT", "METRIC")],
    "rules, model METRIC first": [R + "MEASURE", R + "QUANTITY", R + "UNIT", M + "METRIC", R + "METRIC"],
    "rules, model MEASURE+METRIC first": [M + "MEASURE", R + "MEASURE", R + "QUANTITY", R + "UNIT", M + "METRIC", R + "METRIC"],
    "rules then model gaps": [R + x for x in ("MEASURE", "QUANTITY", "UNIT", "METRIC")] + [M + x for x in ("MEASURE", "QUANTITY", "UNIT", "METRIC")],
    "rules then model METRIC gaps": [R + x for x in ("MEASURE", "QUANTITY", "UNIT", "METRIC")] + [M + "METRIC"],
    "rules then model MEASURE/METRIC gaps": [R + x for x in ("MEASURE", "QUANTITY", "UNIT", "METRIC")] + [M + "MEASURE", M + "METRIC"],
    **{f"rules then model gaps >{t}": [R + x for x in ("MEASURE", "QUANTITY", "UNIT", "METRIC")]
       + [f"{M}{x}>{t}" for x in ("MEASURE", "QUANTITY", "UNIT", "METRIC")] for t in (0.5, 0.7, 0.9, 0.95, 0.98)},
    **{f"rules, model METRIC >{t} first": [R + "MEASURE", R + "QUANTITY", R + "UNIT", f"{M}METRIC>{t}", R + "METRIC"]
       for t in (0.7, 0.9)},
    **{f"rules then model METRIC gaps >{t}": [R + x for x in ("MEASURE", "QUANTITY", "UNIT", "METRIC")]
       + [f"{M}METRIC>{t}"] for t in (0.5, 0.7, 0.9)},
    **{f"rules then model Q/U/METRIC gaps >{t}": [R + x for x in ("MEASURE", "QUANTITY", "UNIT", "METRIC")]
       + [f"{M}{x}>{t}" for x in ("QUANTITY", "UNIT", "METRIC")] for t in (0.5, 0.7, 0.9)},
    "model then rules gaps": [M + x for x in ("MEASURE", "QUANTITY", "UNIT", "METRIC")] + [R + x for x in ("MEASURE", "QUANTITY", "UNIT", "METRIC")],
}


class _Fixed:
    """A tagger that replays precomputed spans (so each merge is scored without rerunning)."""

    name = "fixed"

    def __init__(self, spans_by_view):
        self.spans_by_view = spans_by_view

    def tag_batch(self, views):
        return [self.spans_by_view[v] for v in views]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("model")
    ap.add_argument("--dev", nargs="+", required=True)
    ap.add_argument("--quantize", action="store_true")
    args = ap.parse_args(argv)
    dev = list(read_jsonl(args.dev))
    extractor = Extractor(backend="rules")
    views = []
    for ex in dev:
        view = matching_view(ex.text)
        views.extend(view[s:e] for s, e in split_paragraphs(view))
    rules = RuleTagger()
    rule_spans = [rules.tag(v) for v in views]
    model_spans = ModelTagger(args.model, quantize=args.quantize).tag_batch_scored(views, rule_spans)
    sources = {v: {"rules": r, "model": m} for v, r, m in zip(views, rule_spans, model_spans)}
    for name, priority in CANDIDATES.items():
        extractor.tagger = _Fixed({v: merge_spans(src, priority) for v, src in sources.items()})
        s = evaluate(extractor, dev)
        print(f"{name:40s} micro={s.micro.f1:.3f} records={s.records.f1:.3f} "
              + " ".join(f"{k}={v.f1:.3f}" for k, v in s.labels.items()))


if __name__ == "__main__":
    main()
