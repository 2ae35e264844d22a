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
            "id": self.id,
            "doc": self.doc,
            "text": self.text,
            "spans": [[s.start, s.end, s.label] for s in self.spans],
            "records": [list(r) for r in self.records],
        }

    def bio_tags(self) -> list[str]:
        """One BIO tag per character (the model's training target)."""
        return spans_to_bio(self.text, self.spans)


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
