"""The ``fazhi-ie`` command: one module per subcommand (``extract.py``, ``evaluate.py``, ``labelstudio.py``,
``panel.py``, ``plot.py``, ``show.py``).

Each subcommand module has ``add_parser(sub)``, which declares its arguments, and ``run(args)``,
which does the work and returns the exit status, so a new option or output format is added in
one place. Errors about one input file are reported on stderr and the other files are still
processed; the exit status is 1 at the end.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..resources import package_version
from . import evaluate, extract, labelstudio, panel, plot, show
from .common import PROG, error

SUBCOMMANDS = (extract, evaluate, labelstudio, panel, plot, show)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # `fazhi-ie extract … | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
    except OSError as exc:  # --out/--json in a missing folder, a full disk …
        error(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc))
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Quantities, units, metrics and measures from Chinese rule-of-law reports."
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in SUBCOMMANDS:
        command.add_parser(sub)
    return parser
