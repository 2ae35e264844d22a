"""``fazhi-ie export-tasks`` and ``fazhi-ie import-annotations``: annotate your own reports in Label Studio.

export-tasks writes the body paragraphs of reports, pre-annotated by the extractor, as Label Studio
tasks (JSON import format) and the labelling interface beside them (``…label_config.xml``);
import-annotations turns a Label Studio JSON export into gold JSONL (one file per document) that
``python -m training.train --train DIR`` and ``fazhi-ie evaluate DIR`` read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..batch import find_reports
from ..document import read_report
from ..evaluation.labelstudio import LABEL_CONFIG, LabelStudioError, examples_from_export, tasks_from_reports
from ..pipeline import Extractor
from ..resources import package_version
from ..text import DecodeError
from .common import add_backend_argument, error, write_atomically


def add_parser(sub) -> None:
    p = sub.add_parser(
        "export-tasks",
        help="report paragraphs with pre-annotations as Label Studio tasks",
        description=__doc__.split("\n\n")[0],
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files, or folders searched for *.txt")
    p.add_argument("--out", required=True, metavar="FILE", help="tasks JSON (Label Studio import format)")
    add_backend_argument(p)
    p.set_defaults(run=run_export)
    p = sub.add_parser(
        "import-annotations",
        help="a Label Studio JSON export -> gold JSONL",
        description="Read a Label Studio JSON export into gold JSONL, one DOC.jsonl per document.",
    )
    p.add_argument("export", metavar="EXPORT", help="the JSON file exported from Label Studio")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the gold JSONL files")
    p.set_defaults(run=run_import)


def run_export(args: argparse.Namespace) -> int:
    tasks, errors = find_reports(args.paths)
    for message in errors:
        error(message)
    if not tasks:
        error("no report files to export")
        return 1
    reports = []
    for task in tasks:
        try:
            reports.append(read_report(task.path, name=task.document))
        except (DecodeError, OSError) as exc:
            error(str(exc))
            errors.append(task.path)
    extractor = Extractor(backend=args.backend)
    tasks = list(tasks_from_reports(reports, extractor, f"fazhi_ie {package_version()} {extractor.backend}"))
    out = Path(args.out)
    write_atomically(out, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
    config = out.with_name(out.stem + ".label_config.xml")
    write_atomically(config, LABEL_CONFIG)
    print(f"{len(tasks)} tasks from {len(reports)} reports -> {out} (labelling interface: {config})")
    return 1 if errors else 0


def run_import(args: argparse.Namespace) -> int:
    try:
        examples = examples_from_export(args.export)
    except (OSError, LabelStudioError) as exc:
        error(str(exc))
        return 1
    by_doc: dict[str, list] = {}
    for ex in examples:
        by_doc.setdefault(ex.doc or Path(args.export).stem, []).append(ex)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for doc, rows in sorted(by_doc.items()):
        write_atomically(
            out / f"{doc}.jsonl", "".join(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n" for ex in rows)
        )
    print(f"{len(examples)} annotated paragraphs of {len(by_doc)} documents -> {out}")
    return 0
