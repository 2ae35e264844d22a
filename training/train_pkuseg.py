"""Train the pkuseg word segmenter shipped in ``models/pkuseg-fazhi`` (used by ``fazhi_ie.load_spacy``).

pkuseg's own models cannot be downloaded here, so we train one with ``spacy_pkuseg.train`` on
UD Chinese GSDSimp (CC BY-SA 4.0) and add a *domain user dictionary* built from the rule
lexicons (units, governing verbs, measure heads and verbs) and from the head nouns and
modifier compounds of the gold METRIC spans of the TRAIN documents (never dev), so that
人次, 行政复议 and 出庭应诉率 stay whole.

    python -m training.train_pkuseg                       # defaults below, under a minute on 2 cores
    python -m training.train_pkuseg --iterations 3 --output-dir /tmp/pkuseg-smoke

Held-out evaluation: the model is trained on ``--train-conllu`` plus the first part of
``--heldout-conllu``; the last ``--heldout-fraction`` of that file is never trained on and
gives the word segmentation precision/recall/F1 written to ``metrics.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import tempfile
import time
from pathlib import Path

from fazhi_ie import lexicons as lexicon
from fazhi_ie.evaluation.corpus import GOLD_DIR, load_split

log = logging.getLogger("fazhi_ie.training")
ROOT = Path(__file__).resolve().parent.parent
UD_DIR = ROOT.parent / "shared" / "corpora" / "ud_zh_gsdsimp"  # ../shared beside the checkout
USER_DICT = "user_dict.txt"
ATTRIBUTION = (
    "The word segmentation model in models/pkuseg-fazhi was trained with spacy-pkuseg on "
    "UD Chinese GSDSimp (Universal Dependencies, https://universaldependencies.org/treebanks/zh_gsdsimp/), "
    "licensed under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). "
    "The model is a derivative of that treebank and is shared under the same licence."
)
# Where a METRIC phrase is cut into chunks before looking for its head: punctuation,
# quotes, brackets, 的 and coordinators (县级部门、乡镇（街道）负责人出庭应诉率 -> …负责人出庭应诉率).
CHUNK_BREAK = re.compile(r"[^\u4e00-\u9fff]+|的|和|及|与|或")


# --------------------------------------------------------------------------- data


def read_conllu(path: Path) -> list[list[str]]:
    """Sentences of a CoNLL-U file as lists of word forms (multiword ranges and empty nodes skipped)."""
    sentences, words = [], []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append(words)
            words = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                words.append(cols[1].replace(" ", ""))  # pkuseg files separate words by spaces
    if words:
        sentences.append(words)
    return sentences


def write_segmented(sentences: list[list[str]], path: Path) -> None:
    """pkuseg's training format: one sentence per line, words separated by spaces."""
    path.write_text("".join(" ".join(s) + "\n" for s in sentences), "utf-8")


# --------------------------------------------------------------------------- scoring


def word_spans(words: list[str]) -> set[tuple[int, int]]:
    spans, i = set(), 0
    for w in words:
        spans.add((i, i + len(w)))
        i += len(w)
    return spans


def segmentation_prf(segmenter, gold: list[list[str]]) -> dict:
    """Word precision/recall/F1: a word counts when both of its character offsets match."""
    tp = n_pred = n_gold = 0
    for words in gold:
        pred = [w for w in segmenter.cut("".join(words))]
        g, p = word_spans(words), word_spans(pred)
        tp += len(g & p)
        n_pred += len(p)
        n_gold += len(g)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "gold_words": n_gold,
        "sentences": len(gold),
    }


# --------------------------------------------------------------------------- dictionary


def metric_head_nouns(
    segmenter, doc_split: str, gold_dir: Path, max_chars: int, min_support: int = 2
) -> dict[str, int]:
    """Domain compounds of the gold METRIC spans of ``doc_split`` -> in how many METRIC texts they occur.

    A Chinese noun phrase ends in its head noun, and the words in front of it form compound
    modifiers (行政复议|案件, 负责人|出庭应诉率). Each METRIC is cut into chunks at punctuation,
    的 and coordinators, each chunk is segmented by the bare model, and a candidate is a run of
    two or more words (``max_chars`` at most) that ends the chunk (a head: 出庭应诉率, 办结率) or
    starts it (a modifier: 行政复议, 行政执法). Words the model already finds need no forcing.
    Kept: candidates that recur in ``min_support`` different METRIC texts (chance cuts do not)
    and do not cross a better-supported candidate (负责人出庭 crosses 出庭应诉率 and is dropped).
    """
    support: dict[str, set[str]] = {}
    occurrences: list[tuple[list[str], str, int, int]] = []  # chunk words, candidate, word range
    for ex in load_split(doc_split, gold_dir):
        for span in ex.spans:
            if span.label != "METRIC":
                continue
            for chunk in CHUNK_BREAK.split(span.text):
                words = segmenter.cut(chunk) if chunk else []
                n = len(words)
                ranges = {(n - k, n) for k in range(2, n + 1)} | {(0, k) for k in range(2, n + 1)}
                for i, j in ranges:
                    cand = "".join(words[i:j])
                    if len(cand) > max_chars or len(words[i]) < 2 or (i == 0 and j < n and len(words[j - 1]) < 2):
                        continue
                    support.setdefault(cand, set()).add(span.text)
                    occurrences.append((words, cand, i, j))
    kept = {c: len(texts) for c, texts in support.items() if len(texts) >= min_support}
    by_chunk: dict[int, list[tuple[str, int, int]]] = {}
    for words, cand, i, j in occurrences:
        if cand in kept:
            by_chunk.setdefault(id(words), []).append((cand, i, j))
    crossing = set()
    for occ in by_chunk.values():
        for a, i, j in occ:
            for b, k, m in occ:
                if i < k < j < m and kept[a] <= kept[b]:
                    crossing.add(a)
                if k < i < m < j and kept[a] <= kept[b]:
                    crossing.add(a)
    return {c: n for c, n in sorted(kept.items()) if c not in crossing}


def lexicon_words() -> dict[str, list[str]]:
    """Domain words from the rule lexicons (rules as data: the dictionary follows the rules)."""
    units = lexicon.read_sections("units.txt")
    verbs = lexicon.read_sections("governing_verbs.txt")
    measures = lexicon.read_sections("measures.txt")
    return {
        "units": list(units[""]),
        "governing_verbs": list(verbs["strong"] + verbs["weak"]),
        "measure_heads": list(measures["head"] + measures["adjacent_head"] + measures["title_head"]),
        # forced matching is greedy from the left: 推进 must be a word, or 推进行政复议 -> 推/进行/政/复议
        "measure_verbs": list(measures["measure_verb"] + measures["document_verb"]),
    }


def phrase_words() -> dict[str, list[str]]:
    """Function words of the metric rules (scope, adverbs, links, change verbs, suffixes):
    taught to the model as words, but not forced (上升 must stay free to be cut in 上升至)."""
    bounds = lexicon.read_sections("metric_boundaries.txt")
    return {"metric_boundaries": [w for k, v in bounds.items() if k for w in v]}


def build_user_dict(groups: dict[str, list[str]]) -> list[str]:
    """Words of at least two Han characters: pkuseg forces user words, so one-character
    entries (件, 人) would cut every word that contains them."""
    words = set()
    for entries in groups.values():
        words.update(w for w in entries if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w))
    return sorted(words)


# --------------------------------------------------------------------------- main


def load_segmenter(model_dir: Path):
    """The segmenter as ``fazhi_ie.load_spacy`` runs it: model + user dictionary, without the
    post-merging by pkuseg's general dictionary (default.pkl), which lowers held-out F1."""
    import spacy_pkuseg

    seg = spacy_pkuseg.pkuseg(str(model_dir), user_dict=str(model_dir / USER_DICT))
    seg.postprocesser.do_process = False
    return seg


DOMAIN_WORDS = ("出庭应诉率", "行政复议", "人次")


def domain_examples(segmenter, seeds_dir: Path, per_word: int = 2) -> list[dict]:
    """Seed clauses that contain a domain word, with their segmentation (for the model card)."""
    clauses = [
        c
        for f in sorted(seeds_dir.glob("*.txt"))
        for c in re.split(r"(?<=[，。；：！？])|\n", f.read_text("utf-8"))
        if c.strip()
    ]
    out = []
    for word in DOMAIN_WORDS:
        for clause in [c.strip() for c in clauses if word in c][:per_word]:
            tokens = segmenter.cut(clause)
            out.append({"word": word, "text": clause, "tokens": tokens, "whole": word in tokens})
    return out


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ud-dir", type=Path, default=UD_DIR, help="folder of the UD Chinese GSDSimp .conllu files")
    p.add_argument("--train-conllu", default="zh_gsdsimp-ud-dev.conllu", help="treebank file trained on whole")
    p.add_argument(
        "--heldout-conllu",
        default="zh_gsdsimp-ud-test.conllu",
        help="treebank file whose last part is held out for evaluation",
    )
    p.add_argument(
        "--heldout-fraction",
        type=float,
        default=0.5,
        help="last fraction of --heldout-conllu never trained on (1.0: train on --train-conllu only)",
    )
    p.add_argument("--iterations", type=int, default=10, help="pkuseg training iterations")
    p.add_argument("--gold-dir", type=Path, default=GOLD_DIR, help="gold JSONL folder (METRIC head nouns)")
    p.add_argument("--metric-split", default="train", help="split whose METRIC spans give head nouns (never dev)")
    p.add_argument("--max-head-chars", type=int, default=6, help="longest metric head noun kept")
    p.add_argument("--seeds-dir", type=Path, default=ROOT / "seeds", help="raw reports for the domain examples")
    p.add_argument(
        "--no-lexicon-as-training",
        dest="lexicon_as_training",
        action="store_false",
        help="do not add the lexicon words (user dictionary and metric boundary words) "
        "to the training data as one-word sentences",
    )
    p.add_argument("--output-dir", type=Path, default=ROOT / "models" / "pkuseg-fazhi")
    args = p.parse_args(argv)
    if not 0.0 < args.heldout_fraction <= 1.0:
        p.error("--heldout-fraction must be in (0, 1]")
    if args.metric_split == "dev":
        p.error("METRIC head nouns come from training documents only, never dev")
    return args


def main(argv=None) -> dict:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parse_args(argv)
    import spacy_pkuseg  # training-time dependency (fazhi_ie[spacy])

    train = read_conllu(args.ud_dir / args.train_conllu)
    heldout_file = read_conllu(args.ud_dir / args.heldout_conllu)
    cut = len(heldout_file) - round(len(heldout_file) * args.heldout_fraction)
    train += heldout_file[:cut]
    heldout = heldout_file[cut:]
    log.info(
        "train: %d sentences (%s + %s[:%d]); held out: %d (%s[%d:])",
        len(train),
        args.train_conllu,
        args.heldout_conllu,
        cut,
        len(heldout),
        args.heldout_conllu,
        cut,
    )

    out = args.output_dir
    out.mkdir(parents=True, exist_ok=True)
    for stale in ("features.msgpack", "weights.npz", USER_DICT):
        (out / stale).unlink(missing_ok=True)
    groups = lexicon_words()
    lexicon_lines = [[w] for w in build_user_dict(groups | phrase_words())] if args.lexicon_as_training else []
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        train_file, test_file = Path(tmp) / "train.txt", Path(tmp) / "heldout.txt"
        # Lexicon words as one-word sentences: the CRF learns them as words, also inside
        # longer phrases that the forced dictionary does not match.
        write_segmented(train + lexicon_lines, train_file)
        write_segmented(heldout, test_file)
        spacy_pkuseg.train(str(train_file), str(test_file), str(out), train_iter=args.iterations)
    train_seconds = time.time() - started

    bare = spacy_pkuseg.pkuseg(str(out), user_dict=None)  # the model alone, no dictionary
    heads = metric_head_nouns(bare, args.metric_split, args.gold_dir, args.max_head_chars)
    groups["metric_heads"] = sorted(heads)
    user_words = build_user_dict(groups)
    (out / USER_DICT).write_text("".join(w + "\n" for w in user_words), "utf-8")
    shipped = load_segmenter(out)
    with_default_dict = spacy_pkuseg.pkuseg(str(out), user_dict=str(out / USER_DICT))  # + pkuseg's default.pkl merging

    metrics = {
        "train_sentences": len(train),
        "lexicon_training_lines": len(lexicon_lines),
        "heldout": f"{args.heldout_conllu} sentences {cut + 1}-{len(heldout_file)} (never trained on)",
        "train": f"{args.train_conllu} + {args.heldout_conllu} sentences 1-{cut}",
        "iterations": args.iterations,
        "train_seconds": round(train_seconds, 1),
        "heldout_ud_model_only": segmentation_prf(bare, heldout),
        "heldout_ud_shipped": segmentation_prf(shipped, heldout),
        "heldout_ud_with_pkuseg_default_dict": segmentation_prf(with_default_dict, heldout),
        "user_dict": {k: len(build_user_dict({k: v})) for k, v in groups.items()} | {"total": len(user_words)},
        "metric_heads": heads,
        "domain_examples": domain_examples(shipped, args.seeds_dir),
        "size_bytes": sum(
            f.stat().st_size for f in out.iterdir() if f.is_file() and f.suffix in (".msgpack", ".npz", ".txt")
        ),
    }
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", "utf-8")
    write_model_card(out, metrics)
    log.info(
        json.dumps(
            {k: v for k, v in metrics.items() if k not in ("metric_heads", "domain_examples")},
            ensure_ascii=False,
            indent=1,
        )
    )
    for ex in metrics["domain_examples"]:
        log.info(("OK  " if ex["whole"] else "CUT ") + " / ".join(ex["tokens"]))
    return metrics


def write_model_card(out: Path, m: dict) -> None:
    rows = [
        ("model alone", m["heldout_ud_model_only"]),
        ("model + user dictionary (as shipped)", m["heldout_ud_shipped"]),
        ("model + user dictionary + pkuseg default.pkl merging", m["heldout_ud_with_pkuseg_default_dict"]),
    ]
    table = "\n".join(f"| {name} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} |" for name, r in rows)
    examples = "\n".join(f"- {' / '.join(ex['tokens'])}" for ex in m["domain_examples"])
    sources = ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in m["user_dict"].items() if k != "total")
    card = f"""# pkuseg-fazhi: Chinese word segmentation for fazhi_ie

A [spacy-pkuseg](https://github.com/explosion/spacy-pkuseg) CRF word segmenter used by
`fazhi_ie.load_spacy()` as the tokenizer of its Chinese spaCy pipeline, with a domain user
dictionary for rule-of-law government reports.

Files: `features.msgpack` and `weights.npz` (the pkuseg model: msgpack and numpy arrays, no
pickles), `user_dict.txt` (domain words that pkuseg keeps whole), `metrics.json` (the figures
below). Size of the model and dictionary: {m["size_bytes"] / 1e6:.1f} MB.
Rebuild with `python -m training.train_pkuseg` (no network; training took {m["train_seconds"]} s).

## Data and attribution

{ATTRIBUTION}

Training sentences: {m["train_sentences"]} ({m["train"]}), plus the
{m["lexicon_training_lines"]} lexicon words as one-word sentences; {m["iterations"]} iterations.

The user dictionary ({m["user_dict"]["total"]} words of two or more Han characters) comes from the rule
lexicons of fazhi_ie (units, governing verbs, measure heads and verbs) and from compounds that recur in
the gold METRIC spans of the *train* documents of `corpora/split.json`, never dev
(`metric_heads` in `metrics.json`). Words per source: {sources}.
pkuseg forces user words (longest match first) before running the model. `load_spacy()` turns
off pkuseg's post-merging with its general dictionary (default.pkl): it lowers held-out F1.

## Held-out evaluation (UD word segmentation)

Held out: {m["heldout"]}, {m["heldout_ud_model_only"]["gold_words"]} words. A word counts as
correct when both its character offsets match the treebank.

| | precision | recall | F1 |
|---|---|---|---|
{table}

## Domain words on seed sentences

{examples}

## Limits

About 750 treebank sentences of Wikipedia text: far less than pkuseg's released models, so
rare words and names are often cut into shorter words. UD cuts compounds finely (行政 / 执法);
the user dictionary keeps the domain's compounds whole instead, so it trades a little UD F1 for
whole domain terms. Forced dictionary words can also glue a word across a true boundary.
"""
    (out / "README.md").write_text(card, "utf-8")


if __name__ == "__main__":
    main()
