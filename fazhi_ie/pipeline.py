"""The extraction pipeline: text -> paragraphs -> spans (a tagger) -> records.

Taggers are small components registered by name (``@register_tagger("rules")``) so a
backend is chosen by configuration: ``Extractor(backend="rules")``. A tagger turns a
batch of paragraph *views* (see ``fazhi_ie.text.matching_view``) into spans relative to
each paragraph; everything else (offsets, records) is shared by all backends.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from . import lexicon
from .paragraphs import split_paragraphs
from .records import build_records
from .rules import RuleTagger
from .spans import Extraction, Span
from .text import ensure_text, matching_view

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "fazhi-ie-char-small"


class Tagger(Protocol):
    name: str

    def tag_batch(self, views: list[str]) -> list[list[Span]]:
        """Spans for each paragraph view, offsets relative to that paragraph."""


TAGGERS: dict[str, Callable[..., Tagger]] = {}


def register_tagger(name: str):
    """Register a tagger factory under ``name`` (the ``backend`` argument of Extractor)."""

    def decorate(factory):
        TAGGERS[name] = factory
        return factory

    return decorate


@register_tagger("rules")
def _rules(**_: object) -> Tagger:
    return _RuleBatchTagger()


class _RuleBatchTagger(RuleTagger):
    def tag_batch(self, views: list[str]) -> list[list[Span]]:
        return [self.tag(v) for v in views]


def _shipped_model_available(model: str | Path | None) -> bool:
    path = Path(model) if model else DEFAULT_MODEL_DIR
    return (path / "config.json").is_file()


class Extractor:
    """Extracts QUANTITY/UNIT/METRIC/MEASURE spans and records from report text.

    ``backend``: ``"rules"``, ``"model"`` or ``"hybrid"``; ``None`` picks the best available
    (the hybrid backend with the shipped model, else the rules with a warning).
    ``model``: a model folder (``save_pretrained`` layout); defaults to the shipped one.
    """

    def __init__(self, backend: str | None = None, model: str | Path | None = None, **options):
        if backend is None:
            if "hybrid" not in TAGGERS and _shipped_model_available(model):
                _load_optional_backends()
            if "hybrid" in TAGGERS and _shipped_model_available(model):
                backend = "hybrid"
            else:
                warnings.warn(
                    f"no model at {Path(model) if model else DEFAULT_MODEL_DIR} (or torch is missing): "
                    "using the rule-based backend", stacklevel=2)
                backend = "rules"
        if backend not in TAGGERS:
            _load_optional_backends()
        if backend not in TAGGERS:
            raise ValueError(f"unknown backend {backend!r}; choose one of {sorted(TAGGERS)}")
        self.backend = backend
        self.tagger = TAGGERS[backend](model=model, **options)
        self.lex = lexicon.load()

    def extract(self, text: str) -> Extraction:
        """Spans and records of ``text`` (a paragraph or a whole report)."""
        return next(self.extract_many([text]))

    def extract_many(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[Extraction]:
        """Like ``extract`` for many texts; paragraphs are tagged in batches of ``batch_size``."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        pending: list[tuple[str, str, list[tuple[int, int]]]] = []
        n_paragraphs = 0
        for text in texts:
            text = ensure_text(text)
            view = matching_view(text)
            paras = split_paragraphs(view)
            pending.append((text, view, paras))
            n_paragraphs += len(paras)
            if n_paragraphs >= batch_size:
                yield from self._run(pending, batch_size)
                pending, n_paragraphs = [], 0
        if pending:
            yield from self._run(pending, batch_size)

    def _run(self, pending, batch_size: int) -> Iterator[Extraction]:
        views = [view[s:e] for _, view, paras in pending for s, e in paras]
        tagged: list[list[Span]] = []
        for i in range(0, len(views), batch_size):
            tagged.extend(self.tagger.tag_batch(views[i:i + batch_size]))
        k = 0
        for text, view, paras in pending:
            spans: list[Span] = []
            for s, _ in paras:
                spans.extend(Span(s + sp.start, s + sp.end, sp.label, text[s + sp.start:s + sp.end]) for sp in tagged[k])
                k += 1
            spans.sort()
            records = build_records(text, view, spans, self.lex)
            yield Extraction(text=text, spans=tuple(spans), records=tuple(records))


def _load_optional_backends() -> None:
    """Import the model backends (they need torch); missing torch leaves only the rules."""
    try:
        from . import model  # noqa: F401  (registers "model" and "hybrid")
    except ImportError as exc:  # pragma: no cover - depends on the installation
        warnings.warn(f"model backends unavailable ({exc}); install fazhi_ie[model]", stacklevel=3)


_default: Extractor | None = None


def extract(text: str) -> Extraction:
    """Extract with the default extractor (created on first use)."""
    global _default
    if _default is None:
        _default = Extractor()
    return _default.extract(text)
