"""The extraction pipeline: text -> paragraphs -> spans (a tagger) -> records.

``Extractor`` runs one registered tagger (``fazhi_ie.taggers``) over the paragraph *views* of
the texts it is given (see ``fazhi_ie.text.matching_view``) and links the spans into records
(``fazhi_ie.records``); offsets and records are shared by all backends.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import lexicons, resources
from .document import Report
from .document.paragraphs import bounded_pieces, split_paragraphs
from .records import build_records
from .taggers import TagContext, create_tagger, get_tagger_factory, tag_views
from .text import ensure_text, matching_view
from .types import Extraction, Span


def _default_backend(model: str | Path | None) -> str:
    """The hybrid backend when the model folder exists and a runtime can run it, else the rules (warned)."""
    path = Path(model) if model else resources.default_model_dir()
    problem = None
    if not (path / "config.json").is_file():
        problem = f"no model at {path}"
    else:
        try:
            get_tagger_factory("hybrid")
            from .taggers.model import runtime_problem

            missing = runtime_problem(path)
        except ImportError as exc:
            missing = str(exc)
        if missing:
            problem = f"model backends unavailable ({missing}); install fazhi_ie[model]"
    if problem:
        warnings.warn(f"{problem}: using the rule-based backend", stacklevel=3)
        return "rules"
    return "hybrid"


def resolve_backend(backend: str | None, model: str | Path | None = None) -> str:
    """``backend``, or the best available one (warning when that is the rules)."""
    return backend if backend is not None else _default_backend(model)


class Extractor:
    """Extracts QUANTITY/UNIT/METRIC/MEASURE spans and records from report text.

    ``backend``: ``"rules"``, ``"model"``, ``"hybrid"`` or any registered tagger; ``None`` picks
    the best available (the hybrid backend with the shipped model, else the rules with a warning).
    ``model``: a model folder (``save_pretrained`` layout); defaults to the shipped one.
    Other options go to the tagger (``device``, ``num_threads``, ``batch_size``, ``quantize``, ``runtime``,
    ``boundaries``, ``measures``; ``rule_input`` for the model backend, see ``taggers/model.py``).
    """

    def __init__(self, backend: str | None = None, model: str | Path | None = None, **options):
        if backend is None:
            backend = _default_backend(model)
        self.backend = backend
        self.tagger = create_tagger(backend, model=model, **options)
        self.lex = lexicons.load()

    def extract(self, text: str) -> Extraction:
        """Spans and records of ``text`` (a paragraph or a whole report)."""
        return next(self.extract_many([text]))

    def extract_report(self, report: Report, batch_size: int = 32) -> Extraction:
        """Spans and records of ``report.text``, read knowing the report (``read_report``).

        Like ``extract(report.text)``, except that the tagger is told who reports: a 《丰都…办法》
        in a report of 丰都县 is the government's own document, a MEASURE (ANNOTATION.md).
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        context = TagContext(own_places=report.own_places)
        return next(self._run([self._prepare(report.text)], batch_size, context))

    def extract_many(
        self, texts: Iterable[str], batch_size: int = 32, own_places: tuple[str, ...] = ()
    ) -> Iterator[Extraction]:
        """Like ``extract`` for many texts; paragraphs are tagged in batches of ``batch_size``.

        ``own_places``: how the report these texts come from names its own place (``Report.own_places``),
        when known, so that its own 《…办法》 are MEASUREs as in ``extract_report``."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if not isinstance(own_places, str):
            own_places = tuple(own_places)
        if isinstance(own_places, str) or not all(isinstance(p, str) for p in own_places):
            raise TypeError(f"own_places must be a sequence of place names (report.own_places), not {own_places!r}")
        context = TagContext(own_places=own_places) if own_places else None
        pending: list[tuple[str, str, list[tuple[int, int]]]] = []
        n_paragraphs = 0
        for text in texts:
            pending.append(self._prepare(text))
            n_paragraphs += len(pending[-1][2])
            if n_paragraphs >= batch_size:
                yield from self._run(pending, batch_size, context)
                pending, n_paragraphs = [], 0
        if pending:
            yield from self._run(pending, batch_size, context)

    @staticmethod
    def _prepare(text: str) -> tuple[str, str, list[tuple[int, int]]]:
        text = ensure_text(text)
        view = matching_view(text)
        return text, view, split_paragraphs(view)

    def _run(self, pending, batch_size: int, context: TagContext | None = None) -> Iterator[Extraction]:
        # very long paragraphs go through the tagger in bounded pieces: memory does not grow with a line
        pending = [
            (text, view, [p for s, e in paras for p in bounded_pieces(view, s, e)]) for text, view, paras in pending
        ]
        views = [view[s:e] for _, view, paras in pending for s, e in paras]
        tagged: list[list[Span]] = []
        for batch in _batches(views, batch_size):
            tagged.extend(tag_views(self.tagger, batch, context))
        k = 0
        for text, view, paras in pending:
            spans: list[Span] = []
            for s, _ in paras:
                spans.extend(
                    Span(s + sp.start, s + sp.end, sp.label, text[s + sp.start : s + sp.end]) for sp in tagged[k]
                )
                k += 1
            spans.sort()
            records = build_records(text, view, spans, self.lex)
            yield Extraction(text=text, spans=tuple(spans), records=tuple(records))


#: At most this many characters go to the tagger at once (with at most ``batch_size`` paragraphs): a
#: long input's pieces are tagged a few at a time, so memory does not grow with the input.
MAX_BATCH_CHARS = 50_000


def _batches(views: list[str], batch_size: int) -> Iterator[list[str]]:
    batch, chars = [], 0
    for view in views:
        if batch and (len(batch) >= batch_size or chars + len(view) > MAX_BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(view)
        chars += len(view)
    if batch:
        yield batch


_default: Extractor | None = None


def extract(text: str) -> Extraction:
    """Extract with the default extractor (created on first use)."""
    global _default
    if _default is None:
        _default = Extractor()
    return _default.extract(text)
