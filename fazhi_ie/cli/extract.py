"""``fazhi-ie extract``: report files -> spans and records (per document) or analysis tables."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tqdm import tqdm

from ..document import parse_report
from ..pipeline import Extractor
from ..tables import build_tables, table_format, write_tables
from ..text import DecodeError, read_text
from .common import add_backend_argument, error, output
from .writers import WRITERS

TABLE_SUFFIXES = (".csv", ".parquet", ".jsonl")


def add_parser(sub) -> None:
    p = sub.add_parser(
        "extract",
        help="extract spans and records from report files",
        description="Extract spans and records from report files (.txt, any of UTF-8, UTF-16, GB18030).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files, or folders searched for *.txt")
    add_backend_argument(p)
    p.add_argument(
        "--format",
        choices=sorted(WRITERS),
        default=None,
        help="jsonl: one line per document; csv: one row per record; table: for reading (default: jsonl)",
    )
    p.add_argument(
        "--out",
        metavar="FILE",
        help="write here instead of stdout; without --format, a FILE ending in .csv, .parquet or .jsonl "
        "gets the analysis tables (as --tables FILE)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--tables",
        type=_tables_file,
        metavar="FILE",
        help="write the analysis tables: one row per record of the reports' bodies (document, region, "
        "year, heading path, paragraph id, metric, value, unit, qualifier, quantity, offsets, "
        "sentence) to FILE (.csv, .parquet or .jsonl) and one row per MEASURE beside it "
        "(FILE.measures.csv …); without --out nothing else is written",
    )
    p.set_defaults(run=run)


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


def run(args: argparse.Namespace) -> int:
    if args.format is None:
        if args.out and args.tables is None and Path(args.out).suffix.lower() in TABLE_SUFFIXES:
            args.tables, args.out = args.out, None  # fazhi-ie extract DIR --out table.parquet
        args.format = "jsonl"
    files, errors = find_reports(args.paths)
    for message in errors:
        error(message)
    extractor = Extractor(backend=args.backend)
    show_progress = len(files) > 1 and not args.quiet and sys.stderr.isatty()
    newline = "" if args.format == "csv" else None
    tables_only = args.tables and args.out is None
    reports = []  # (Report, Extraction) for --tables
    with output(os.devnull if tables_only else args.out, newline) as out:
        write = WRITERS[args.format](out)
        for path in tqdm(files, disable=not show_progress, unit="file", file=sys.stderr):
            try:
                text = read_text(path)
            except (DecodeError, OSError) as exc:
                error(str(exc) if str(path) in str(exc) else f"{path}: {exc}")
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
            error(f"{args.tables}: {exc}")
            return 1
    return 1 if errors else 0
