"""spaCy integration: the ``fazhi_ie`` pipeline component and ``load_spacy()``.

    nlp = fazhi_ie.load_spacy()            # pkuseg words + the component
    doc = nlp(text)
    doc.ents, doc.spans["fazhi_ie"], doc._.fazhi_records

    nlp = spacy.blank("zh")                # any pipeline: the factory is an entry point
    nlp.add_pipe("fazhi_ie", config={"backend": "hybrid"})

The component runs ``fazhi_ie.Extractor`` on ``doc.text``, so the entities are exactly the
extractor's character spans. A span boundary that cuts through a token *retokenizes* the
doc: the token is split there (``doc.retokenize()``), never expanded and never dropped. Only a
boundary in the whitespace after a token cannot be split by spaCy; that span is contracted to
the tokens inside it, with a warning. Existing entities that overlap ours are replaced.

``doc._.fazhi_records`` is computed from ``doc.spans["fazhi_ie"]`` with the extractor's own
record linker, so it survives ``Doc.to_bytes``/``DocBin`` (where only the spans are stored).
"""

from __future__ import annotations

import bisect
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .. import resources
from ..pipeline import Extractor
from ..records import build_records
from ..text import matching_view
from ..types import Extraction, Record, Span

SPAN_KEY = "fazhi_ie"
RECORDS_ATTR = "fazhi_records"
PKUSEG_MODEL_DIR = resources.pkuseg_model_dir()
PKUSEG_USER_DICT = "user_dict.txt"


def doc_records(doc: Doc) -> tuple[Record, ...]:
    """Records linked from the doc's ``fazhi_ie`` span group (empty if the component did not run)."""
    if SPAN_KEY not in doc.spans:
        return ()
    spans = [Span(s.start_char, s.end_char, s.label_, s.text) for s in doc.spans[SPAN_KEY]]
    return tuple(build_records(doc.text, matching_view(doc.text), spans))


Doc.set_extension(RECORDS_ATTR, getter=doc_records, force=True)


@Language.factory(
    "fazhi_ie",
    default_config={"backend": None, "model": None, "batch_size": 32},
    assigns=["doc.ents", "doc.spans", f"doc._.{RECORDS_ATTR}"],
    retokenizes=True,
)
def make_fazhi_ie(nlp: Language, name: str, backend: str | None, model: str | None, batch_size: int) -> FazhiIE:
    """``backend``: as in ``Extractor(backend=...)`` (null: ``Extractor()``'s default)."""
    return FazhiIE(name, backend=backend, model=model, batch_size=batch_size)


class FazhiIE:
    """Sets QUANTITY/UNIT/METRIC/MEASURE entities, the ``fazhi_ie`` span group and records."""

    def __init__(
        self, name: str = "fazhi_ie", *, backend: str | None = None, model: str | None = None, batch_size: int = 32
    ):
        self.name = name
        self.extractor = Extractor(backend=backend, model=model)
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        return self.annotate(doc, self.extractor.extract(doc.text))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Tag docs in batches (one ``Extractor.extract_many`` call per batch)."""
        size = batch_size or self.batch_size
        for batch in minibatch(docs, size=size):
            results = self.extractor.extract_many([d.text for d in batch], batch_size=self.batch_size)
            for doc, result in zip(batch, results):
                yield self.annotate(doc, result)

    def annotate(self, doc: Doc, result: Extraction) -> Doc:
        """Write ``result`` (an extraction of ``doc.text``) onto ``doc``."""
        split_at(doc, [b for s in result.spans for b in (s.start, s.end)])
        spans = []
        for s in result.spans:
            span = doc.char_span(s.start, s.end, label=s.label)
            if span is None:  # a boundary in a token's trailing whitespace: spaCy cannot split there
                span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="contract")
                warnings.warn(
                    f"fazhi_ie: span {s.start}-{s.end} {s.label} {s.text!r} has a boundary inside whitespace; "
                    + ("contracted to " + repr(span.text) if span is not None else "no token inside it, left out"),
                    stacklevel=2,
                )
                if span is None:
                    continue
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        taken = {i for span in spans for i in range(span.start, span.end)}
        kept = [e for e in doc.ents if not taken.intersection(range(e.start, e.end))]
        doc.ents = sorted(kept + spans, key=lambda e: e.start)
        return doc


def split_at(doc: Doc, offsets: Iterable[int]) -> None:
    """Split every token of ``doc`` that a character offset in ``offsets`` falls strictly inside."""
    cuts = sorted(set(offsets))
    splits = []
    for token in doc:
        start, end = token.idx, token.idx + len(token.text)
        i = bisect.bisect_right(cuts, start)
        inner = []
        while i < len(cuts) and cuts[i] < end:
            inner.append(cuts[i] - start)
            i += 1
        if inner:
            bounds = [0, *inner, len(token.text)]
            splits.append((token, [token.text[a:b] for a, b in zip(bounds, bounds[1:])]))
    if not splits:
        return
    with doc.retokenize() as retokenizer:
        for token, pieces in splits:
            # each piece heads itself: no dependency is invented for an unparsed doc
            retokenizer.split(token, pieces, heads=[(token, k) for k in range(len(pieces))])


def load_spacy(
    model_dir: str | Path | None = None,
    backend: str | None = None,
    model: str | Path | None = None,
    batch_size: int = 32,
) -> Language:
    """A Chinese spaCy pipeline: pkuseg word segmentation (the shipped ``models/pkuseg-fazhi``
    or ``model_dir``) and the ``fazhi_ie`` component at the end.

    Without the pkuseg model (or spacy-pkuseg) it warns and segments characters instead; it
    never trains or downloads anything.
    """
    import spacy

    model_dir = Path(model_dir) if model_dir is not None else PKUSEG_MODEL_DIR
    problem = _pkuseg_problem(model_dir)
    if problem is None:
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
        user_dict = model_dir / PKUSEG_USER_DICT
        nlp.tokenizer.initialize(
            pkuseg_model=str(model_dir),
            pkuseg_user_dict=str(user_dict) if user_dict.is_file() else "default",
        )
        # pkuseg's post-merging with its general dictionary lowers held-out F1 (models/pkuseg-fazhi/README.md)
        nlp.tokenizer.pkuseg_seg.postprocesser.do_process = False
    else:
        warnings.warn(
            f"fazhi_ie.load_spacy: {problem}; falling back to spaCy's character segmenter "
            "(every Chinese character is a token). Rebuild the model with "
            "`python -m training.train_pkuseg` or pass model_dir=.",
            stacklevel=2,
        )
        nlp = spacy.blank("zh")
    nlp.add_pipe(
        "fazhi_ie", config={"backend": backend, "model": str(model) if model else None, "batch_size": batch_size}
    )
    return nlp


def _pkuseg_problem(model_dir: Path) -> str | None:
    missing = [f for f in ("features.msgpack", "weights.npz") if not (model_dir / f).is_file()]
    if missing:
        return f"no pkuseg model in {model_dir} (missing {', '.join(missing)})"
    try:
        import spacy_pkuseg  # noqa: F401
    except ImportError:
        return "spacy-pkuseg is not installed (pip install 'fazhi_ie[spacy]')"
    return None
