"""Annotation campaign tooling: inline markup -> gold JSONL -> stand-off annotations, and back.

Text from ``../shared`` may not be committed, so the project keeps its own annotations of that text
*stand-off*: document id, line number, a SHA-256 of the paragraph text, spans and records, no text.
``join`` puts the text back from ``../shared`` and checks every hash, so a changed source is an error,
never a silently shifted span.

Annotators write one markup file per document (``*.ann``)::

    @ wr012-0014
    办理[行政复议案件|MET][78|Q][件|U]，同比增长[27.8|Q][%|U]。
    R 行政复议案件 | 78 | 件
    R - | 27.8 | %

``@ ID`` opens a paragraph (``ID`` = document id and 0-based line number, as in ANNOTATION.md), the
next line is the paragraph with its spans marked ``[text|Q]``, ``[text|U]``, ``[text|MET]`` or
``[text|MEA]``, and each ``R metric | value | unit`` line is one record (``-`` for null; the value in
base units). Commands::

    python -m training.annotation check FILE.ann ...            # parse, compare with ../shared text
    python -m training.annotation standoff FILE.ann ... --out corpora/campaign/NAME.jsonl
    python -m training.annotation join corpora/campaign/NAME.jsonl --out gold_dir/
    python -m training.annotation agree A.jsonl B.jsonl          # micro-F1 agreement of two annotations
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fazhi_ie.types import LABELS, NAME_LABELS, Label

log = logging.getLogger("fazhi_ie.annotation")

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
#: The short codes of the inline markup (``[78|Q]``), one per label.
LABEL_CODES = {"Q": Label.QUANTITY, "U": Label.UNIT, "MET": Label.METRIC, "MEA": Label.MEASURE}
CODE_OF = {v: k for k, v in LABEL_CODES.items()}
_MARK = re.compile(r"\[([^\[\]|\n]+)\|(" + "|".join(LABEL_CODES) + r")\]")
_ID = re.compile(r"(?P<doc>[A-Za-z0-9_]+)-(?P<line>\d{4,})")


class MarkupError(ValueError):
    """A markup file that cannot be read; the message names the file and line."""


def parse_markup(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The plain text of ``marked`` and its spans as sorted (start, end, label)."""
    parts, spans, pos, length = [], [], 0, 0
    for m in _MARK.finditer(marked):
        plain = marked[pos : m.start()]
        parts.append(plain)
        length += len(plain)
        spans.append((length, length + len(m.group(1)), LABEL_CODES[m.group(2)]))
        parts.append(m.group(1))
        length += len(m.group(1))
        pos = m.end()
    parts.append(marked[pos:])
    return "".join(parts), spans


def to_markup(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """The inverse of ``parse_markup``."""
    out, pos = [], 0
    for s, e, label in sorted(spans):
        out.append(text[pos:s])
        out.append(f"[{text[s:e]}|{CODE_OF[label]}]")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Annotated:
    """One annotated paragraph (gold JSONL fields); ``text`` is empty in stand-off form."""

    id: str
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    records: list[list] = field(default_factory=list)

    @property
    def doc(self) -> str:
        return _ID.fullmatch(self.id).group("doc")

    @property
    def line(self) -> int:
        return int(_ID.fullmatch(self.id).group("line"))

    def gold(self) -> dict:
        return {
            "id": self.id,
            "doc": self.doc,
            "text": self.text,
            "spans": [list(s) for s in self.spans],
            "records": self.records,
        }

    def standoff(self, annotator: str = "") -> dict:
        d = {
            "id": self.id,
            "doc": self.doc,
            "line": self.line,
            "sha256": text_hash(self.text),
            "spans": [list(s) for s in self.spans],
            "records": self.records,
        }
        if annotator:
            d["annotator"] = annotator
        return d


def _value(raw: str, where: str) -> float | int:
    try:
        v = float(raw.replace(",", ""))
    except ValueError:
        raise MarkupError(f"{where}: record value {raw!r} is not a number") from None
    if not math.isfinite(v):
        raise MarkupError(f"{where}: record value {raw!r} is not finite")
    return int(v) if v.is_integer() and abs(v) < 1e15 else v


def read_markup(path: str | Path) -> list[Annotated]:
    """Paragraphs of one markup file, checked for form (not yet against the source text)."""
    path = Path(path)
    out: list[Annotated] = []
    current: Annotated | None = None
    expect_text = False
    for n, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        where = f"{path}:{n}"
        line = raw.rstrip("\r")
        if expect_text:
            text, spans = parse_markup(line)
            current.text, current.spans = text, spans
            expect_text = False
            continue
        if not line.strip():
            continue
        if line.startswith("@ "):
            pid = line[2:].strip()
            if not _ID.fullmatch(pid):
                raise MarkupError(f"{where}: {pid!r} is not DOC-LINE (e.g. wr012-0014)")
            current = Annotated(pid, "")
            out.append(current)
            expect_text = True
        elif line.startswith("R ") and current is not None:
            fields = [f.strip() for f in line[2:].split("|")]
            if len(fields) != 3:
                raise MarkupError(f"{where}: a record is 'R metric | value | unit', got {line!r}")
            metric, value, unit = fields
            current.records.append(
                [None if metric == "-" else metric, _value(value, where), None if unit == "-" else unit]
            )
        else:
            raise MarkupError(f"{where}: expected '@ ID', 'R …' or a blank line, got {line[:40]!r}")
    return out


# --- the source text in ../shared ------------------------------------------------------------


@cache
def _source_lines(doc: str, shared: Path = SHARED) -> tuple[str, ...]:
    """The lines of a document's text in ``shared`` (work reports, report openings or seeds)."""
    seed = shared / "seeds" / f"{doc}.txt"
    if seed.is_file():
        return tuple(seed.read_text("utf-8").split("\n"))
    for name in ("city_work_reports_2024.jsonl", "report_openings.jsonl"):
        path = shared / "corpora" / "unlabeled" / name
        if not path.is_file():
            continue
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                if d.get("doc") == doc:
                    return tuple(d["content"].split("\n"))
    raise KeyError(f"document {doc!r} is not in {shared}")


def source_text(doc: str, line: int, shared: Path = SHARED) -> str:
    lines = _source_lines(doc, shared)
    if not 0 <= line < len(lines):
        raise KeyError(f"{doc} has {len(lines)} lines, no line {line}")
    return lines[line]


def check(paragraphs: list[Annotated], where: str, shared: Path = SHARED) -> list[str]:
    """Problems of annotated paragraphs: text differs from the source, overlaps, records off spans."""
    problems = []
    seen = set()
    for p in paragraphs:
        at = f"{where} {p.id}"
        if p.id in seen:
            problems.append(f"{at}: paragraph annotated twice")
        seen.add(p.id)
        try:
            src = source_text(p.doc, p.line, shared)
        except KeyError as exc:
            problems.append(f"{at}: {exc}")
            continue
        if p.text != src.strip() and p.text != src:
            i = next((k for k, (a, b) in enumerate(zip(p.text, src.strip())) if a != b), min(len(p.text), len(src)))
            problems.append(
                f"{at}: text differs from the source at character {i}: "
                f"{p.text[max(0, i - 8) : i + 8]!r} vs {src.strip()[max(0, i - 8) : i + 8]!r}"
            )
        last_end = -1
        for s, e, _ in sorted(p.spans):
            if s < last_end:
                problems.append(f"{at}: overlapping spans at {s}")
            last_end = e
        names = {p.text[s:e] for s, e, lab in p.spans if lab in NAME_LABELS}
        units = {p.text[s:e] for s, e, lab in p.spans if lab == Label.UNIT} | {"%"}
        for metric, _, unit in p.records:
            if metric is not None and metric not in names:
                problems.append(f"{at}: record metric {metric!r} is not a METRIC/MEASURE span")
            if unit is not None and unit not in units:
                problems.append(f"{at}: record unit {unit!r} is not a UNIT span")
    return problems


def _strip_offsets(p: Annotated, shared: Path) -> Annotated:
    """Spans relative to the paragraph as stored in gold: the source line with edges trimmed."""
    src = source_text(p.doc, p.line, shared)
    if p.text == src and src != src.strip():
        lead = len(src) - len(src.lstrip())
        p = Annotated(p.id, src.strip(), [(s - lead, e - lead, lab) for s, e, lab in p.spans], p.records)
    return p


def read_standoff(paths: Iterable[str | Path]) -> Iterator[dict]:
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise MarkupError(f"{path}:{n}: {exc}") from None


def join(paths: Iterable[str | Path], shared: Path = SHARED) -> list[dict]:
    """Gold JSONL dicts of stand-off annotations, with the text taken from ``shared``.

    Raises ``MarkupError`` when a paragraph's text no longer has the recorded hash.
    """
    out = []
    for d in read_standoff(paths):
        text = source_text(d["doc"], d["line"], shared).strip()
        if text_hash(text) != d["sha256"]:
            raise MarkupError(f"{d['id']}: the text in {shared} changed (hash mismatch); re-annotate it")
        out.append({"id": d["id"], "doc": d["doc"], "text": text, "spans": d["spans"], "records": d["records"]})
    return out


# --- agreement ------------------------------------------------------------------------------------


def agreement(a: list[dict], b: list[dict]) -> dict:
    """Strict span micro-F1 (and per label) and record F1 of ``b`` against ``a`` on shared ids."""
    bi = {d["id"]: d for d in b}
    common = [d for d in a if d["id"] in bi]
    tp, na, nb = Counter(), Counter(), Counter()
    rtp = rna = rnb = 0
    for d in common:
        sa = {tuple(s) for s in d["spans"]}
        sb = {tuple(s) for s in bi[d["id"]]["spans"]}
        for s in sa:
            na[s[2]] += 1
        for s in sb:
            nb[s[2]] += 1
        for s in sa & sb:
            tp[s[2]] += 1
        ra = Counter(_record_key(r) for r in d["records"])
        rb = Counter(_record_key(r) for r in bi[d["id"]]["records"])
        rtp += sum((ra & rb).values())
        rna += sum(ra.values())
        rnb += sum(rb.values())

    def f1(t, x, y):
        return 2 * t / (x + y) if x + y else 1.0

    out = {
        "paragraphs": len(common),
        "micro": f1(sum(tp.values()), sum(na.values()), sum(nb.values())),
        "records": f1(rtp, rna, rnb),
    }
    for label in LABELS:
        out[label] = f1(tp[label], na[label], nb[label])
    return out


def _record_key(r) -> tuple:
    metric, value, unit = r
    return (
        metric,
        round(float(value), 6) if value is not None else None,
        unicodedata.normalize("NFKC", unit) if unit else unit,
    )


# --- command line ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(prog="python -m training.annotation", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (default: ../shared)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="parse markup files and compare them with the source text")
    p.add_argument("files", nargs="+")
    p = sub.add_parser("standoff", help="markup files -> stand-off JSONL (no text)")
    p.add_argument("files", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--annotator", default="")
    p = sub.add_parser("join", help="stand-off JSONL -> gold JSONL with the text from ../shared")
    p.add_argument("files", nargs="+")
    p.add_argument("--out", required=True, help="a folder: one DOC.jsonl per document")
    p = sub.add_parser("agree", help="agreement (micro-F1) of two stand-off or gold JSONL files")
    p.add_argument("a")
    p.add_argument("b")
    args = parser.parse_args(argv)

    if args.command in ("check", "standoff"):
        rows, problems = [], []
        for f in args.files:
            try:
                paras = read_markup(f)
            except MarkupError as exc:
                problems.append(str(exc))
                continue
            problems += check(paras, f, args.shared)
            rows += [_strip_offsets(p, args.shared) for p in paras]
        for message in problems:
            log.error(message)
        n_spans = sum(len(p.spans) for p in rows)
        log.info(
            "%d paragraphs, %d spans, %d records, %d problems",
            len(rows),
            n_spans,
            sum(len(p.records) for p in rows),
            len(problems),
        )
        if problems:
            return 1
        if args.command == "standoff":
            _write_jsonl(Path(args.out), [p.standoff(args.annotator) for p in rows])
        return 0
    if args.command == "join":
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        by_doc: dict[str, list[dict]] = {}
        for d in join(args.files, args.shared):
            by_doc.setdefault(d["doc"], []).append(d)
        for doc, rows in by_doc.items():
            _write_jsonl(out / f"{doc}.jsonl", rows)
        log.info("%d documents, %d paragraphs -> %s", len(by_doc), sum(map(len, by_doc.values())), out)
        return 0
    a, b = (list(read_standoff([x])) for x in (args.a, args.b))
    sys.stdout.write(json.dumps(agreement(a, b), indent=2) + "\n")
    return 0


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    """Written to a temporary name and renamed: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)


if __name__ == "__main__":
    sys.exit(main())
