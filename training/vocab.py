"""A character vocabulary for the scratch model, built from raw text corpora.

The scratch model reads one token per character, so its vocabulary is a list of
characters: every character of the given corpora (seen at least ``min_count`` times),
plus digits, Latin letters and ASCII/CJK punctuation so that numbers and codes in unseen
reports never fall to ``[UNK]``. Text goes through ``fazhi_ie.text.matching_view`` first
(as the tagger's input does), so full-width and traditional forms need no entries.
"""

from __future__ import annotations

import json
import string
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from fazhi_ie.text import matching_view, read_text

SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
ALWAYS = (
    string.digits
    + string.ascii_lowercase
    + string.punctuation
    + "，。；：！？（）《》“”‘’、…—～·〔〕【】「」『』％‰℃°×÷±≤≥"
    + "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟"
)


def corpus_texts(paths: Iterable[str | Path], exclude_docs: Collection[str] = ()) -> Iterator[str]:
    """Raw text from .txt files, gold/unlabeled .jsonl (``text``/``content``) and .conllu (``# text``).

    JSONL rows whose ``doc`` is in ``exclude_docs`` are skipped (e.g. the dev documents, so that
    silver data never holds text the model is selected on).
    """
    exclude = set(exclude_docs)
    for path in paths:
        path = Path(path)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if f.suffix == ".txt":
                yield read_text(f)
            elif f.suffix == ".jsonl":
                with open(f, encoding="utf-8") as fh:
                    for line in fh:
                        if line.strip():
                            d = json.loads(line)
                            if d.get("doc") in exclude:
                                continue
                            yield d.get("text") or d.get("content") or ""
            elif f.suffix == ".conllu":
                with open(f, encoding="utf-8") as fh:
                    yield "\n".join(line[9:] for line in fh if line.startswith("# text = "))


def build_char_vocab(texts: Iterable[str], min_count: int = 2) -> list[str]:
    """Special tokens, then the always-present characters, then corpus characters by frequency."""
    counts = Counter()
    for text in texts:
        counts.update(matching_view(text).lower())
    chars = list(dict.fromkeys(ALWAYS))
    seen = set(chars)
    for ch, n in counts.most_common():
        if n >= min_count and ch not in seen and not ch.isspace() and ch.isprintable():
            chars.append(ch)
            seen.add(ch)
    return list(SPECIAL_TOKENS) + chars


def char_tokenizer(vocab: list[str], folder: str | Path):
    """A BertTokenizerFast over ``vocab`` (written to ``folder/vocab.txt``): one token per character."""
    from transformers import BertTokenizerFast

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    return BertTokenizerFast(
        vocab={tok: i for i, tok in enumerate(vocab)},
        do_lower_case=True,
        tokenize_chinese_chars=True,
        strip_accents=False,
    )
