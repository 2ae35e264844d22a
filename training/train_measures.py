"""Train the MEASURE ranker (``fazhi_ie.taggers.measure_ranker``) and store it in a model folder.

    python -m training.train_measures \
        --train corpora/gold:train ../shared/corpora/gold_external:train corpora/campaign \
        --dev ../shared/corpora/gold_external:dev corpora/gold:dev \
        --model models/fazhi-ie-char-small

The rules tag every gold paragraph; every quotation or title they leave decidable is one training
example: its options "no MEASURE" and each end, its answer what the gold has (skipped when the gold
end is not an option). The weights are those of a conditional logit, the mean of ``--fits`` fits
that see the examples in different orders (``train_boundaries.averaged_fit``: AdaGrad, L2, fixed
orders, so the same data give the same file; one fit's external dev MEASURE moved over 0.770-0.781
with the order alone). The margin by which a learned
decision must beat the rules' is chosen by 5-fold cross-validation by document on the training
gold unless given. MEASURE F1 before and after on the dev documents goes into the metadata and
the log. About a minute on two cores.
"""

from __future__ import annotations

import logging
import time
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fazhi_ie.evaluation.corpus import Example
from fazhi_ie.lexicons import Lexicons, load
from fazhi_ie.taggers.measure_ranker import MeasureRanker

from . import parse_arguments
from .data import read_gold
from .train_boundaries import Paragraph, averaged_fit, compare_on_dev, label_f1, paragraphs, store

log = logging.getLogger("fazhi_ie.training")


@dataclass
class MeasureArguments:
    """Data, model folder, the optimisation and the margin of the MEASURE ranker."""

    train: list[str] = field(
        metadata={"help": "gold specs as in training.train (files, folders, DIR:SPLIT, campaign)", "nargs": "+"}
    )
    model: str = field(metadata={"help": "model folder that receives measures.json"})
    dev: list[str] = field(
        default_factory=list, metadata={"help": "dev gold specs, each scored before/after", "nargs": "*"}
    )
    margin: float | None = field(
        default=None, metadata={"help": "score margin to overrule the rules; none: chosen by cross-validation"}
    )
    margins: list[float] = field(
        default_factory=lambda: [1.0, 1.5, 2.0, 3.0], metadata={"help": "margins tried by cross-validation"}
    )
    folds: int = 5
    extend: int = 12
    l2: float = field(default=1e-2, metadata={"help": "L2 penalty per update"})
    epochs: int = 20
    lr: float = 0.1
    seed: int = 0
    fits: int = field(
        default=5, metadata={"help": "fits averaged, each in its own order of the examples (seed, seed + 1, ...)"}
    )


def training_examples(
    ranker: MeasureRanker, paras: list[Paragraph], lex: Lexicons
) -> list[tuple[list[list[str]], int]]:
    """(features of each option, index of the gold one) for every decidable anchor of the rules' spans."""
    out = []
    for para in paras:
        gold = {g.start: g.end for g in para.gold if g.label == "MEASURE"}
        index = ranker.index(para.view, lex)
        for option in ranker.options(para.view, sorted(para.rules)):
            answer = gold.get(option.anchor[0])
            if answer is None:
                out.append((ranker.option_features(index, option), 0))
            elif answer in option.ends:
                out.append((ranker.option_features(index, option), 1 + option.ends.index(answer)))
    return out


def measure_f1(paras: list[Paragraph], ranker: MeasureRanker | None, lex: Lexicons) -> float:
    """Strict MEASURE F1 of the rules' spans, decided by ``ranker`` when given."""
    return label_f1(paras, "MEASURE", None if ranker is None else lambda view, spans: ranker.decide(view, spans, lex))


def fitted(paras: list[Paragraph], args: MeasureArguments, lex: Lexicons, margin: float) -> MeasureRanker:
    ranker = MeasureRanker(extend=args.extend, margin=margin)
    ranker.weights = averaged_fit(training_examples(ranker, paras, lex), args)
    return ranker


def choose_margin(examples: list[Example], args: MeasureArguments, lex: Lexicons) -> tuple[float, dict]:
    """The margin of ``args.margins`` with the best mean MEASURE F1 gain over the rules in
    ``args.folds``-fold cross-validation by document (ties: the larger margin, closer to the rules)."""
    by_fold: dict[int, list[Example]] = {}
    for ex in examples:
        by_fold.setdefault(zlib.crc32(ex.doc.encode()) % args.folds, []).append(ex)
    folds = [paragraphs(by_fold.get(k, [])) for k in range(args.folds)]
    gains = {m: [] for m in args.margins}
    for k, held_out in enumerate(folds):
        if not held_out:
            continue
        train = [p for j, ps in enumerate(folds) if j != k for p in ps]
        ranker = fitted(train, args, lex, 0.0)
        before = measure_f1(held_out, None, lex)
        for m in args.margins:
            ranker.margin = m
            gains[m].append(measure_f1(held_out, ranker, lex) - before)
    mean = {m: sum(g) / len(g) for m, g in gains.items() if g}
    best = max(mean, key=lambda m: (round(mean[m], 6), m))
    return best, {str(m): round(v, 4) for m, v in mean.items()}


def train_measure_ranker(
    args: MeasureArguments, train_examples: list[Example] | None = None, dev_sets: list[list[Example]] | None = None
) -> MeasureRanker:
    """Train, score on dev, write ``measures.json`` and name it in the folder's config.

    ``train_examples`` and ``dev_sets`` (one list per ``args.dev`` spec) are the gold of ``args.train``
    and ``args.dev`` when the caller has read it already (``training.train``)."""
    started = time.time()
    lex = load()
    examples = train_examples if train_examples is not None else read_gold(args.train)
    cv = {}
    margin = args.margin
    if margin is None:
        margin, cv = choose_margin(examples, args, lex)
        log.info("MEASURE ranker: cross-validated gain by margin %s, chose %s", cv, margin)
    ranker = fitted(paragraphs(examples), args, lex, margin)
    scores = compare_on_dev(args.dev, dev_sets, "MEASURE", lambda view, spans: ranker.decide(view, spans, lex))
    ranker.metadata = {
        "arguments": asdict(args),
        "cross_validation_gain_by_margin": cv,
        "dev": scores,
        "seconds": round(time.time() - started, 1),
    }
    store(ranker, Path(args.model), "measures", started)
    return ranker


def parse_args(argv: list[str] | None = None) -> MeasureArguments:
    """``MeasureArguments`` from the command line, parsed like transformers' examples."""
    return parse_arguments(MeasureArguments, __doc__, argv)[0]


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    train_measure_ranker(parse_args(argv))


if __name__ == "__main__":
    main()
