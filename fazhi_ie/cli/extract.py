"""``fazhi-ie extract``: report files -> spans and records (per document) or analysis tables."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tqdm import tqdm

from ..document import parse_report
from ..pipeline import Extractor
from ..tables import build_tables, measures_path, table_format, write_tables
from ..text import DecodeError, read_decoded, replacement_message
from .common import add_backend_argument, check_writable, error, output, warning
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


REPORT_SUFFIXES = (".txt",)


def find_reports(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files to read (folders: every report file below, sorted) and errors: paths that do not exist,
    symbolic link loops and unreadable folders, each named."""
    files: list[Path] = []
    errors: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, problems = _walk(path)
            files.extend(found)
            errors.extend(problems)
        elif path.is_file():
            files.append(path)
        else:
            errors.append(f"{raw}: no such file or folder")
    return files, errors


def _walk(root: Path) -> tuple[list[Path], list[str]]:
    """Report files under ``root``, following links to folders once each; a link loop is named, not followed."""
    found, problems = [], []
    seen = {os.path.realpath(root)}

    def onerror(exc: OSError) -> None:
        problems.append(f"{exc.filename}: cannot read the folder ({exc.strerror})")

    for folder, dirs, names in os.walk(root, followlinks=True, onerror=onerror):
        keep = []
        for d in sorted(dirs):
            real = os.path.realpath(os.path.join(folder, d))
            if real in seen:
                problems.append(f"{os.path.join(folder, d)}: symbolic link loop (to {real}), skipped")
            else:
                seen.add(real)
                keep.append(d)
        dirs[:] = keep
        for name in names:
            candidate = Path(folder) / name
            if candidate.suffix.lower() in REPORT_SUFFIXES:
                if candidate.is_file():
                    found.append(candidate)
                elif candidate.is_symlink():
                    problems.append(f"{candidate}: broken symbolic link, skipped")
    return sorted(found), problems


def run(args: argparse.Namespace) -> int:
    if args.format is None:
        if args.out and args.tables is None and Path(args.out).suffix.lower() in TABLE_SUFFIXES:
            args.tables, args.out = args.out, None  # fazhi-ie extract DIR --out table.parquet
        args.format = "jsonl"
    checks = [check_writable(args.out, "--out")]
    if args.tables:  # the measures table goes beside the records table: one folder, checked once
        checks.append(
            check_writable(args.tables, "table", make_folders=True)
            or check_writable(measures_path(args.tables), "measures table", make_folders=True)
        )
    problems = [message for message in checks if message]
    missing = [f"{raw}: no such file or folder" for raw in args.paths if not Path(raw).exists()]
    if problems or missing:  # before any model is loaded and any file written
        for message in problems + missing:
            error(message)
        return 1
    files, errors = find_reports(args.paths)
    for message in errors:
        error(message)
    if not files:
        error(f"no report files ({', '.join(REPORT_SUFFIXES)}) in {', '.join(args.paths)}")
        return 1
    extractor = Extractor(backend=args.backend)
    show_progress = len(files) > 1 and not args.quiet and sys.stderr.isatty()
    newline = "" if args.format == "csv" else None
    tables_only = args.tables and args.out is None
    reports = []  # (Report, Extraction) for --tables
    with output(os.devnull if tables_only else args.out, newline) as out:
        write = WRITERS[args.format](out)
        for path in tqdm(files, disable=not show_progress, unit="file", file=sys.stderr):
            try:
                decoded = read_decoded(path)
            except (DecodeError, OSError) as exc:
                error(str(exc) if str(path) in str(exc) else f"{path}: {exc}")
                errors.append(str(path))
                continue
            if decoded.replaced:
                warning(replacement_message(str(path), decoded))
            text = decoded.text
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
