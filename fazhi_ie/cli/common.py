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


@contextmanager
def output(path: str | None, newline: str | None = None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8", newline=newline) as fh:
            yield fh


def write_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` to a temporary file in the same folder and rename it: never a half-written file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
