"""``fazhi-ie evaluate``: score a backend on gold JSONL; ``--floors`` turns it into a CI gate."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..evaluation.corpus import GOLD_DIR, load_split, read_jsonl
from ..evaluation.floors import read_floors
from ..evaluation.report import write_evaluation_report
from ..evaluation.scoring import document_places, evaluate
from ..pipeline import Extractor
from ..types import SCORE_NAMES
from .common import PROG, add_backend_argument


def _floor(spec: str) -> tuple[str, float]:
    """``METRIC=0.6`` -> ("METRIC", 0.6), for --min-f1."""
    name, sep, value = spec.partition("=")
    if not sep or name not in SCORE_NAMES:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE with NAME one of {', '.join(SCORE_NAMES)}, got {spec!r}")
    try:
        floor = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{spec!r}: {value!r} is not a number") from None
    if not 0.0 <= floor <= 1.0:
        raise argparse.ArgumentTypeError(f"{spec!r}: a floor is between 0 and 1")
    return name, floor


def add_parser(sub) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score a backend on gold JSONL (strict spans, records)",
        description="Per-label precision/recall/F1 (strict span match), micro F1 and record P/R/F1.",
    )
    p.add_argument("paths", nargs="*", metavar="GOLD", help="gold .jsonl files or folders of them")
    p.add_argument(
        "--split",
        choices=("train", "dev"),
        help="only the train or dev documents of the gold folder's split.json (default folder: the seed gold)",
    )
    add_backend_argument(p)
    p.add_argument("--json", metavar="FILE", help="also write the scores as JSON")
    p.add_argument(
        "--min-f1",
        type=_floor,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="exit 1 if the F1 of NAME (a label, micro or records) is under VALUE; repeatable",
    )
    p.add_argument(
        "--floors",
        type=_floors_file,
        action="append",
        default=[],
        metavar="FILE:GATE",
        help="the floors of GATE in a JSON floors file (e.g. corpora/floors.json:seed-dev/rules), "
        "as if each were given with --min-f1",
    )
    p.add_argument(
        "--paragraphs-alone",
        action="store_true",
        help="tag each paragraph knowing nothing of its report (default: knowing how the report names "
        "its own place, read from its paragraphs as `extract` reads a whole report)",
    )
    p.add_argument(
        "--report",
        metavar="DIR",
        help="also write DIR/report.md with PNG plots (P/R/F1 per label, "
        "errors by kind) and sample errors; print its summary",
    )
    p.set_defaults(run=run)


def _floors_file(spec: str) -> list[tuple[str, float]]:
    path, sep, gate = spec.rpartition(":")
    if not sep or not path or not gate:
        raise argparse.ArgumentTypeError(f"expected FILE:GATE, got {spec!r}")
    try:
        return read_floors(path, gate)
    except (OSError, ValueError, KeyError) as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def load_gold(args: argparse.Namespace) -> list:
    if args.split:
        if len(args.paths) > 1 or (args.paths and not Path(args.paths[0]).is_dir()):
            raise SystemExit(
                f"{PROG}: error: --split takes one gold folder (with a split.json), or none for the seed gold"
            )
        try:
            return load_split(args.split, args.paths[0] if args.paths else GOLD_DIR)
        except (OSError, KeyError, ValueError) as exc:
            raise SystemExit(f"{PROG}: error: {exc}") from None
    if not args.paths:
        raise SystemExit(f"{PROG}: error: give gold .jsonl paths or --split train|dev")
    for raw in args.paths:
        if not Path(raw).exists():
            raise SystemExit(f"{PROG}: error: {raw}: no such file or folder")
    try:
        return list(read_jsonl(args.paths))
    except (ValueError, UnicodeDecodeError) as exc:
        raise SystemExit(f"{PROG}: error: {exc}") from None


def check_floors(scores, floors: list[tuple[str, float]]) -> list[str]:
    """Messages for the scores under their floors (empty when all are met)."""
    failures = []
    for name, floor in floors:
        prf = scores.labels.get(name) or getattr(scores, name)
        if prf.f1 < floor:
            failures.append(f"{name} F1 {prf.f1:.3f} is under its floor {floor:.3f}")
    return failures


def run(args: argparse.Namespace) -> int:
    examples = load_gold(args)
    if not examples:
        raise SystemExit(f"{PROG}: error: no gold examples found")
    extractor = Extractor(backend=args.backend)
    source = ", ".join(args.paths) or "seed gold"
    if args.split:
        source = f"{source}, {args.split} documents"
    title = f"{extractor.backend} on {source} ({len(examples)} paragraphs)"
    documents = not args.paragraphs_alone
    places = document_places(examples) if documents else {}
    if args.paragraphs_alone:
        title += ", paragraphs alone"
    report = (
        write_evaluation_report(extractor, examples, args.report, title=title, documents=documents, places=places)
        if args.report
        else None
    )
    scores = report.analysis.scores if report else evaluate(extractor, examples, documents, places)  # the same
    print(scores.table(title))
    if report:
        print(report.summary)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"backend": extractor.backend, "source": source, **scores.to_dict()}, fh, indent=2)
    if documents:
        named = sum(1 for own in places.values() if own)
        print(
            f"{named} of {len(places)} documents name their own place (each paragraph read knowing it)", file=sys.stderr
        )
    floors = args.min_f1 + [floor for gate in args.floors for floor in gate]
    failures = check_floors(scores, floors)
    for message in failures:
        print(f"{PROG}: {message}", file=sys.stderr)
    if floors and not failures:
        print(f"all {len(floors)} F1 floors met", file=sys.stderr)
    return 1 if failures else 0
