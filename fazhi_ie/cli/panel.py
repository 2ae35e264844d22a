"""``fazhi-ie panel``: report files -> one row per (region, year, indicator) (``fazhi_ie.panel``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from ..document import parse_report
from ..panel import panel_from_records, widen
from ..pipeline import Extractor
from ..tables import build_tables, table_format, write_frames
from ..text import DecodeError, read_decoded, replacement_message
from .common import add_backend_argument, check_writable, error, warning
from .extract import REPORT_SUFFIXES, find_reports


def _table_file(spec: str) -> str:
    try:
        table_format(spec)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return spec


def add_parser(sub) -> None:
    p = sub.add_parser(
        "panel",
        help="one row per (region, year, indicator) from report files",
        description="Extract reports and write the indicator panel: one row per (region, year, indicator) with "
        "value, unit, scope, the source sentence and document; duplicates inside a report are resolved as "
        "README 'Panel' says, and flagged in the conflict column.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files, or folders searched for *.txt")
    p.add_argument(
        "--out", required=True, type=_table_file, metavar="FILE", help="panel file: .parquet, .csv or .jsonl"
    )
    p.add_argument("--wide", action="store_true", help="one row per (region, year), one column per indicator")
    add_backend_argument(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    problem = check_writable(args.out, "--out", make_folders=True)
    missing = [f"{raw}: no such file or folder" for raw in args.paths if not Path(raw).exists()]
    if problem or missing:
        for message in filter(None, [problem, *missing]):
            error(message)
        return 1
    files, errors = find_reports(args.paths)
    for message in errors:
        error(message)
    if not files:
        error(f"no report files ({', '.join(REPORT_SUFFIXES)}) in {', '.join(args.paths)}")
        return 1
    extractor = Extractor(backend=args.backend)
    pairs = []
    show_progress = len(files) > 1 and not args.quiet and sys.stderr.isatty()
    for path in tqdm(files, disable=not show_progress, unit="file", file=sys.stderr):
        try:
            decoded = read_decoded(path)
        except (DecodeError, OSError) as exc:
            error(str(exc) if str(path) in str(exc) else f"{path}: {exc}")
            errors.append(str(path))
            continue
        if decoded.replaced:
            warning(replacement_message(str(path), decoded))
        pairs.append((parse_report(decoded.text, name=path.stem), extractor.extract(decoded.text)))
    try:
        panel = panel_from_records(build_tables(pairs).records)
        write_frames([(widen(panel) if args.wide else panel, Path(args.out))])
    except (ImportError, OSError, ValueError) as exc:
        error(f"{args.out}: {exc}")
        return 1
    return 1 if errors else 0
