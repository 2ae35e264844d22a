"""``fazhi-ie show``: one report as an HTML page, spans highlighted (displaCy) and records beside them."""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

from ..document import read_report
from ..pipeline import Extractor
from ..text import DecodeError
from .common import add_backend_argument, check_writable, error, warning, write_atomically


def add_parser(sub) -> None:
    p = sub.add_parser(
        "show",
        help="render a report with its spans and records as HTML",
        description="Render one report as an HTML page: its spans highlighted with spaCy's displaCy and each "
        "paragraph's records (indicator, role, year) beside it, to check the extraction in a browser.",
    )
    p.add_argument("report", metavar="REPORT", help="report file (.txt, .html, .pdf, .docx, .doc)")
    p.add_argument("--html", required=True, metavar="FILE", help="HTML file to write")
    add_backend_argument(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    problem = check_writable(args.html, "--html")
    if problem:
        error(problem)
        return 1
    path = Path(args.report)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            report = read_report(path)
    except (DecodeError, OSError) as exc:
        error(str(exc) if str(path) in str(exc) else f"{path}: {exc}")
        return 1
    for message in caught:
        warning(str(message.message))
    try:
        from ..integrations.html import render_report

        page = render_report(report, Extractor(backend=args.backend).extract_report(report))
    except ImportError as exc:
        error(f"show needs spaCy (pip install fazhi_ie[spacy]): {exc}")
        return 1
    write_atomically(args.html, page)
    return 0
