"""Annotated examples: reading and writing the gold JSONL format of ANNOTATION.md.

An ``Example`` is one paragraph with its gold spans and records, like spaCy's Example:
training turns it into character BIO tags, evaluation compares predictions against it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import resources
from ..taggers.bio import spans_to_bio
from ..types import LABELS, Span

GOLD_DIR = resources.gold_dir()
SPLIT_FILE = "split.json"


@dataclass(frozen=True)
class Example:
    id: str
    doc: str
    text: str
    spans: tuple[Span, ...] = field(default_factory=tuple)
    records: tuple[tuple, ...] = field(default_factory=tuple)  # (metric, value, unit)

    @classmethod
    def from_dict(cls, d: object) -> Example:
        """An example from one parsed JSON line; ``GoldError`` says what is wrong with it (and its id)."""
        try:
            return cls._from_dict(d)
        except GoldError as exc:
            pid = d.get("id") if isinstance(d, dict) else None
            raise GoldError(f"{pid}: {exc}" if isinstance(pid, str) and pid else str(exc)) from None

    @classmethod
    def _from_dict(cls, d: object) -> Example:
        if not isinstance(d, dict):
            raise GoldError(f"expected a JSON object, got {type(d).__name__}")
        text = d.get("text")
        if not isinstance(text, str):
            raise GoldError(f"'text' must be a string, got {_kind(text)}")
        for key in ("id", "doc"):
            if not isinstance(d.get(key, ""), str):
                raise GoldError(f"{key!r} must be a string, got {_kind(d.get(key))}")
        raw_spans, raw_records = d.get("spans", []), d.get("records", [])
        if not isinstance(raw_spans, list):
            raise GoldError(f"'spans' must be a list, got {_kind(raw_spans)}")
        if not isinstance(raw_records, list):
            raise GoldError(f"'records' must be a list, got {_kind(raw_records)}")
        spans = sorted(_span(raw, text) for raw in raw_spans)
        for a, b in zip(spans, spans[1:]):
            if b.start < a.end:
                kind = "duplicate" if (a.start, a.end) == (b.start, b.end) else "overlapping"
                raise GoldError(f"{kind} spans {[a.start, a.end, a.label]} and {[b.start, b.end, b.label]}")
        records = tuple(_record(raw) for raw in raw_records)
        return cls(d.get("id", ""), d.get("doc", ""), text, tuple(spans), records)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "doc": self.doc,
            "text": self.text,
            "spans": [[s.start, s.end, s.label] for s in self.spans],
            "records": [list(r) for r in self.records],
        }

    def bio_tags(self) -> list[str]:
        """One BIO tag per character (the model's training target)."""
        return spans_to_bio(self.text, self.spans)


class GoldError(ValueError):
    """A gold example that does not follow the format of ANNOTATION.md; the reader adds file:line."""


def _kind(value: object) -> str:
    return "null" if value is None else f"{type(value).__name__} {value!r}"[:60]


def _span(raw: object, text: str) -> Span:
    if not (isinstance(raw, list) and len(raw) == 3):
        raise GoldError(f"a span is [start, end, label], got {_kind(raw)}")
    s, e, label = raw
    if type(s) is not int or type(e) is not int:
        raise GoldError(f"span offsets must be integers, got {raw!r}")
    if label not in LABELS:
        raise GoldError(f"span label must be one of {', '.join(LABELS)}, got {label!r}")
    if not 0 <= s < e <= len(text):
        raise GoldError(f"span {raw!r} lies outside the text ({len(text)} characters)")
    return Span(s, e, label, text[s:e])


def _record(raw: object) -> tuple:
    if not (isinstance(raw, list) and len(raw) == 3):
        raise GoldError(f"a record is [metric, value, unit], got {_kind(raw)}")
    metric, value, unit = raw
    if metric is not None and not isinstance(metric, str):
        raise GoldError(f"a record's metric is a string or null, got {_kind(metric)}")
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise GoldError(f"a record's value is a number or null, got {_kind(value)}")
    if unit is not None and not isinstance(unit, str):
        raise GoldError(f"a record's unit is a string or null, got {_kind(unit)}")
    return (metric, value, unit)


def read_jsonl(paths: Iterable[str | Path]) -> Iterator[Example]:
    """Examples from gold JSONL files or folders of them; a malformed line raises ``GoldError`` naming
    ``file:line`` and the problem."""
    for path in paths:
        path = Path(path)
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for f in files:
            with open(f, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if line.strip():
                        try:
                            example = Example.from_dict(json.loads(line))
                        except (json.JSONDecodeError, GoldError) as exc:
                            raise GoldError(f"{f}:{n}: {exc}") from None
                        yield example


def read_split(gold_dir: str | Path = GOLD_DIR) -> dict[str, list[str]]:
    """``{split name: document ids}`` of a gold folder's ``split.json`` (split by document)."""
    path = Path(gold_dir) / SPLIT_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no split file (a gold folder with --split needs one)")
    split = json.loads(path.read_text("utf-8"))
    return {k: v for k, v in split.items() if not k.startswith("_") and isinstance(v, list)}


def split_files(name: str, gold_dir: str | Path = GOLD_DIR) -> list[Path]:
    """The gold files of the ``name`` documents (``train``, ``dev``) of a gold folder."""
    split = read_split(gold_dir)
    if name not in split:
        raise KeyError(f"no split {name!r} in {Path(gold_dir) / SPLIT_FILE}; have {sorted(split)}")
    return [Path(gold_dir) / f"{doc}.jsonl" for doc in split[name]]


def load_split(name: str, gold_dir: str | Path = GOLD_DIR) -> list[Example]:
    """The examples of the ``train`` or ``dev`` documents of a gold folder (default: the seed gold)."""
    return list(read_jsonl(split_files(name, gold_dir)))
