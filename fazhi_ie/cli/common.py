"""What every subcommand shares: the program name, error lines, the backend option, outputs."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

PROG = "fazhi-ie"
BACKENDS = ("rules", "model", "hybrid")


def table_file(spec: str) -> str:
    """An argparse type: a table file name whose suffix says its format (.csv, .parquet, .jsonl)."""
    from ..tables import table_format

    try:
        table_format(spec)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return spec


def positive(spec: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(spec)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{spec!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return value


def pool_size(requested: int | None, tasks: int) -> int:
    """Worker processes for ``tasks`` documents: as asked (default: all cores), never more than documents."""
    return max(1, min(requested or os.cpu_count() or 1, tasks))


def error(message: str) -> None:
    """One line on stderr that does not break a running progress bar."""
    tqdm.write(f"{PROG}: error: {message}", file=sys.stderr)


def add_backend_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="tagger to use (default: the best available: hybrid with the shipped model, else rules)",
    )


def warning(message: str) -> None:
    tqdm.write(f"{PROG}: warning: {message}", file=sys.stderr)


@contextmanager
def output(path: str | None, newline: str | None = None) -> Iterator[TextIO]:
    """stdout, or ``path`` written under a temporary name in its folder and renamed once complete."""
    if path is None:
        yield sys.stdout
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; the output is an ordinary file
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(path: str | Path | None, what: str = "output", make_folders: bool = False) -> str | None:
    """Why ``path`` cannot be written (a message naming it), or None; checked before any work.

    With ``make_folders`` a missing folder is fine when it can be made in the nearest existing one.
    """
    if path is None:
        return None
    path = Path(path)
    if path.is_dir():
        return f"{path}: the {what} is a folder, not a file"
    folder = path.parent
    if make_folders:
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
    if not folder.is_dir():
        return (
            f"{path}: no folder {folder} for the {what}" if not folder.exists() else f"{path}: {folder} is not a folder"
        )
    if not os.access(folder, os.W_OK):
        return f"{path}: cannot write the {what} into {folder}"
    return None


def write_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` to a temporary file in the same folder and rename it: never a half-written file."""
    with output(str(path)) as fh:
        fh.write(text)


def report_tasks(paths: list[str]) -> tuple[list | None, list[str]]:
    """The report files of ``paths`` as corpus tasks (``fazhi_ie.batch``) and the problems met walking them,
    each named on stderr. Tasks are None when a path does not exist or no report file is found: the
    command fails before any work."""
    from ..batch import find_reports
    from ..document.formats import SUPPORTED_SUFFIXES

    missing = [f"{raw}: no such file or folder" for raw in paths if not Path(raw).exists()]
    for message in missing:
        error(message)
    if missing:
        return None, missing
    tasks, errors = find_reports(paths)
    for message in errors:
        error(message)
    if not tasks:
        error(f"no report files ({', '.join(SUPPORTED_SUFFIXES)}) in {', '.join(paths)}")
        return None, errors
    return tasks, errors
