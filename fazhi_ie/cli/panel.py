"""``fazhi-ie panel``: report files -> one row per (region, year, indicator) (``fazhi_ie.panel``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..batch import extract_corpus
from ..panel import panel_from_records, widen
from ..pipeline import resolve_backend
from ..tables import RECORD_COLUMNS, frame, write_frames
from .common import add_backend_argument, check_writable, error, pool_size, positive, report_tasks, table_file, warning


def add_parser(sub) -> None:
    p = sub.add_parser(
        "panel",
        help="one row per (region, year, indicator) from report files",
        description="Extract reports and write the indicator panel: one row per (region, year, indicator) with "
        "value, unit, scope, the source sentence and document; duplicates inside a report are resolved as "
        "README 'Indicators and the panel' says, and flagged in the conflict column.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files, or folders searched for report files")
    p.add_argument("--out", required=True, type=table_file, metavar="FILE", help="panel file: .parquet, .csv or .jsonl")
    p.add_argument("--wide", action="store_true", help="one row per (region, year), one column per indicator")
    add_backend_argument(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--workers", type=positive, default=None, metavar="N", help="processes (default: all cores)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    problem = check_writable(args.out, "--out", make_folders=True)
    if problem:
        error(problem)
        return 1
    tasks, errors = report_tasks(args.paths)
    if tasks is None:
        return 1
    rows = []
    workers = pool_size(args.workers, len(tasks))
    for doc in extract_corpus(tasks, backend=resolve_backend(args.backend), workers=workers):
        if doc.error:
            error(doc.error)
            errors.append(doc.path)
            continue
        if doc.warning:
            warning(doc.warning)
        rows.extend(doc.record_rows)
    try:
        panel = panel_from_records(frame(rows, RECORD_COLUMNS))
        write_frames([(widen(panel) if args.wide else panel, Path(args.out))])
    except (ImportError, OSError, ValueError) as exc:
        error(f"{args.out}: {exc}")
        return 1
    return 1 if errors else 0
