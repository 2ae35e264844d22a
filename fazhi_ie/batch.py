"""A corpus of report files: identity, every core busy (or a Dask cluster), results in input order.

``find_reports`` walks the inputs for every supported format and gives each file a stable document id:
its path relative to the inputs' common folder (``sub/report.pdf``), so two ``report.txt`` in different
folders never share an id. ``extract_corpus`` runs the documents in a local process pool (``workers``,
default: all cores; each worker loads the model once and runs torch on one thread) or on a Dask cluster
(``client``), and yields one ``DocumentOutput`` per file in input order, whatever the number of workers:
a document is always extracted alone, so its result never depends on the other documents.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .document.formats import SUPPORTED_SUFFIXES, read_source
from .document.report import replacement_warning, report_of_source
from .pipeline import Extractor
from .tables import rows_of_measures, rows_of_records
from .text import DecodeError
from .types import Extraction


@dataclass(frozen=True)
class DocumentTask:
    """One file to extract: where it is and the id it has in every output."""

    path: str
    document: str


@dataclass
class DocumentOutput:
    """What one document gave: its extraction (without the text; ``None`` when not asked for), its counts,
    table rows, or the error that stopped it."""

    document: str
    path: str
    sha256: str | None = None
    format: str | None = None
    error: str | None = None
    warning: str | None = None
    result: Extraction | None = None
    paragraphs: int = 0
    records: int = 0
    record_rows: list[dict[str, Any]] = field(default_factory=list)
    measure_rows: list[dict[str, Any]] = field(default_factory=list)


# --- finding the files ------------------------------------------------------------------------


def find_reports(paths: Iterable[str | Path]) -> tuple[list[DocumentTask], list[str]]:
    """The report files of ``paths`` (folders walked for every supported suffix, sorted) with their ids,
    and errors naming what could not be walked: missing paths, symbolic link loops, unreadable folders."""
    paths = [Path(p) for p in paths]
    errors = [f"{p}: no such file or folder" for p in paths if not p.exists()]
    existing = [p for p in paths if p.exists()]
    roots = [p if p.is_dir() else p.parent for p in existing]
    common = Path(os.path.commonpath([os.path.abspath(r) for r in roots])) if roots else Path(".")
    tasks: list[DocumentTask] = []
    seen: set[str] = set()
    for path in existing:
        files, problems = _walk(path) if path.is_dir() else ([path], [])
        errors += problems
        for f in files:
            document = Path(os.path.relpath(os.path.abspath(f), common)).as_posix()
            if document not in seen:  # the same file given twice is read once
                seen.add(document)
                tasks.append(DocumentTask(str(f), document))
    return tasks, errors


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
            if candidate.suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("."):
                if candidate.is_file():
                    found.append(candidate)
                elif candidate.is_symlink():
                    problems.append(f"{candidate}: broken symbolic link, skipped")
    return sorted(found), problems


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- one document ------------------------------------------------------------------------------


def extract_document(
    task: DocumentTask, extractor: Extractor, ocr: bool = False, tables: bool = True, spans: bool = True
) -> DocumentOutput:
    """Read, extract and tabulate one file; a file that cannot be read gives an error, never an exception.

    ``spans=False`` leaves the extraction out (counts and table rows only): less to send back from a worker."""
    try:
        source = read_source(task.path, ocr=ocr)
    except (DecodeError, OSError) as exc:
        message = str(exc) if task.path in str(exc) else f"{task.path}: {exc}"
        return DocumentOutput(task.document, task.path, error=message)
    report = report_of_source(source, task.document)
    warning = replacement_warning(source, task.path)
    result = extractor.extract_report(report)
    out = DocumentOutput(
        task.document,
        task.path,
        source.sha256,
        source.format,
        warning=warning,
        result=replace(result, text="") if spans else None,
        paragraphs=len(report.paragraphs),
        records=len(result.records),
    )
    if tables:
        out.record_rows = rows_of_records(report, result, task.document)
        out.measure_rows = rows_of_measures(report, result, task.document)
    return out


_worker_state: dict[str, Any] = {}


def _start_worker(backend: str | None, model: str | None, options: dict) -> None:
    """Once per worker process: one extractor running one thread (the processes share the cores).

    With ONNX Runtime (the default on CPU) a worker never imports torch: it starts in about a second."""
    _worker_state["extractor"] = _make_extractor(backend, model, options, num_threads=1)


def _make_extractor(backend: str | None, model: str | None, options: dict, num_threads: int | None = None):
    if backend not in (None, "rules") and num_threads:
        options = {**options, "num_threads": num_threads}
    import warnings

    with warnings.catch_warnings():  # the main process already warned about a fallback to the rules
        warnings.simplefilter("ignore")
        return Extractor(backend=backend, model=model, **options)


def _run_in_worker(task: DocumentTask, ocr: bool, tables: bool, spans: bool = True) -> DocumentOutput:
    return extract_document(task, _worker_state["extractor"], ocr, tables, spans)


def _run_on_dask_worker(
    task: DocumentTask, backend, model, options, ocr: bool, tables: bool, spans: bool = True
) -> DocumentOutput:
    """On a Dask worker: the extractor is made once per worker process and kept."""
    key = repr((backend, model, sorted(options.items())))
    if _worker_state.get("key") != key:
        _start_worker(backend, model, options)
        _worker_state["key"] = key
    return _run_in_worker(task, ocr, tables, spans)


# --- many documents -----------------------------------------------------------------------------


def extract_corpus(
    tasks: Iterable[DocumentTask],
    *,
    backend: str | None = None,
    model: str | None = None,
    workers: int | None = None,
    client=None,
    ocr: bool = False,
    tables: bool = True,
    spans: bool = True,
    **options,
) -> Iterator[DocumentOutput]:
    """``DocumentOutput``s of ``tasks`` in input order.

    ``tables``: with record and measure table rows; ``spans``: with the extraction itself.
    ``workers``: processes on this machine (default: all cores; 1 runs in this process);
    ``client``: a ``dask.distributed.Client``, whose workers run the documents instead.
    Documents are handed out a few at a time, so memory does not grow with the corpus.
    """
    tasks = iter(tasks)
    if client is not None:
        yield from _ordered(
            (
                client.submit(_run_on_dask_worker, t, backend, model, options, ocr, tables, spans, pure=False)
                for t in tasks
            ),
            window=4 * max(1, len(client.scheduler_info().get("workers", {})) or 1),
        )
        return
    workers = workers or os.cpu_count() or 1
    if workers == 1:  # one thread here too: two threads fight for a core the moment another job runs
        extractor = _make_extractor(backend, model, options, num_threads=1)
        for task in tasks:
            yield extract_document(task, extractor, ocr, tables, spans)
        return
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(backend, model, options),
    ) as pool:
        yield from _ordered((pool.submit(_run_in_worker, t, ocr, tables, spans) for t in tasks), window=16 * workers)


def _ordered(futures: Iterator[Future], window: int) -> Iterator[DocumentOutput]:
    """Results of ``futures`` in submission order, with at most ``window`` submitted and not yet yielded."""
    pending: deque = deque()
    for future in futures:
        pending.append(future)
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
