"""Throughput of the backends against a BERT-base-size token classifier on the same text.

    python benchmarks/bench_model.py [--chars 60000] [--num-threads 2] [--batch-size 32]

Each backend runs in its own subprocess so load time and peak memory (max RSS) are its
own. ``model`` rows read the rules' tags as the shipped network was trained to (the rules run
for them); ``model-text`` runs the network on the text alone (``rule_input=False``). The
reference is a randomly initialised 12-layer/768-hidden BERT token classifier put in place of
the shipped network, on the text alone: same tokenizer, windows, batching and decoding, so the
``model-text`` / reference ratio measures the network alone. Prints a Markdown table and the
ratios to the reference.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: model, model-text, hybrid: the default runtime
ROWS = ("rules", "model", "model-text", "model-torch", "hybrid", "bert-base-reference")


def bench_text(n_chars: int) -> list[str]:
    """Seed reports (raw, as users pass them), repeated until ``n_chars`` characters."""
    from fazhi_ie.text import read_text

    reports = [read_text(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    out, total = [], 0
    while total < n_chars:
        for r in reports:
            out.append(r)
            total += len(r)
            if total >= n_chars:
                break
    return out


def run_one(row: str, n_chars: int, num_threads: int, batch_size: int) -> dict:
    if row in ("model-torch", "bert-base-reference"):
        import torch

        torch.set_num_threads(num_threads)
    from fazhi_ie import Extractor

    texts = bench_text(n_chars)
    t0 = time.perf_counter()
    if row == "rules":
        ex = Extractor(backend="rules")
    elif row == "model-text":
        ex = Extractor(backend="model", num_threads=num_threads, batch_size=batch_size, rule_input=False)
    elif row == "model-torch":
        ex = Extractor(backend="model", runtime="torch", num_threads=num_threads, batch_size=batch_size)
    elif row == "bert-base-reference":
        from transformers import BertConfig, BertForTokenClassification

        # the text alone: the reference network has no rule-tag input
        ex = Extractor(backend="model", runtime="torch", quantize=False, batch_size=batch_size, rule_input=False)
        torch.manual_seed(0)
        config = BertConfig(
            vocab_size=21128,
            hidden_size=768,
            num_hidden_layers=12,
            num_attention_heads=12,
            intermediate_size=3072,
            max_position_embeddings=512,
            num_labels=len(ex.tagger.labels),
        )
        ex.tagger.net = BertForTokenClassification(config).eval()
    else:
        ex = Extractor(backend=row, num_threads=num_threads, batch_size=batch_size)
    load_s = time.perf_counter() - t0
    list(ex.extract_many(texts[:1], batch_size=batch_size))  # warm-up
    t0 = time.perf_counter()
    n = sum(len(t) for t in texts)
    for _ in ex.extract_many(texts, batch_size=batch_size):
        pass
    secs = time.perf_counter() - t0
    return {
        "row": row,
        "chars": n,
        "seconds": secs,
        "chars_per_s": n / secs,
        "load_s": load_s,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "quantized": bool(getattr(getattr(ex.tagger, "model", ex.tagger), "quantized", False)),
        "runtime": getattr(getattr(ex.tagger, "model", ex.tagger), "runtime", None),
    }


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, default=60000, help="characters of report text per backend")
    ap.add_argument("--reference-chars", type=int, default=15000, help="characters for the slow BERT-base row")
    ap.add_argument("--num-threads", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--rows", nargs="+", default=list(ROWS), choices=ROWS)
    ap.add_argument("--one", choices=ROWS, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        n = args.reference_chars if args.one == "bert-base-reference" else args.chars
        print(json.dumps(run_one(args.one, n, args.num_threads, args.batch_size)))
        return
    results = {}
    for row in args.rows:
        cmd = [
            sys.executable,
            __file__,
            "--one",
            row,
            "--chars",
            str(args.chars),
            "--reference-chars",
            str(args.reference_chars),
            "--num-threads",
            str(args.num_threads),
            "--batch-size",
            str(args.batch_size),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if proc.returncode != 0:
            print(f"{row}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            continue
        results[row] = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"threads={args.num_threads} batch_size={args.batch_size}\n")
    print("| backend | chars | chars/s | load s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|")
    for row, r in results.items():
        name = row + (" (int8)" if r["quantized"] else "") + (f" [{r['runtime']}]" if r.get("runtime") else "")
        print(f"| {name} | {r['chars']} | {r['chars_per_s']:.0f} | {r['load_s']:.2f} | {r['peak_rss_mb']:.0f} |")
    ref = results.get("bert-base-reference")
    if ref:
        for row in ("model", "model-text", "model-torch", "hybrid"):
            if row in results:
                print(f"\n{row} / BERT-base reference: {results[row]['chars_per_s'] / ref['chars_per_s']:.1f}x", end="")
        print()


if __name__ == "__main__":
    main()
