"""Peak memory of one long input: a single line of 1, 4 and 10 million characters through an extractor.

    python benchmarks/bench_memory.py                  # the default backend (hybrid with the shipped model)
    python benchmarks/bench_memory.py --backend rules --sizes 1 4 10

Each size runs in a fresh process (``--one``) so that the peaks do not mix. Long paragraphs are tagged
in bounded pieces (``fazhi_ie.document.paragraphs.bounded_pieces``), so the peak should stay flat.
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


def run_one(millions: float, backend: str | None) -> dict:
    from fazhi_ie import Extractor

    seed = " ".join(p.read_text("utf-8").replace("\n", " ") for p in sorted((ROOT / "seeds").glob("*.txt")))
    n = int(millions * 1_000_000)
    line = (seed * (n // len(seed) + 1))[:n]
    extractor = Extractor(backend=backend, num_threads=2) if backend != "rules" else Extractor(backend="rules")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    result = extractor.extract(line)
    seconds = time.perf_counter() - started
    return {
        "chars": n,
        "seconds": seconds,
        "records": len(result.records),
        "rss_before_mb": before,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(run_one(float(sys.argv[2]), sys.argv[3] or None)))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", default="default", help="rules, model, hybrid, or default (Extractor())")
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 10], help="millions of characters")
    args = ap.parse_args()
    backend = None if args.backend == "default" else args.backend
    print(f"backend {args.backend}: one line of N million characters")
    print("| million chars | seconds | chars/s | records | peak RSS MB | of which before extracting |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(size), backend or ""], capture_output=True, text=True, cwd=ROOT
        )
        if proc.returncode != 0:
            raise SystemExit(f"size {size}: failed\n{proc.stderr[-3000:]}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"| {size:g} | {r['seconds']:.1f} | {r['chars'] / r['seconds']:,.0f} | {r['records']:,} | "
            f"{r['peak_rss_mb']:.0f} | {r['rss_before_mb']:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
