"""Rules backend speed and memory: throughput on the seed reports, scaling on long single lines,
a 100,000-digit number, and adversarial input shapes that would expose regex backtracking.

    python benchmarks/bench_rules.py            # all figures (about a minute)
    python benchmarks/bench_rules.py --profile  # plus the top cProfile hotspots on the seeds

Figures are printed, never asserted: speed depends on the machine (target: >= 500k chars/s).
Times are CPU seconds of this process, so other jobs on a shared machine distort them less.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import time
import tracemalloc
from pathlib import Path

from fazhi_ie import Extractor, read_text

ROOT = Path(__file__).resolve().parent.parent

MB = 1_000_000


def seed_texts() -> list[str]:
    return [read_text(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]


def timed(fn, *args) -> tuple[float, object]:
    """CPU seconds of ``fn(*args)``: steadier than wall time on a machine shared with other jobs."""
    t0 = time.process_time()
    out = fn(*args)
    return time.process_time() - t0, out


def single_line(texts: list[str], n_chars: int) -> str:
    """Report-like text of ``n_chars`` on one line (paragraph breaks removed)."""
    base = "".join(t.replace("\r", "").replace("\n", "") for t in texts)
    return (base * (n_chars // len(base) + 1))[:n_chars]


def throughput(extractor: Extractor, texts: list[str], min_seconds: float) -> None:
    chars = sum(map(len, texts))
    rounds, elapsed = 0, 0.0
    wall0, t0 = time.perf_counter(), time.process_time()
    while elapsed < min_seconds:
        for _ in extractor.extract_many(texts):
            pass
        rounds += 1
        elapsed = time.process_time() - t0
    wall = time.perf_counter() - wall0
    print(
        f"seed reports: {len(texts)} files, {chars:,} chars x {rounds} rounds in {elapsed:.2f} CPU s "
        f"-> {chars * rounds / elapsed:,.0f} chars/s ({chars * rounds / wall:,.0f} chars/s wall clock)"
    )


def scaling(extractor: Extractor, texts: list[str], sizes_mb: list[float]) -> None:
    print("single line of report text (linear scaling: s/MB should stay flat):")
    for size in sizes_mb:
        line = single_line(texts, int(size * MB))
        seconds, result = timed(extractor.extract, line)
        print(
            f"  {size:>5g} MB: {seconds:7.2f} s  {seconds / size:6.2f} s/MB  {len(line) / seconds:>10,.0f} chars/s  "
            f"{len(result.spans):,} spans"
        )


def huge_number(extractor: Extractor) -> None:
    for label, text in (
        ("100,000-digit number", "办理案件" + "7" * 100_000 + "件"),
        ("100,000-character Chinese numeral", "共" + "九" * 100_000 + "件"),
    ):
        seconds, result = timed(extractor.extract, text)
        print(f"{label}: {seconds * 1000:.1f} ms, {len(result.spans)} spans")


def memory(extractor: Extractor, texts: list[str]) -> None:
    line = single_line(texts, MB)
    tracemalloc.start()
    extractor.extract(line)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python allocations extracting a 1 MB line (tracemalloc): {peak / MB:.1f} MB")
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak resident memory of this process so far (ru_maxrss): {maxrss_kb / 1024:.0f} MiB")


# Shapes chosen to hit every regex and scanning loop with input it cannot close or finish.
ADVERSARIAL = {
    "digits": lambda n: "7" * n,
    "digits with commas": lambda n: "1," * (n // 2),
    "digits with points": lambda n: "1." * (n // 2),
    "Chinese numerals": lambda n: "三" * n,
    "numeral + 余万 repeated": lambda n: "一余万" * (n // 3),
    "range separators": lambda n: "3至" * (n // 2),
    "open quotes": lambda n: "“" * n,
    "open title marks": lambda n: "《" * n,
    "quote with numbers, unclosed": lambda n: "“" + "三项制度" * (n // 4),
    "unclosed HTML tag": lambda n: "<p" + "a" * n,
    "many '<'": lambda n: "<" * n,
    "ampersands": lambda n: "&" * n,
    "URL without end": lambda n: "http://" + "a" * n,
    "CJK run without punctuation": lambda n: "行政复议案件办理" * (n // 8),
    "enumeration with 、": lambda n: "合格率、" * (n // 4),
    "第 repeated": lambda n: "第" * n,
    "quantity units back to back": lambda n: "78件" * (n // 3),
    "page-number-like": lambda n: "—" + " " * n + "12",
    "dense numbers and names": lambda n: "办理行政复议案件78件，" * (n // 12),
}


def backtracking(extractor: Extractor, n: int) -> None:
    print(f"adversarial shapes, single line of n = {n:,} and 4n chars (ratio ~4 is linear; >8 flags superlinear):")
    worst = []
    for name, make in ADVERSARIAL.items():
        t1, _ = timed(extractor.extract, make(n))
        t4, _ = timed(extractor.extract, make(4 * n))
        ratio = t4 / t1 if t1 > 1e-4 else float("nan")
        flag = "  <-- SUPERLINEAR" if t1 > 1e-3 and ratio > 8 else ""
        if flag:
            worst.append(name)
        print(f"  {name:32s} {t1 * 1000:9.1f} ms  {t4 * 1000:9.1f} ms  x{ratio:5.1f}{flag}")
    print("  superlinear shapes: " + (", ".join(worst) if worst else "none"))


def profile(extractor: Extractor, texts: list[str], top: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        for _ in extractor.extract_many(texts):
            pass
    profiler.disable()
    print(f"top {top} hotspots by time spent in the function itself (tottime):")
    pstats.Stats(profiler).strip_dirs().sort_stats("tottime").print_stats(top)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="minimum seconds of work for the throughput figure")
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 10], help="single-line sizes in MB")
    parser.add_argument("--adversarial-n", type=int, default=50_000, help="base length of the adversarial shapes")
    parser.add_argument("--profile", action="store_true", help="print cProfile hotspots on the seed reports")
    parser.add_argument("--top", type=int, default=20, help="number of hotspots to print")
    args = parser.parse_args(argv)

    extractor = Extractor(backend="rules")
    texts = seed_texts()
    extractor.extract(texts[0])  # load lexicons before timing
    throughput(extractor, texts, args.seconds)
    scaling(extractor, texts, args.sizes)
    huge_number(extractor)
    backtracking(extractor, args.adversarial_n)
    memory(extractor, texts)
    if args.profile:
        profile(extractor, texts, args.top)


if __name__ == "__main__":
    main()
