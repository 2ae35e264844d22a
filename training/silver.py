"""Silver training data: the rules' spans on unlabeled text, in the gold JSONL format.

    python -m training.silver /work/shared/corpora/unlabeled/cpc_congress_reports.jsonl \
        --out build/silver.jsonl

The rules are precise on quantities and units, so their output teaches the model number
shapes on far more text than the gold documents hold; the gold documents (repeated in
training) then correct what the rules get wrong. Paragraphs without any span are kept
with probability ``--keep-empty`` so that the model also sees text with nothing to tag.
Silver files are derived from the corpora: keep them out of git.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
from pathlib import Path

from fazhi_ie.document.paragraphs import split_paragraphs
from fazhi_ie.evaluation.corpus import Example
from fazhi_ie.taggers.rules import RuleTagger
from fazhi_ie.text import matching_view

from .vocab import corpus_texts

log = logging.getLogger("fazhi_ie.training")


def silver_examples(texts, keep_empty: float = 0.2, max_chars: int = 2000, seed: int = 13):
    """Rule-tagged paragraphs of ``texts`` (views; long paragraphs cut at sentence ends)."""
    rng = random.Random(seed)
    tagger = RuleTagger()
    for d, text in enumerate(texts):
        view = matching_view(text)
        for p, (s, e) in enumerate(split_paragraphs(view)):
            para = view[s:e]
            if len(para) > max_chars:
                continue
            spans = tagger.tag(para)
            if not spans and rng.random() >= keep_empty:
                continue
            yield Example(f"silver-{d:03d}-{p:04d}", f"silver-{d:03d}", para, tuple(spans))


def main(argv=None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+", help=".txt, .jsonl (text/content) or .conllu files or folders")
    ap.add_argument("--out", required=True, help="output JSONL")
    ap.add_argument("--keep-empty", type=float, default=0.2, help="share of span-less paragraphs kept")
    ap.add_argument("--max-chars", type=int, default=2000, help="skip longer paragraphs")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = n_spans = 0
    with open(out, "w", encoding="utf-8") as fh:
        for ex in silver_examples(corpus_texts(args.inputs), args.keep_empty, args.max_chars, args.seed):
            fh.write(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n")
            n += 1
            n_spans += len(ex.spans)
    log.info("wrote %d paragraphs with %d silver spans to %s", n, n_spans, out)


if __name__ == "__main__":
    main()
