"""Train the METRIC boundary ranker (``fazhi_ie.taggers.boundaries``) and store it in a model folder.

    python -m training.train_boundaries \
        --train corpora/gold:train ../shared/corpora/gold_external:train corpora/campaign \
        --dev ../shared/corpora/gold_external:dev corpora/gold:dev \
        --model models/fazhi-ie-char-small

The rules tag every gold paragraph; each rule METRIC that overlaps exactly one gold METRIC is one
training example per side, its candidates those of the ranker and its answer the gold boundary
(skipped when the gold boundary is not a candidate). The weights maximise the conditional
likelihood of the answers (softmax over a span's candidates, L2 penalty) with AdaGrad; the weights
are the mean of ``--fits`` such fits, each in its own fixed order of the examples (one fit moves
with the order), so the same data give the same file. The folder's ``fazhi_ie.json`` then names the
file, so the hybrid applies it; METRIC F1 of the rules before and after the ranker on the dev
documents goes into its metadata and the log. Half a minute on two cores.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from fazhi_ie.document.paragraphs import split_paragraphs
from fazhi_ie.evaluation.corpus import Example
from fazhi_ie.lexicons import Lexicons, load
from fazhi_ie.taggers.boundaries import (
    DEFAULT_FEATURES,
    FEATURE_GROUPS,
    SIDES,
    BoundaryRanker,
    Others,
)
from fazhi_ie.taggers.config import InferenceConfig, read_training_metadata
from fazhi_ie.taggers.measure_ranker import MeasureRanker
from fazhi_ie.taggers.rules import RuleTagger
from fazhi_ie.text import matching_view
from fazhi_ie.types import Span

from . import parse_arguments
from .data import read_gold

log = logging.getLogger("fazhi_ie.training")


@dataclass
class RankerArguments:
    """Data, model folder and the optimisation of the boundary ranker."""

    train: list[str] = field(
        metadata={"help": "gold specs as in training.train (files, folders, DIR:SPLIT, campaign)", "nargs": "+"}
    )
    model: str = field(metadata={"help": "model folder that receives boundaries.json"})
    dev: list[str] = field(
        default_factory=list, metadata={"help": "dev gold specs, each scored before/after", "nargs": "*"}
    )
    features: list[str] = field(
        default_factory=lambda: list(DEFAULT_FEATURES),
        metadata={"help": f"feature groups, of {', '.join(FEATURE_GROUPS)}", "nargs": "+"},
    )
    l2: float = field(default=1e-2, metadata={"help": "L2 penalty per update"})
    epochs: int = 20
    lr: float = 0.1
    seed: int = 0
    fits: int = field(
        default=5, metadata={"help": "fits averaged, each in its own order of the examples (seed, seed + 1, ...)"}
    )


@dataclass(frozen=True)
class Paragraph:
    """A paragraph view with its gold spans and the rules' spans (offsets in the view)."""

    view: str
    gold: tuple[Span, ...]
    rules: tuple[Span, ...]


def paragraphs(examples: list[Example], rules: RuleTagger | None = None) -> list[Paragraph]:
    """Split gold examples into the paragraph views the hybrid sees and tag them with the rules."""
    rules = rules or RuleTagger()
    out: list[tuple[str, tuple[Span, ...]]] = []
    for ex in examples:
        view = matching_view(ex.text)
        for s, e in split_paragraphs(view):
            gold = tuple(
                Span(g.start - s, g.end - s, g.label, view[g.start : g.end]) for g in ex.spans if s <= g.start < e
            )
            out.append((view[s:e], gold))
    tagged = rules.tag_batch([v for v, _ in out])
    return [Paragraph(v, g, tuple(r)) for (v, g), r in zip(out, tagged)]


def training_examples(
    ranker: BoundaryRanker, paras: list[Paragraph], side: str, lex: Lexicons
) -> list[tuple[list[list[str]], int]]:
    """(features of each candidate, index of the gold one) for each rule span that overlaps exactly
    one gold span whose ``side`` boundary is a candidate."""
    out = []
    for para in paras:
        gold = [(g.start, g.end) for g in para.gold if g.label == ranker.label]
        spans = sorted(para.rules)
        index = ranker.index(para.view, lex)
        owner = {c: i for i, s in enumerate(spans) for c in range(s.start, s.end)}
        for i, span in enumerate(spans):
            if span.label != ranker.label:
                continue
            hits = [g for g in gold if g[0] < span.end and span.start < g[1]]
            if len(hits) != 1:
                continue
            others = Others(owner, i)
            positions, features = ranker.candidate_features(index, (span.start, span.end), side, others)
            answer = hits[0][0] if side == "start" else hits[0][1]
            if answer in positions:
                out.append((features, positions.index(answer)))
    return out


def fit(examples: list[tuple[list[list[str]], int]], args: RankerArguments) -> dict[str, float]:
    """Weights of a conditional logit over each example's candidates (AdaGrad, L2)."""
    index: dict[str, int] = {}
    encoded = [([np.array([index.setdefault(f, len(index)) for f in c]) for c in cands], y) for cands, y in examples]
    w = np.zeros(len(index))
    squared = np.full(len(index), 1e-8)
    order_rng = np.random.default_rng(args.seed)
    for _ in range(args.epochs):
        for j in order_rng.permutation(len(encoded)):
            cands, answer = encoded[j]
            scores = np.array([w[c].sum() for c in cands])
            p = np.exp(scores - scores.max())
            p /= p.sum()
            grad: dict[int, float] = {}
            for k, c in enumerate(cands):
                coef = p[k] - (k == answer)
                for f in c:
                    grad[f] = grad.get(f, 0.0) + coef
            for f, g in grad.items():
                g += args.l2 * w[f]
                squared[f] += g * g
                w[f] -= args.lr * g / math.sqrt(squared[f])
    names = sorted(index, key=index.get)
    return {name: float(w[index[name]]) for name in names}


def averaged_fit(examples: list[tuple[list[list[str]], int]], args: RankerArguments) -> dict[str, float]:
    """The mean weights of ``args.fits`` fits (``fit``), each visiting the examples in its own order.

    One stochastic fit depends on the order it sees the examples in: on external dev the METRIC F1 of
    single fits in three orders spread over 0.831-0.842, the mean of five over 0.837-0.840."""
    if args.fits < 1:
        raise ValueError(f"fits must be at least 1, not {args.fits}")
    fits = [fit(examples, replace(args, seed=args.seed + k)) for k in range(args.fits)]
    return {name: sum(w[name] for w in fits) / len(fits) for name in fits[0]}  # every fit has every feature


def label_f1(paras: list[Paragraph], label: str, apply: Callable[[str, tuple[Span, ...]], list[Span]] | None) -> float:
    """Strict F1 of the rules' ``label`` spans, changed by ``apply(view, spans)`` (a ranker) when given."""
    tp = fp = fn = 0
    for para in paras:
        spans = apply(para.view, para.rules) if apply else para.rules
        pred = {(s.start, s.end) for s in spans if s.label == label}
        gold = {(g.start, g.end) for g in para.gold if g.label == label}
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def metric_f1(paras: list[Paragraph], ranker: BoundaryRanker | None, lex: Lexicons) -> float:
    """Strict METRIC F1 of the rules' spans, refined by ``ranker`` when given."""
    return label_f1(paras, "METRIC", None if ranker is None else lambda view, spans: ranker.refine(view, spans, lex))


def compare_on_dev(
    specs: list[str], dev_sets: list[list[Example]] | None, label: str, apply: Callable
) -> dict[str, dict[str, float]]:
    """Per dev spec, F1 of the rules' ``label`` spans before and after ``apply`` (a ranker), logged.
    ``dev_sets``: the gold of ``specs`` when read already."""
    if dev_sets is None:
        dev_sets = [read_gold([spec]) for spec in specs]
    key = label.lower()
    scores = {}
    for spec, examples in zip(specs, dev_sets):
        dev = paragraphs(examples)
        before, after = label_f1(dev, label, None), label_f1(dev, label, apply)
        scores[spec] = {f"rules_{key}_f1": round(before, 4), f"ranked_{key}_f1": round(after, 4)}
        log.info("dev %s: %s F1 of the rules %.4f, with the ranker %.4f", spec, label, before, after)
    return scores


def store(ranker: BoundaryRanker | MeasureRanker, folder: Path, key: str, started: float) -> Path:
    """Write ``ranker``'s file into the model folder and name it in the folder's config under ``key``."""
    path = ranker.save(folder)
    config = replace(InferenceConfig.load(folder), **{key: path.name})
    config.save(folder, read_training_metadata(folder))
    log.info("wrote %s (%.0f s)", path, time.time() - started)
    return path


def train_ranker(
    args: RankerArguments, train_examples: list[Example] | None = None, dev_sets: list[list[Example]] | None = None
) -> BoundaryRanker:
    """Train, score on dev, write ``boundaries.json`` and name it in the folder's config.

    ``train_examples`` and ``dev_sets`` (one list per ``args.dev`` spec) are the gold of ``args.train``
    and ``args.dev`` when the caller has read it already (``training.train``)."""
    started = time.time()
    lex = load()
    ranker = BoundaryRanker(features=tuple(args.features))
    train = paragraphs(train_examples if train_examples is not None else read_gold(args.train))
    for side in SIDES:
        examples = training_examples(ranker, train, side, lex)
        log.info("%s boundaries: %d training spans", side, len(examples))
        ranker.weights[side] = averaged_fit(examples, args)
    scores = compare_on_dev(args.dev, dev_sets, "METRIC", lambda view, spans: ranker.refine(view, spans, lex))
    ranker.metadata = {"arguments": asdict(args), "dev": scores, "seconds": round(time.time() - started, 1)}
    store(ranker, Path(args.model), "boundaries", started)
    return ranker


def parse_args(argv: list[str] | None = None) -> RankerArguments:
    """``RankerArguments`` from the command line, parsed like transformers' examples."""
    return parse_arguments(RankerArguments, __doc__, argv)[0]


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    train_ranker(parse_args(argv))


if __name__ == "__main__":
    main()
