"""spaCy integration: the ``fazhi_ie`` factory, ``load_spacy()`` and the shipped pkuseg model.

The equality tests compare against ``Extractor()`` whatever its default backend is. Nothing
here trains pkuseg: tests that need the shipped model skip when it is missing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install 'fazhi_ie[spacy]')")

import fazhi_ie
from fazhi_ie import Extractor
from fazhi_ie.evaluation.corpus import GOLD_DIR, read_jsonl
from fazhi_ie.integrations.spacy import PKUSEG_MODEL_DIR, SPAN_KEY, FazhiIE, split_at
from fazhi_ie.types import Extraction, Span

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
HAS_PKUSEG_MODEL = (PKUSEG_MODEL_DIR / "weights.npz").is_file() and (PKUSEG_MODEL_DIR / "features.msgpack").is_file()
needs_model = pytest.mark.skipif(
    not HAS_PKUSEG_MODEL, reason=f"shipped pkuseg model missing in {PKUSEG_MODEL_DIR} (python -m training.train_pkuseg)"
)
TEXT = "全年办理行政复议案件78件，行政机关负责人出庭应诉率达100%，开展培训615人次。"


def triples(doc):
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def span_triples(extraction):
    return [(s.start, s.end, s.label) for s in extraction.spans]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def nlp():
    if not HAS_PKUSEG_MODEL:
        pytest.skip(f"shipped pkuseg model missing in {PKUSEG_MODEL_DIR} (python -m training.train_pkuseg)")
    return fazhi_ie.load_spacy()


@pytest.fixture(scope="module")
def char_nlp():
    nlp = spacy.blank("zh")
    nlp.add_pipe("fazhi_ie")
    return nlp


@pytest.fixture(scope="module")
def gold_paragraphs() -> list[str]:
    return [ex.text for ex in read_jsonl(sorted(GOLD_DIR.glob("*.jsonl")))]


# ---------------------------------------------------------------- factory and entry point


def test_factory_is_a_spacy_entry_point():
    eps = [ep for ep in entry_points(group="spacy_factories") if ep.name == "fazhi_ie"]
    assert [ep.value for ep in eps] == ["fazhi_ie.integrations.spacy:make_fazhi_ie"]


def test_add_pipe_works_in_a_fresh_process_without_importing_fazhi_ie():
    code = (
        "import spacy\n"
        "nlp = spacy.blank('zh'); nlp.add_pipe('fazhi_ie', config={'backend': 'rules'})\n"
        "print([(e.start_char, e.end_char, e.label_) for e in nlp('受理行政复议申请12件').ents])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/", timeout=120)
    assert out.returncode == 0, out.stderr
    expected = span_triples(Extractor(backend="rules").extract("受理行政复议申请12件"))
    assert out.stdout.strip() == str(expected)
    assert (8, 10, "QUANTITY") in expected


def test_import_fazhi_ie_does_not_import_spacy():
    code = "import sys, fazhi_ie; assert 'spacy' not in sys.modules; assert callable(fazhi_ie.load_spacy)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown backend 'nope'"):
        spacy.blank("zh").add_pipe("fazhi_ie", config={"backend": "nope"})


# ---------------------------------------------------------------- char segmenter (spacy.blank)


def test_blank_zh_char_segmenter_with_the_component(char_nlp, extractor):
    doc = char_nlp(TEXT)
    result = extractor.extract(TEXT)
    assert triples(doc) == span_triples(result)
    assert [(s.start_char, s.end_char, s.label_) for s in doc.spans[SPAN_KEY]] == span_triples(result)
    assert doc._.fazhi_records == result.records
    assert all(len(t.text) == 1 for t in doc)  # the char segmenter: spans never cut tokens


def test_records_and_labels_on_a_known_sentence(char_nlp):
    nlp = spacy.blank("zh")
    nlp.add_pipe("fazhi_ie", config={"backend": "rules"})
    doc = nlp("受理行政复议申请12件")
    assert [(e.text, e.label_) for e in doc.ents] == [("行政复议申请", "METRIC"), ("12", "QUANTITY"), ("件", "UNIT")]
    [record] = doc._.fazhi_records
    assert (record.metric, record.value, record.unit) == ("行政复议申请", 12.0, "件")


def test_records_are_empty_without_the_component():
    assert spacy.blank("zh")(TEXT)._.fazhi_records == ()


def test_existing_entities_are_kept_unless_they_overlap(char_nlp):
    doc = char_nlp.make_doc("丰都县受理行政复议申请12件")
    doc.ents = [doc.char_span(0, 3, label="GPE"), doc.char_span(5, 9, label="ORG")]
    char_nlp.get_pipe("fazhi_ie")(doc)
    labels = [(e.text, e.label_) for e in doc.ents]
    assert ("丰都县", "GPE") in labels
    assert not any(label == "ORG" for _, label in labels)
    assert ("12", "QUANTITY") in labels


# ---------------------------------------------------------------- retokenization


def test_tokens_are_split_exactly_at_span_boundaries():
    nlp = spacy.blank("zh")
    component = nlp.add_pipe("fazhi_ie", config={"backend": "rules"})
    from spacy.tokens import Doc

    words = ["受理行政", "复议申请1", "2件", "。"]
    doc = Doc(nlp.vocab, words=words, spaces=[False] * 4)
    component(doc)
    assert [t.text for t in doc] == ["受理", "行政", "复议申请", "1", "2", "件", "。"]
    assert [(e.text, e.label_) for e in doc.ents] == [("行政复议申请", "METRIC"), ("12", "QUANTITY"), ("件", "UNIT")]
    assert not doc.has_annotation("DEP")


def test_split_at_keeps_text_and_whitespace():
    from spacy.tokens import Doc

    doc = Doc(spacy.blank("zh").vocab, words=["共计", "12件", "案件"], spaces=[True, True, False])
    split_at(doc, [3, 5, 8, 100])  # 3 is a token start, 100 past the end
    assert doc.text == "共计 12件 案件"
    assert [(t.text, t.whitespace_) for t in doc] == [("共计", " "), ("12", ""), ("件", " "), ("案", ""), ("件", "")]


def test_boundary_inside_whitespace_is_contracted_with_a_warning():
    from spacy.tokens import Doc

    nlp = spacy.blank("zh")
    doc = Doc(nlp.vocab, words=["共", "12", "件"], spaces=[False, True, False])  # "共12 件"
    result = Extraction(text=doc.text, spans=(Span(1, 4, "QUANTITY", "12 "), Span(4, 5, "UNIT", "件")))
    component = FazhiIE(backend="rules")
    with pytest.warns(UserWarning, match="contracted to '12'"):
        component.annotate(doc, result)
    assert [(e.text, e.label_) for e in doc.ents] == [("12", "QUANTITY"), ("件", "UNIT")]


# ---------------------------------------------------------------- load_spacy with pkuseg


@needs_model
def test_load_spacy_matches_the_extractor_on_every_seed_paragraph(nlp, extractor, gold_paragraphs):
    docs = list(nlp.pipe(gold_paragraphs))
    results = list(extractor.extract_many(gold_paragraphs))
    assert len(docs) == len(gold_paragraphs) > 100
    mismatched = [d.text[:30] for d, r in zip(docs, results) if triples(d) != span_triples(r)]
    assert mismatched == []
    assert all(d._.fazhi_records == r.records for d, r in zip(docs, results))
    assert sum(len(d.ents) for d in docs) > 500


@needs_model
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_load_spacy_matches_the_extractor_on_whole_reports(nlp, extractor, path):
    text = path.read_text("utf-8")
    doc = nlp(text)
    assert doc.text == text
    assert triples(doc) == span_triples(extractor.extract(text))


@needs_model
def test_load_spacy_pipeline_shape(nlp):
    assert nlp.lang == "zh"
    assert nlp.pipe_names[-1] == "fazhi_ie"
    assert nlp.tokenizer.segmenter == "pkuseg"


@needs_model
def test_tokens_are_words_not_characters(nlp, char_nlp, gold_paragraphs):
    def multi_char_share(pipeline):
        han = [
            t.text for text in gold_paragraphs for t in pipeline.make_doc(text) if re.search(r"[\u4e00-\u9fff]", t.text)
        ]
        return sum(len(t) > 1 for t in han) / len(han)

    assert multi_char_share(char_nlp) == 0.0
    assert multi_char_share(nlp) > 0.6


@needs_model
@pytest.mark.parametrize("word", ["出庭应诉率", "行政复议", "人次"])
def test_domain_words_stay_whole_in_the_seeds(nlp, word):
    occurrences = 0
    for path in SEEDS:
        text = path.read_text("utf-8")
        starts = {t.idx for t in nlp.make_doc(text)}
        for m in re.finditer(word, text):
            occurrences += 1
            assert not any(m.start() < b < m.end() for b in starts), text[max(0, m.start() - 10) : m.end() + 10]
    assert occurrences >= 3


@needs_model
def test_pipe_batches_give_the_same_docs_as_one_by_one(nlp, gold_paragraphs):
    texts = gold_paragraphs[:40] + ["", "   ", TEXT]
    piped = list(nlp.pipe(texts, batch_size=7))
    single = [nlp(t) for t in texts]
    assert [d.text for d in piped] == texts
    assert [[t.text for t in d] for d in piped] == [[t.text for t in d] for d in single]
    assert [triples(d) for d in piped] == [triples(d) for d in single]


@needs_model
def test_to_disk_and_spacy_load_keep_the_segmenter_and_the_component(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names == ["fazhi_ie"]
    assert loaded.tokenizer.segmenter == "pkuseg"
    for text in (TEXT, SEEDS[0].read_text("utf-8")[:2000]):
        a, b = nlp(text), loaded(text)
        assert [t.text for t in b] == [t.text for t in a]
        assert triples(b) == triples(a)
        assert b._.fazhi_records == a._.fazhi_records
    assert "出庭应诉率" in [t.text for t in loaded.make_doc("负责人出庭应诉率达100%")]


def test_char_pipeline_round_trip(char_nlp, tmp_path):
    char_nlp.to_disk(tmp_path / "char")
    loaded = spacy.load(tmp_path / "char")
    assert loaded.pipe_names == ["fazhi_ie"]
    assert triples(loaded(TEXT)) == triples(char_nlp(TEXT))


def test_records_survive_doc_serialisation(char_nlp):
    from spacy.tokens import Doc

    doc = char_nlp(TEXT)
    restored = Doc(char_nlp.vocab).from_bytes(doc.to_bytes())
    assert restored._.fazhi_records == doc._.fazhi_records
    assert len(doc._.fazhi_records) == 3


# ---------------------------------------------------------------- fallback


def test_load_spacy_without_the_model_falls_back_to_characters(tmp_path):
    with pytest.warns(UserWarning, match="no pkuseg model in .*falling back to spaCy's character segmenter"):
        nlp = fazhi_ie.load_spacy(model_dir=tmp_path / "missing")
    assert nlp.tokenizer.segmenter == "char"
    assert nlp.pipe_names == ["fazhi_ie"]
    assert list(tmp_path.iterdir()) == []  # nothing trained or downloaded
    assert triples(nlp(TEXT)) == span_triples(Extractor().extract(TEXT))


@needs_model
def test_load_spacy_without_spacy_pkuseg_falls_back(monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy_pkuseg", None)  # import fails
    with pytest.warns(UserWarning, match="spacy-pkuseg is not installed"):
        nlp = fazhi_ie.load_spacy()
    assert nlp.tokenizer.segmenter == "char"
