"""Choose the hybrid merge policy on dev: score candidate policies of model and rule spans.

    python -m training.hybrid_search models/fazhi-ie-char-small --dev corpora/gold/001*.jsonl ... [--write]

Each candidate is a list of ``MergeRule``s (``fazhi_ie.taggers.config``) for
``fazhi_ie.taggers.hybrid.merge_spans``; the model (fed the rules' tags when it was trained with
them) and the rules run once, only the merge is repeated. Besides the named candidates, a
per-label search (``label_policy``) chooses for each label in turn, the others fixed, whether
the rules keep it, the model fills the rules' gaps, the model's spans above a confidence go first
(so the model decides boundaries where it is sure) or the model alone tags it; two passes over
the labels, starting from the best named candidate. The folder's METRIC boundary ranker, if any, is
applied after each merge, as the hybrid does, and the model runs where the hybrid runs it (paragraphs
where the rules found a value or a name, and for MEASUREs only those with a quotation or title).
``--write`` stores the best policy (by the sum of span micro-F1 and records F1, both goals) in the
model folder's ``InferenceConfig``, where the hybrid reads it. ``--no-model-spans`` tries only
policies that take no span of the model's own (the hybrid then never decodes the network's tags).
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import replace

from fazhi_ie import Extractor
from fazhi_ie.document.paragraphs import split_paragraphs
from fazhi_ie.evaluation.scoring import document_places, evaluate
from fazhi_ie.taggers import TagContext
from fazhi_ie.taggers.config import InferenceConfig, MergeRule
from fazhi_ie.taggers.hybrid import merged_and_decided, model_sources, place_decided, rule_sources, takes_model_spans
from fazhi_ie.taggers.model import ModelTagger
from fazhi_ie.taggers.rules import RuleTagger
from fazhi_ie.text import matching_view
from fazhi_ie.types import LABELS

from .data import read_gold

log = logging.getLogger("fazhi_ie.training")
#: What a label's model intervention must gain over the rules' spans, summed over the dev sets (micro
#: F1 + records F1 of each): about one span right in a thousand; less is not a reason to trust the
#: network more (a UNIT gap filled once on 1,340 external dev spans gains 0.00007).
MIN_GAIN = 0.001


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


#: Per label: (mode, floor on the model's spans, floor on the rule spans); see ``label_policy``.
RULE_FLOORS = (0.0, 0.3, 0.5, 0.7)
LABEL_MODES = (
    *(("rules", 0.0, r) for r in RULE_FLOORS),
    *(("gaps", t, r) for t in (0.5, 0.7, 0.9) for r in RULE_FLOORS),
    *(("first", t, r) for t in (0.5, 0.7, 0.9, 0.95) for r in RULE_FLOORS),
    ("model", 0.0, 0.0),
)
ORDER = ("MEASURE", "QUANTITY", "UNIT", "METRIC")


def label_policy(modes: dict[str, tuple[str, float, float]]) -> list[MergeRule]:
    """A merge policy from one (mode, model floor, rules floor) per label.

    ``rules``: rule spans only; ``gaps``: rule spans, then model spans in what is left; ``first``:
    model spans before the rule spans; ``model``: model spans only. The model floor applies to
    the model's spans, the rules floor to the rule spans (the model's confidence in them: a rule
    span the model rejects is dropped). Blocks in order: model first, rules, model gaps (labels
    in ``ORDER``).
    """
    first = [MergeRule("model", lab, modes[lab][1]) for lab in ORDER if modes[lab][0] in ("first", "model")]
    rules = [MergeRule("rules", lab, modes[lab][2]) for lab in ORDER if modes[lab][0] != "model"]
    gaps = [MergeRule("model", lab, modes[lab][1]) for lab in ORDER if modes[lab][0] == "gaps"]
    return first + rules + gaps


def modes_of(policy) -> dict[str, tuple[str, float, float]] | None:
    """The per-label modes of a policy that ``label_policy`` writes, else None."""
    policy = list(policy)
    modes = {}
    for lab in ORDER:
        model = [(i, r.min_confidence) for i, r in enumerate(policy) if r.label == lab and r.source == "model"]
        rules = [(i, r.min_confidence) for i, r in enumerate(policy) if r.label == lab and r.source == "rules"]
        if len(model) > 1 or len(rules) > 1 or not (model or rules):
            return None
        if not rules:
            modes[lab] = ("model", model[0][1], 0.0)
        elif not model:
            modes[lab] = ("rules", 0.0, rules[0][1])
        else:
            modes[lab] = ("first" if model[0][0] < rules[0][0] else "gaps", model[0][1], rules[0][1])
    return modes if label_policy(modes) == policy else None


class _Fixed:
    """A tagger that replays precomputed spans (so each merge is scored without rerunning), by the
    report's own places (``TagContext``; ``evaluate`` reads each paragraph in its report) and view."""

    name = "fixed"

    def __init__(self, spans_by_view):
        self.spans_by_view = spans_by_view

    def tag_batch(self, views, context: TagContext | None = None):
        places = context.own_places if context else ()
        return [self.spans_by_view[places, v] for v in views]


def search(
    model, dev: list, quantize: bool = False, model_spans: bool = True, dev_sets: list[list] | None = None
) -> tuple[str, list[MergeRule]]:
    """(name, policy) of the best merge policy of the model folder ``model`` on the ``dev`` examples.

    Without ``model_spans`` only policies that take no span of the model's own are tried (rule spans,
    each kept or dropped by the model's confidence in it): the hybrid then never decodes the model's
    tags. With ``dev_sets`` (the dev examples by set), what the best policy lets the model do with a
    label is kept only where it loses on none of the sets against the rules' spans of that label as
    they are, and gains at least ``MIN_GAIN`` over them all: an intervention that helps one set of
    documents and hurts another, or changes next to nothing, is not trusted.
    """
    extractor = Extractor(backend="rules")
    places = document_places(dev)  # the rules read each paragraph knowing its report, as evaluate does
    keys, rule_spans = [], []
    rules = RuleTagger()
    for ex in dev:
        own = places.get(ex.doc, ())
        view = matching_view(ex.text)
        paras = [view[s:e] for s, e in split_paragraphs(view)]
        keys.extend((own, p) for p in paras)
        rule_spans.extend(rules.tag_batch(paras, context=TagContext(own_places=own)))
    views = [v for _, v in keys]
    tagger = ModelTagger(model, quantize=quantize, measures=True)
    read = model_sources(tagger, views, rule_spans, model_spans)
    sources = {k: read.get(i) or rule_sources(r) for i, (k, r) in enumerate(zip(keys, rule_spans))}
    fixed = {k: place_decided(k[1], r, k[0], rules.lex) for k, r in zip(keys, rule_spans)}
    ranker, measures = tagger.ranker, tagger.measure_ranker  # applied after merging, as in the hybrid

    def merged(key, policy):
        return merged_and_decided(key[1], sources[key], policy, fixed[key], measures, ranker, rules.lex)

    def run(policy, examples):
        extractor.tagger = _Fixed({key: merged(key, policy) for key in sources})
        return evaluate(extractor, examples, places=places)

    results = []
    seen: dict[tuple, tuple] = {}

    def score(name, policy, quiet=False):
        key = tuple(policy)
        if key not in seen or not quiet:
            s = run(policy, dev)
            seen[key] = (s.micro.f1 + s.records.f1, s.micro.f1)
            if not quiet:
                log.info(
                    "%-44s micro=%.3f records=%.3f %s",
                    name,
                    s.micro.f1,
                    s.records.f1,
                    " ".join(f"{k}={v.f1:.3f}" for k, v in s.labels.items()),
                )
        results.append((seen[key], name, list(policy)))
        return seen[key]

    def allowed(policy) -> bool:
        return model_spans or not takes_model_spans(policy)

    for name, policy in CANDIDATES.items():
        if allowed(policy):
            score(name, policy)
    # per-label search from the best named candidate that label_policy can express
    start = max((r for r in results if modes_of(r[2]) is not None), key=lambda r: r[0])
    modes = modes_of(start[2])
    for _ in range(2):
        for lab in ORDER:
            trials = []
            for mode in LABEL_MODES:
                cand = {**modes, lab: mode}
                if not allowed(label_policy(cand)):
                    continue
                trials.append((score(f"per label {cand}", label_policy(cand), quiet=True), mode))
            modes = {**modes, lab: max(trials, key=lambda t: t[0])[1]}
    name = "per label: " + ", ".join(f"{lab} {m} {t}/{r}" for lab, (m, t, r) in modes.items())
    score(name, label_policy(modes))
    _, best, policy = max(results, key=lambda r: r[0])
    log.info("best: %s", best)
    modes = modes_of(policy)
    if dev_sets and len(dev_sets) > 1 and modes:

        def by_set(policy) -> list[float]:
            return [(s.micro.f1 + s.records.f1) for s in (run(policy, d) for d in dev_sets)]

        vetoed = False
        for lab in ORDER:
            plain = {**modes, lab: ("rules", 0.0, 0.0)}
            if modes[lab] == plain[lab]:
                continue
            ours, theirs = by_set(label_policy(modes)), by_set(label_policy(plain))
            if any(a < b for a, b in zip(ours, theirs)) or sum(ours) - sum(theirs) < MIN_GAIN:
                log.info(
                    "%s: %s loses on a dev set or gains under %s (%s against %s); the rules keep it",
                    lab,
                    modes[lab],
                    MIN_GAIN,
                    ours,
                    theirs,
                )
                modes, vetoed = plain, True
        if vetoed:
            policy = label_policy(modes)
            best = "per label, robust across dev sets: " + ", ".join(
                f"{lab} {m} {t}/{r}" for lab, (m, t, r) in modes.items()
            )
            score(best, policy)
            log.info("chosen: %s", best)
    return best, policy


def policy_metadata(name: str, policy) -> dict:
    """What the training metadata records of a chosen policy: its name, whether it takes model spans."""
    return {"merge_policy": name, "merge_takes_model_spans": takes_model_spans(policy)}


def write_policy(model, policy, name: str) -> None:
    """Store ``policy`` as the merge of the model folder's ``InferenceConfig`` (and ``policy_metadata``
    in its training metadata)."""
    config = InferenceConfig.load(model)
    training = {**_training(model), **policy_metadata(name, policy)}
    path = replace(config, merge=tuple(policy)).save(model, training=training)
    log.info("wrote the policy into %s", path)


def main(argv=None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--dev", nargs="+", required=True, help="dev gold (files, folders, DIR:SPLIT)")
    ap.add_argument("--quantize", action="store_true")
    ap.add_argument(
        "--model-spans",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also try policies that take the model's own spans (default; --no-model-spans: rule spans only)",
    )
    ap.add_argument("--write", action="store_true", help="store the best policy in the model's fazhi_ie.json")
    args = ap.parse_args(argv)
    dev_sets = [read_gold([spec]) for spec in args.dev]
    name, policy = search(args.model, [ex for d in dev_sets for ex in d], args.quantize, args.model_spans, dev_sets)
    if args.write:
        write_policy(args.model, policy, name)


def _training(folder) -> dict:
    from fazhi_ie.taggers.config import read_training_metadata

    return read_training_metadata(folder)


if __name__ == "__main__":
    main()
