"""The ``fazhi-ie`` command: ``extract`` reports to JSONL/CSV/a table, ``evaluate`` on gold data.

Each subcommand is two small functions: ``add_<name>_parser`` declares its arguments and
``run_<name>`` does the work and returns the exit status, so a new option or output format
is added in one place. Errors about one input file are reported on stderr and the other
files are still processed; the exit status is 1 at the end.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from .corpus import load_split, read_jsonl
from .eval_report import write_evaluation_report
from .pipeline import Extractor
from .report import parse_report
from .scoring import evaluate
from .spans import LABELS, Extraction
from .table import build_tables, table_format, write_tables
from .text import DecodeError, read_text

PROG = "fazhi-ie"
BACKENDS = ("rules", "model", "hybrid")
CSV_FIELDS = ("document", "metric", "value", "unit", "quantity", "qualifier", "start", "end")
SCORE_NAMES = (*LABELS, "micro", "records")
TABLE_SUFFIXES = (".csv", ".parquet", ".jsonl")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `fazhi-ie extract … | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
    except OSError as exc:  # --out/--json in a missing folder, a full disk …
        _error(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc))
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Quantities, units, metrics and measures from Chinese rule-of-law reports.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_extract_parser(sub)
    add_evaluate_parser(sub)
    return parser


def _error(message: str) -> None:
    """One line on stderr that does not break a running progress bar."""
    tqdm.write(f"{PROG}: error: {message}", file=sys.stderr)


def _backend_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=BACKENDS, default=None,
                        help="tagger to use (default: the best available: hybrid with the shipped model, else rules)")


@contextmanager
def _output(path: str | None, newline: str | None = None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8", newline=newline) as fh:
            yield fh


# --- extract -----------------------------------------------------------------------


def add_extract_parser(sub) -> None:
    p = sub.add_parser("extract", help="extract spans and records from report files",
                       description="Extract spans and records from report files (.txt, any of UTF-8, UTF-16, GB18030).")
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files, or folders searched for *.txt")
    _backend_argument(p)
    p.add_argument("--format", choices=sorted(WRITERS), default=None,
                   help="jsonl: one line per document; csv: one row per record; table: for reading (default: jsonl)")
    p.add_argument("--out", metavar="FILE",
                   help="write here instead of stdout; without --format, a FILE ending in .csv, .parquet or .jsonl "
                        "gets the analysis tables (as --tables FILE)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--tables", type=_tables_file, metavar="FILE",
                   help="write the analysis tables: one row per record of the reports' bodies (document, region, "
                        "year, heading path, paragraph id, metric, value, unit, qualifier, quantity, offsets, "
                        "sentence) to FILE (.csv, .parquet or .jsonl) and one row per MEASURE beside it "
                        "(FILE.measures.csv …); without --out nothing else is written")
    p.set_defaults(run=run_extract)


def _tables_file(spec: str) -> str:
    try:
        table_format(spec)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return spec


def find_reports(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files to read (folders: every *.txt below, sorted) and errors for paths that do not exist."""
    files: list[Path] = []
    errors: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            errors.append(f"{raw}: no such file or folder")
    return files, errors


def run_extract(args: argparse.Namespace) -> int:
    if args.format is None:
        if args.out and args.tables is None and Path(args.out).suffix.lower() in TABLE_SUFFIXES:
            args.tables, args.out = args.out, None  # fazhi-ie extract DIR --out table.parquet
        args.format = "jsonl"
    files, errors = find_reports(args.paths)
    for message in errors:
        _error(message)
    extractor = Extractor(backend=args.backend)
    show_progress = len(files) > 1 and not args.quiet and sys.stderr.isatty()
    newline = "" if args.format == "csv" else None
    tables_only = args.tables and args.out is None
    reports = []  # (Report, Extraction) for --tables
    with _output(os.devnull if tables_only else args.out, newline) as out:
        write = WRITERS[args.format](out)
        for path in tqdm(files, disable=not show_progress, unit="file", file=sys.stderr):
            try:
                text = read_text(path)
            except (DecodeError, OSError) as exc:
                _error(str(exc) if str(path) in str(exc) else f"{path}: {exc}")
                errors.append(str(path))
                continue
            result = extractor.extract(text)
            write(str(path), result)
            if args.tables:
                reports.append((parse_report(text, name=path.stem), result))
    if args.tables:
        try:
            write_tables(build_tables(reports), args.tables)
        except (ImportError, OSError, ValueError) as exc:
            _error(f"{args.tables}: {exc}")
            return 1
    return 1 if errors else 0


Writer = Callable[[str, Extraction], None]


def _value(value: float) -> float | int | None:
    """78.0 -> 78 so that outputs read like the text; infinity (a 100,000-digit number) -> None."""
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def jsonl_writer(out: TextIO) -> Writer:
    def write(document: str, result: Extraction) -> None:
        records = [dict(r.to_dict(), value=_value(r.value)) for r in result.records]
        line = {"document": document, "spans": [s.to_dict() for s in result.spans], "records": records}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return write


def csv_writer(out: TextIO) -> Writer:
    rows = csv.writer(out)
    rows.writerow(CSV_FIELDS)

    def write(document: str, result: Extraction) -> None:
        for r in result.records:
            value = _value(r.value)
            rows.writerow([document, r.metric or "", "" if value is None else value, r.unit or "",
                           r.quantity, r.qualifier or "", r.start, r.end])
    return write


TABLE_COLUMNS = (("document", 24), ("metric", 28), ("value", 14), ("unit", 8), ("qualifier", 9), ("offsets", 13))


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, width: int, right: bool = False) -> str:
    if _width(text) > width:
        while _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    pad = " " * (width - _width(text))
    return pad + text if right else text + pad


def table_writer(out: TextIO) -> Writer:
    out.write("  ".join(_cell(name, w, right=(name == "value")) for name, w in TABLE_COLUMNS).rstrip() + "\n")
    out.write("  ".join("-" * w for _, w in TABLE_COLUMNS) + "\n")

    def write(document: str, result: Extraction) -> None:
        for r in result.records:
            value = _value(r.value)
            cells = (Path(document).name, r.metric or "-", r.quantity if value is None else f"{value:,}",
                     r.unit or "-", r.qualifier or "", f"{r.start}-{r.end}")
            row = [_cell(text, w, right=(name == "value")) for text, (name, w) in zip(cells, TABLE_COLUMNS)]
            out.write("  ".join(row).rstrip() + "\n")
    return write


WRITERS: dict[str, Callable[[TextIO], Writer]] = {"jsonl": jsonl_writer, "csv": csv_writer, "table": table_writer}


# --- evaluate ----------------------------------------------------------------------


def _floor(spec: str) -> tuple[str, float]:
    """``METRIC=0.6`` -> ("METRIC", 0.6), for --min-f1."""
    name, sep, value = spec.partition("=")
    if not sep or name not in SCORE_NAMES:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE with NAME one of {', '.join(SCORE_NAMES)}, got {spec!r}")
    try:
        floor = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{spec!r}: {value!r} is not a number") from None
    if not 0.0 <= floor <= 1.0:
        raise argparse.ArgumentTypeError(f"{spec!r}: a floor is between 0 and 1")
    return name, floor


def add_evaluate_parser(sub) -> None:
    p = sub.add_parser("evaluate", help="score a backend on gold JSONL (strict spans, records)",
                       description="Per-label precision/recall/F1 (strict span match), micro F1 and record P/R/F1.")
    p.add_argument("paths", nargs="*", metavar="GOLD", help="gold .jsonl files or folders of them")
    p.add_argument("--split", choices=("train", "dev"), help="the documents of corpora/split.json instead of paths")
    _backend_argument(p)
    p.add_argument("--json", metavar="FILE", help="also write the scores as JSON")
    p.add_argument("--min-f1", type=_floor, action="append", default=[], metavar="NAME=VALUE",
                   help="exit 1 if the F1 of NAME (a label, micro or records) is under VALUE; repeatable")
    p.add_argument("--report", metavar="DIR", help="also write DIR/report.md with PNG plots (P/R/F1 per label, "
                                                   "errors by kind) and sample errors; print its summary")
    p.set_defaults(run=run_evaluate)


def load_gold(args: argparse.Namespace) -> list:
    if args.split and args.paths:
        raise SystemExit(f"{PROG}: error: give gold paths or --split, not both")
    if args.split:
        return load_split(args.split)
    if not args.paths:
        raise SystemExit(f"{PROG}: error: give gold .jsonl paths or --split train|dev")
    for raw in args.paths:
        if not Path(raw).exists():
            raise SystemExit(f"{PROG}: error: {raw}: no such file or folder")
    try:
        return list(read_jsonl(args.paths))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SystemExit(f"{PROG}: error: {exc}") from None


def check_floors(scores, floors: list[tuple[str, float]]) -> list[str]:
    """Messages for the scores under their floors (empty when all are met)."""
    failures = []
    for name, floor in floors:
        prf = scores.labels.get(name) or getattr(scores, name)
        if prf.f1 < floor:
            failures.append(f"{name} F1 {prf.f1:.3f} is under its floor {floor:.3f}")
    return failures


def run_evaluate(args: argparse.Namespace) -> int:
    examples = load_gold(args)
    if not examples:
        raise SystemExit(f"{PROG}: error: no gold examples found")
    extractor = Extractor(backend=args.backend)
    source = f"split {args.split}" if args.split else ", ".join(args.paths)
    title = f"{extractor.backend} on {source} ({len(examples)} paragraphs)"
    report = write_evaluation_report(extractor, examples, args.report, title=title) if args.report else None
    scores = report.analysis.scores if report else evaluate(extractor, examples)  # the same scores
    print(scores.table(title))
    if report:
        print(report.summary)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"backend": extractor.backend, "source": source, **scores.to_dict()}, fh, indent=2)
    failures = check_floors(scores, args.min_f1)
    for message in failures:
        print(f"{PROG}: {message}", file=sys.stderr)
    if args.min_f1 and not failures:
        print(f"all {len(args.min_f1)} F1 floors met", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
