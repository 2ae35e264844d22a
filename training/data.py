"""Gold training data named on the command line: files, folders, splits and stand-off annotations.

Each ``--train``/``--dev`` item is one of

- a gold JSONL file or a folder of them (``corpora/gold``; a folder may hold stand-off files);
- ``DIR:SPLIT``: the documents of split ``SPLIT`` in the folder's ``split.json``
  (``../shared/corpora/gold_external:train``);
- a stand-off JSONL file of the annotation campaign (``corpora/campaign/wr025.jsonl``: ids, line
  numbers, hashes and spans, no text): joined with the text from ``../shared`` on the fly by
  ``training.annotation.join``, which fails on any paragraph whose text no longer has its hash.

So one training command reads every gold set where it lives and nothing derived from ``../shared``
is ever written into the project. The documents of the held-out test set (``corpora/heldout``) are
refused: nothing is trained or tuned on them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from fazhi_ie.evaluation.corpus import Example, read_jsonl, read_split, split_files

HELDOUT = Path(__file__).resolve().parents[1] / "corpora" / "heldout"


def held_out_documents(folder: Path = HELDOUT) -> frozenset[str]:
    """The document ids of the stand-off files in ``folder`` (by default the held-out test set's)."""
    from .annotation import read_standoff

    return frozenset(row["doc"] for row in read_standoff(sorted(folder.glob("*.jsonl"))))


def is_standoff(path: Path) -> bool:
    """A JSONL file whose first row has a paragraph hash and no text (campaign stand-off format)."""
    if path.suffix != ".jsonl" or not path.is_file():
        return False
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                return "sha256" in row and "text" not in row
    return False


def _split_spec(spec: str) -> tuple[Path, str] | None:
    """``(folder, split)`` for ``DIR:SPLIT`` where ``DIR`` has a split file naming ``SPLIT``."""
    folder, sep, name = str(spec).rpartition(":")
    if not sep or not name or "/" in name or not Path(folder).is_dir():
        return None
    return Path(folder), name


def read_gold(specs: Iterable[str | Path], shared: Path | None = None, held_out: bool = False) -> list[Example]:
    """The examples of every spec (see the module docstring), in order. Documents of the held-out
    test set are an error unless ``held_out`` (to leave them *out* of something, never to learn)."""
    from .annotation import SHARED, join

    out: list[Example] = []
    for spec in specs:
        split = _split_spec(str(spec))
        if split:
            folder, name = split
            if name not in read_split(folder):
                raise SystemExit(f"{spec}: no split {name!r} in {folder}/split.json")
            out.extend(read_jsonl(split_files(name, folder)))
            continue
        path = Path(spec)
        if not path.exists():
            raise SystemExit(f"{spec}: no such file or folder")
        for f in sorted(path.glob("*.jsonl")) if path.is_dir() else [path]:
            if is_standoff(f):
                out.extend(Example.from_dict(d) for d in join([f], shared or SHARED))
            else:
                out.extend(read_jsonl([f]))
    refused = [] if held_out else sorted({ex.doc for ex in out} & held_out_documents())
    if refused:
        raise SystemExit(
            f"{', '.join(refused)}: documents of the held-out test set ({HELDOUT}); nothing is trained or tuned on them"
        )
    return out
