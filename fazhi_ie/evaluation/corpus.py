"""Annotated examples: reading and writing the gold JSONL format of ANNOTATION.md.

An ``Example`` is one paragraph with its gold spans and records, like spaCy's Example:
training turns it into character BIO tags, evaluation compares predictions against it.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .spans import LABELS, Span

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpora"
GOLD_DIR = CORPUS_DIR / "gold"


@dataclass(frozen=True)
class Example:
    id: str
    doc: str
    text: str
    spans: tuple[Span, ...] = field(default_factory=tuple)
    records: tuple[tuple, ...] = field(default_factory=tuple)  # (metric, value, unit)

    @classmethod
    def from_dict(cls, d: dict) -> Example:
        text = d["text"]
        spans = []
        for s, e, label in d.get("spans", []):
            if label not in LABELS or not (0 <= s < e <= len(text)):
                raise ValueError(f"{d.get('id')}: bad span {[s, e, label]}")
            spans.append(Span(s, e, label, text[s:e]))
        records = tuple(tuple(r) for r in d.get("records", []))
        return cls(d.get("id", ""), d.get("doc", ""), text, tuple(sorted(spans)), records)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "doc": self.doc, "text": self.text,
            "spans": [[s.start, s.end, s.label] for s in self.spans],
            "records": [list(r) for r in self.records],
        }

    def bio_tags(self) -> list[str]:
        """One BIO tag per character (the model's training target)."""
        return spans_to_bio(self.text, self.spans)


def spans_to_bio(text: str, spans: Iterable[Span]) -> list[str]:
    tags = ["O"] * len(text)
    for s in spans:
        tags[s.start] = f"B-{s.label}"
        for i in range(s.start + 1, s.end):
            tags[i] = f"I-{s.label}"
    return tags


def bio_to_spans(text: str, tags: list[str]) -> list[Span]:
    """Spans from character BIO tags; an I- without a B- starts a span (lenient decoding)."""
    spans = []
    start, label = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if start is not None:
                spans.append(Span(start, i, label, text[start:i]))
                start, label = None, None
            if tag != "O":
                start, label = i, tag[2:]
    return spans


def read_jsonl(paths: Iterable[str | Path]) -> Iterator[Example]:
    """Examples from gold JSONL files or folders of them."""
    for path in paths:
        path = Path(path)
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for f in files:
            with open(f, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if line.strip():
                        try:
                            yield Example.from_dict(json.loads(line))
                        except (json.JSONDecodeError, KeyError, ValueError) as exc:
                            raise ValueError(f"{f}:{n}: {exc}") from exc


def load_split(name: str, gold_dir: Path = GOLD_DIR) -> list[Example]:
    """The examples of the ``train`` or ``dev`` documents of ``corpora/split.json``."""
    split = json.loads((CORPUS_DIR / "split.json").read_text("utf-8"))
    if name not in split:
        raise KeyError(f"no split {name!r}; have {[k for k in split if not k.startswith('_')]}")
    return [ex for doc in split[name] for ex in read_jsonl([gold_dir / f"{doc}.jsonl"])]


def split_files(name: str, gold_dir: Path = GOLD_DIR) -> list[Path]:
    split = json.loads((CORPUS_DIR / "split.json").read_text("utf-8"))
    return [gold_dir / f"{doc}.jsonl" for doc in split[name]]
