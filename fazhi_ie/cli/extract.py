"""``fazhi-ie extract``: report files -> spans and records (per document) or analysis tables.

Every input is checked before any model is loaded; documents run in a process pool (``--workers``) or
on a Dask cluster (``--scheduler``), results come back in input order and are written as they come, in
parts that ``--resume`` picks up after a killed run. A summary line ends every run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from tqdm import tqdm

from ..batch import extract_corpus, file_sha256
from ..parts import PartedOutput
from ..pipeline import resolve_backend
from ..tables import measures_path
from .common import (
    PROG,
    add_backend_argument,
    check_writable,
    error,
    pool_size,
    positive,
    report_tasks,
    table_file,
    warning,
)
from .writers import WRITERS

TABLE_SUFFIXES = (".csv", ".parquet", ".jsonl")
PROGRESS_SECONDS = 30  # a progress line this often when stderr is not a terminal


def add_parser(sub) -> None:
    p = sub.add_parser(
        "extract",
        help="extract spans and records from report files",
        description="Extract spans and records from report files: .txt (UTF-8, UTF-16, GB18030, Big5), "
        ".html/.htm, .pdf (text layer; --ocr for scans), .docx and, with LibreOffice, .doc.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files, or folders searched for report files")
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
    p.add_argument("--quiet", action="store_true", help="no progress and no summary line")
    p.add_argument(
        "--tables",
        type=table_file,
        metavar="FILE",
        help="write the analysis tables: one row per record of the reports' bodies (document, sha256, region, "
        "year, heading path, paragraph id, metric, value, unit, qualifier, quantity, offsets, "
        "sentence) to FILE (.csv, .parquet or .jsonl) and one row per MEASURE beside it "
        "(FILE.measures.csv …); without --out nothing else is written",
    )
    p.add_argument(
        "--workers",
        type=positive,
        default=None,
        metavar="N",
        help="processes that extract documents (default: all cores; each runs the model on one thread)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the documents on a Dask cluster (tcp://HOST:8786) instead; a .parquet table is then "
        "written as a partitioned dataset (a folder of parts)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="keep the documents an earlier, interrupted run with the same --out/--tables finished "
        "(same document id and content hash) and extract only the rest",
    )
    p.add_argument("--ocr", action="store_true", help="read PDFs without a text layer by OCR (fazhi_ie[ocr])")
    p.add_argument(
        "--part-documents",
        type=positive,
        default=50,
        metavar="N",
        help="documents per part file of a long run (what a killed run can lose and --resume redoes; default 50)",
    )
    p.set_defaults(run=run)


def _check(args: argparse.Namespace) -> list[str]:
    """Problems with the command's paths, found before any model is loaded or any file is written."""
    checks = [check_writable(args.out, "--out")]
    if args.tables:  # the measures table goes beside the records table: one folder, checked once
        checks.append(
            check_writable(args.tables, "table", make_folders=True)
            or check_writable(measures_path(args.tables), "measures table", make_folders=True)
        )
    problems = [message for message in checks if message]
    if args.resume and not (args.out or args.tables):
        problems.append("--resume needs --out or --tables (a run to stdout cannot be resumed)")
    return problems


def run(args: argparse.Namespace) -> int:
    if args.format is None:
        if args.out and args.tables is None and Path(args.out).suffix.lower() in TABLE_SUFFIXES:
            args.tables, args.out = args.out, None  # fazhi-ie extract DIR --out table.parquet
        args.format = "jsonl"
    problems = _check(args)
    for message in problems:
        error(message)
    tasks, errors = report_tasks(args.paths) if not problems else (None, [])
    if tasks is None:
        return 1

    writer = WRITERS[args.format]()
    outputs: list[PartedOutput] = []
    text_out = tables_out = None
    if args.out:
        text_out = PartedOutput(
            args.out, "text", header=writer.header, resume=args.resume, documents_per_part=args.part_documents
        )
        outputs.append(text_out)
    elif not args.tables:
        sys.stdout.write(writer.header)
    if args.tables:
        tables_out = PartedOutput(
            args.tables,
            "tables",
            resume=args.resume,
            dataset=bool(args.scheduler),
            documents_per_part=args.part_documents,
        )
        outputs.append(tables_out)
    skipped = 0
    if args.resume:
        remaining = []
        for task in tasks:
            sha = file_sha256(task.path)
            if all(o.is_done(task.document, sha) for o in outputs):
                skipped += 1
            else:
                remaining.append(task)
        tasks = remaining

    client = None
    if args.scheduler:
        from dask.distributed import Client

        client = Client(args.scheduler)
    backend = resolve_backend(args.backend)
    counts = {"documents": 0, "paragraphs": 0, "records": 0, "errors": len(errors)}
    progress = _Progress(len(tasks), quiet=args.quiet)
    try:
        for doc in extract_corpus(
            tasks,
            backend=backend,
            workers=pool_size(args.workers, len(tasks)),
            client=client,
            ocr=args.ocr,
            tables=bool(args.tables),
            spans=bool(args.out) or not args.tables,  # a tables-only run needs the rows, not the spans
        ):
            progress.step()
            if doc.error:
                error(doc.error)
                counts["errors"] += 1
                continue
            if doc.warning:
                warning(doc.warning)
            counts["documents"] += 1
            counts["paragraphs"] += doc.paragraphs
            counts["records"] += doc.records
            if text_out:
                text_out.add(doc.document, doc.sha256, writer.chunk(doc.document, doc.result))
            elif not args.tables:
                sys.stdout.write(writer.chunk(doc.document, doc.result))
            if tables_out:
                tables_out.add(doc.document, doc.sha256, (doc.record_rows, doc.measure_rows))
        written = [path for o in outputs for path in o.finish()]
    finally:
        progress.close()
        if client is not None:
            client.close()
    if not args.quiet:
        where = ", ".join(str(p) for p in written) if written else "stdout"
        resumed = f" ({skipped} kept from the interrupted run)" if skipped else ""
        print(
            f"{PROG}: {counts['documents'] + skipped} documents{resumed}, {counts['paragraphs']} paragraphs, "
            f"{counts['records']} records, {counts['errors']} errors -> {where}",
            file=sys.stderr,
        )
    return 1 if counts["errors"] else 0


class _Progress:
    """A progress bar on a terminal; elsewhere (CI logs, nohup) a line every ``PROGRESS_SECONDS``."""

    def __init__(self, total: int, quiet: bool):
        self.total, self.done, self.quiet = total, 0, quiet
        self.bar = None
        self.started = self.last = time.monotonic()
        if not quiet and total > 1 and sys.stderr.isatty():
            self.bar = tqdm(total=total, unit="file", file=sys.stderr)

    def step(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update()
        elif not self.quiet and time.monotonic() - self.last >= PROGRESS_SECONDS:
            self.last = time.monotonic()
            rate = self.done / max(self.last - self.started, 1e-9)
            print(f"{PROG}: {self.done}/{self.total} documents, {rate:.1f}/s", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # the pool's processes, not the tokenizer, use the cores
