"""Corpus benchmark: generated report files through ``fazhi-ie extract``, 1 vs 2 workers, memory vs corpus size.

    python benchmarks/bench_corpus.py --files 1000 --backend rules
    python benchmarks/bench_corpus.py --files 200 --backend default --sizes 200

Prints, per backend: wall seconds and documents/s with 1 and 2 workers, the speed-up, whether the outputs
are byte-identical, and the peak resident memory of the main process (and of its workers) for each corpus
size in ``--sizes``: flat peaks mean records are streamed to disk, not kept. Each measurement is a fresh
process (``--one``), so the figures do not mix.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(folder: Path, n: int) -> Path:
    """``n`` report files from the seeds, each a little different (its own content and hash)."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text("utf-8") for p in seeds]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sub = folder / f"batch{i // 100:02d}"
        sub.mkdir(exist_ok=True)
        extra = f"\n全年新增人民调解案件{i + 1}件，调解成功率{90 + i % 10}%。\n"
        (sub / f"report{i:05d}.txt").write_text(texts[i % len(texts)] + extra, "utf-8")
    return folder


def run_one(corpus: str, out: str, workers: int, backend: str | None) -> dict:
    """One extraction in this process; its peak memory and the peak of its workers together (sampled)."""
    import threading

    import psutil

    from fazhi_ie.cli import main

    argv = ["extract", corpus, "--workers", str(workers), "--tables", out, "--quiet"]
    if backend:
        argv += ["--backend", backend]
    peak, done = [0], threading.Event()

    def sample() -> None:  # the workers' resident memory, summed, every 0.2 s
        me = psutil.Process()
        while not done.wait(0.2):
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            peak[0] = max(peak[0], total)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    status = main(argv)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return {
        "status": status,
        "seconds": seconds,
        "main_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_rss_mb": peak[0] / 2**20,
    }


def measure(corpus: Path, out: Path, workers: int, backend: str | None) -> dict:
    cmd = [sys.executable, __file__, "--one", str(corpus), str(out), str(workers), backend or ""]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark run failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        corpus, out, workers, backend = sys.argv[2:6]
        print(json.dumps(run_one(corpus, out, int(workers), backend or None)))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000, help="report files for the 1 vs 2 workers comparison")
    ap.add_argument("--backend", default="rules", help="rules, model, hybrid, or default (Extractor())")
    ap.add_argument("--sizes", type=int, nargs="*", default=[200, 1000], help="corpus sizes for the memory check")
    args = ap.parse_args()
    backend = None if args.backend == "default" else args.backend
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = make_corpus(tmp / "corpus", max([args.files, *args.sizes]))
        subset = tmp / "subset"
        rows = {}
        for workers in (1, 2):
            files = _subset(corpus, subset / f"n{args.files}", args.files)
            rows[workers] = measure(files, tmp / f"w{workers}.parquet", workers, backend)
        same = (tmp / "w1.parquet").read_bytes() == (tmp / "w2.parquet").read_bytes()
        chars = sum(len(p.read_text("utf-8")) for p in (subset / f"n{args.files}").iterdir())
        print(f"backend {args.backend}, {args.files} files, {chars:,} characters, {os.cpu_count()} cores")
        print("| workers | seconds | documents/s | main peak RSS MB | workers' peak RSS MB (together) |")
        print("|---:|---:|---:|---:|---:|")
        for workers, r in rows.items():
            print(
                f"| {workers} | {r['seconds']:.1f} | {args.files / r['seconds']:.1f} | {r['main_rss_mb']:.0f} | "
                f"{r['workers_rss_mb']:.0f} |"
            )
        print(f"speed-up with 2 workers: {rows[1]['seconds'] / rows[2]['seconds']:.2f}x; identical output: {same}")
        print("\nmemory vs corpus size (2 workers):")
        print("| files | seconds | main peak RSS MB | workers' peak RSS MB (together) |")
        print("|---:|---:|---:|---:|")
        for n in args.sizes:
            r = measure(_subset(corpus, subset / f"m{n}", n), tmp / f"m{n}.parquet", 2, backend)
            print(f"| {n} | {r['seconds']:.1f} | {r['main_rss_mb']:.0f} | {r['workers_rss_mb']:.0f} |")


def _subset(corpus: Path, folder: Path, n: int) -> Path:
    """The first ``n`` files of the corpus, linked into their own folder."""
    if folder.exists():
        return folder
    folder.mkdir(parents=True)
    for i, path in enumerate(sorted(corpus.rglob("*.txt"))[:n]):
        (folder / f"{i:05d}_{path.name}").symlink_to(path)
    return folder


if __name__ == "__main__":
    main()
