"""The transformer backends: windows, decoding, training, loading, fallback, the shipped model."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from fazhi_ie import Extractor, resources
from fazhi_ie.evaluation.corpus import load_split, read_jsonl, split_files
from fazhi_ie.evaluation.scoring import evaluate
from fazhi_ie.taggers.bio import bio_to_spans, viterbi_bio
from fazhi_ie.taggers.config import InferenceConfig, MergeRule
from fazhi_ie.taggers.hybrid import HybridTagger, merge_spans, merged_and_decided, model_worthy
from fazhi_ie.taggers.model import ModelTagger, Window, best_window_positions, sliding_windows
from fazhi_ie.taggers.rules import RuleTagger
from fazhi_ie.types import BIO_LABELS, Span

DEFAULT_MODEL_DIR = resources.default_model_dir()

PARA = "2023年，办理行政复议案件78件，已办结73件，法定期限按时办结率100%，同比增长27.8%。"


# --- windows and decoding ------------------------------------------------------------------


def test_sliding_windows_cover_and_end_flush():
    assert sliding_windows(5, 8, 4) == [Window(0, 5)]
    assert sliding_windows(20, 8, 6) == [Window(0, 8), Window(6, 14), Window(12, 20)]
    with pytest.raises(ValueError):
        sliding_windows(10, 4, 5)


def test_each_token_takes_the_window_where_it_has_most_context():
    windows = sliding_windows(20, 8, 6)
    best = best_window_positions(windows, 20)
    assert best[0] == (0, 0) and best[19] == (2, 7)
    assert best[7] == (1, 1)  # token 7: 0 tokens after it in window 0, 1 before it in window 1
    assert best[10] == (1, 4)  # in the middle of window 1
    assert all(windows[w].start + p == t for t, (w, p) in enumerate(best))


def test_viterbi_never_starts_a_span_with_inside_tag():
    idx = {lab: i for i, lab in enumerate(BIO_LABELS)}
    lp = np.full((3, len(BIO_LABELS)), -5.0)
    lp[0, idx["I-QUANTITY"]] = -0.1  # argmax says I- first: not allowed
    lp[0, idx["B-QUANTITY"]] = -1.0
    lp[1, idx["I-QUANTITY"]] = -0.1
    lp[2, idx["I-UNIT"]] = -0.1  # I-UNIT after I-QUANTITY: not allowed
    lp[2, idx["B-UNIT"]] = -2.0
    assert viterbi_bio(lp) == ["B-QUANTITY", "I-QUANTITY", "B-UNIT"]
    assert viterbi_bio(np.zeros((0, len(BIO_LABELS)))) == []


def _plain_viterbi(lp: np.ndarray) -> list[str]:
    """Textbook constrained Viterbi over the whole sequence, one step at a time (the reference)."""
    allowed = lambda prev, cur: not cur.startswith("I-") or prev[2:] == cur[2:] and prev != "O"  # noqa: E731
    n, k = lp.shape
    score = [lp[0, j] if not BIO_LABELS[j].startswith("I-") else -np.inf for j in range(k)]
    back = []
    for t in range(1, n):
        row, ptr = [], []
        for j in range(k):
            best = max((i for i in range(k) if allowed(BIO_LABELS[i], BIO_LABELS[j])), key=lambda i: score[i])
            row.append(score[best] + lp[t, j])
            ptr.append(best)
        score, back = row, back + [ptr]
    path = [int(np.argmax(score))]
    for ptr in reversed(back):
        path.append(ptr[path[-1]])
    return [BIO_LABELS[j] for j in reversed(path)]


def test_viterbi_shortcut_for_valid_argmax_paths_is_exact():
    rng = np.random.default_rng(0)
    inputs = [np.log(rng.dirichlet(np.full(len(BIO_LABELS), 0.3), size=int(rng.integers(1, 30)))) for _ in range(200)]
    assert [viterbi_bio(lp) for lp in inputs] == [_plain_viterbi(lp) for lp in inputs]


def test_batched_viterbi_equals_decoding_each_sequence_alone():
    from fazhi_ie.taggers.bio import viterbi_batch

    rng = np.random.default_rng(2)
    inputs = [np.log(rng.dirichlet(np.full(len(BIO_LABELS), 0.3), size=int(rng.integers(0, 40)))) for _ in range(300)]
    batched = viterbi_batch(inputs)
    assert [[BIO_LABELS[i] for i in b] for b in batched] == [viterbi_bio(lp) for lp in inputs]
    assert any(len(b) == 0 for b in batched) and viterbi_batch([]) == []


def test_decoding_only_windows_around_violations_is_exact_viterbi():
    """viterbi_batch decodes windows around the argmax path's violations and grows a window whose
    cut would break a span: on random paths, dense and sparse in violations, and on a long run that
    makes a window grow many times, it gives the whole-sequence optimum."""
    from fazhi_ie.taggers.bio import WINDOW_MARGIN, viterbi_batch

    rng = np.random.default_rng(5)
    inputs = []
    for trial in range(120):
        n = int(rng.integers(1, 90))
        if trial % 2:  # dense: violations everywhere, windows merge
            inputs.append(np.log(rng.dirichlet(np.full(len(BIO_LABELS), 0.3), size=n)))
        else:  # sparse: a confident path with a few wrong I- tags
            lp = np.full((n, len(BIO_LABELS)), -6.0) + rng.normal(0, 0.5, size=(n, len(BIO_LABELS)))
            lp[np.arange(n), rng.integers(0, len(BIO_LABELS), size=n)] = -0.05
            inputs.append(lp)
    for _ in range(40):  # sparse: runs of I- tags without their B-, where O is a little worse and B- costly
        n = int(rng.integers(1, 300))
        lp = np.full((n, len(BIO_LABELS)), -8.0)
        lp[:, 0] = 0.0
        t = int(rng.integers(0, 20))
        while t < n:
            label, length = int(rng.integers(0, 4)), int(rng.integers(1, 60))
            run = slice(t, min(n, t + length))
            lp[run, 2 + 2 * label] = 0.0  # I-
            lp[run, 0] = -rng.uniform(0.0, 0.4, size=lp[run, 0].shape)
            lp[run, 1 + 2 * label] = -rng.uniform(0.0, 12.0, size=lp[run, 0].shape)  # B-: pays off only far in
            t += length + int(rng.integers(1, 40))
        inputs.append(lp)
    run = np.full((12 * WINDOW_MARGIN, len(BIO_LABELS)), -5.0)  # O, then I-METRIC all along: B- must go first
    run[:, BIO_LABELS.index("I-METRIC")] = -0.01
    run[0, BIO_LABELS.index("O")] = -0.001
    run[1, BIO_LABELS.index("B-METRIC")] = -0.5
    inputs.append(run)
    switch = np.full((60, len(BIO_LABELS)), -20.0)  # a run that turns from METRIC to MEASURE at 30: the
    idx = {label: i for i, label in enumerate(BIO_LABELS)}  # window there must grow left to the run's start
    switch[0, idx["B-METRIC"]] = 0.0
    switch[1:30, idx["I-METRIC"]], switch[1:30, idx["I-MEASURE"]] = 0.0, -0.01
    switch[30:, idx["I-MEASURE"]], switch[30:, idx["I-METRIC"]] = 0.0, -1.0
    switch[:, idx["B-MEASURE"]] = -12.0
    switch[0, idx["B-MEASURE"]] = -0.5
    inputs.append(switch)
    decoded = [[BIO_LABELS[i] for i in path] for path in viterbi_batch(inputs)]
    assert decoded == [_plain_viterbi(lp) for lp in inputs]
    assert decoded[-2][:2] == ["O", "B-METRIC"] and set(decoded[-2][2:]) == {"I-METRIC"}
    assert decoded[-1][0] == "B-MEASURE" and set(decoded[-1][1:]) == {"I-MEASURE"}


def test_the_vectorised_validity_check_agrees_with_the_tag_by_tag_one():
    from fazhi_ie.taggers.bio import _valid_indices, is_valid_bio

    rng = np.random.default_rng(1)
    for _ in range(2000):
        tags = rng.integers(0, len(BIO_LABELS), size=int(rng.integers(1, 6)))
        assert _valid_indices(tags, BIO_LABELS) == is_valid_bio([BIO_LABELS[i] for i in tags])


def test_spans_read_from_label_indices_are_those_of_the_tag_by_tag_reading():
    from fazhi_ie.taggers.bio import index_spans

    rng = np.random.default_rng(2)
    text = "x" * 12
    seen = set()
    for _ in range(3000):  # valid and invalid sequences: I- after O, after another label, first
        tags = rng.integers(0, len(BIO_LABELS), size=int(rng.integers(0, 12)))
        expected = [(sp.start, sp.end - 1, sp.label) for sp in bio_to_spans(text, [BIO_LABELS[i] for i in tags])]
        assert index_spans(tags, BIO_LABELS) == expected
        seen.add(len(expected))
    assert max(seen) >= 4 and 0 in seen
    assert index_spans(np.array([BIO_LABELS.index("I-UNIT"), BIO_LABELS.index("I-UNIT")]), BIO_LABELS) == [
        (0, 1, "UNIT")
    ]


def test_bio_to_spans_maps_tokens_back_to_characters():
    view = "共 78 件"
    chars = [0, 2, 3, 5]  # the tokenizer drops spaces
    assert bio_to_spans(view, ["O", "B-QUANTITY", "I-QUANTITY", "B-UNIT"], chars) == [
        Span(2, 4, "QUANTITY", "78"),
        Span(5, 6, "UNIT", "件"),
    ]


def test_merge_spans_takes_sources_in_priority_order_without_overlap():
    rules = [Span(0, 2, "METRIC", "案件"), Span(2, 4, "QUANTITY", "78")]
    model = [Span(0, 1, "METRIC", "案"), Span(1, 3, "METRIC", "件7"), Span(5, 7, "METRIC", "办结")]
    sources = {"rules": rules, "model": model}

    def policy(*keys):
        return [MergeRule(*key.split(":")) for key in keys]

    assert merge_spans(sources, policy("rules:QUANTITY", "model:METRIC", "rules:METRIC")) == [
        Span(0, 1, "METRIC", "案"),
        Span(2, 4, "QUANTITY", "78"),
        Span(5, 7, "METRIC", "办结"),
    ]
    assert merge_spans(sources, policy("rules:QUANTITY", "rules:METRIC", "model:METRIC")) == [
        Span(0, 2, "METRIC", "案件"),
        Span(2, 4, "QUANTITY", "78"),
        Span(5, 7, "METRIC", "办结"),
    ]
    assert merge_spans(sources, policy("rules:METRIC")) == [Span(0, 2, "METRIC", "案件")]


def test_the_hybrid_reads_quotations_without_values_for_measures_only():
    """The model runs where the rules found a value or a name, and where a quotation or title
    stands (打好“三大保卫战”: a measure reported without a value); there it adds only MEASUREs."""
    views = ["打好“三大保卫战”，强化协同治理。", "强化多污染物协同控制。", "办理案件78件。"]
    rules = RuleTagger()
    rule_spans = rules.tag_batch(views)
    assert model_worthy(views, rule_spans) == ([0, 2], {0})

    class Model:  # what the network would say about each paragraph it reads
        def __init__(self):
            self.read = []

        def tag_and_score(self, views, rule_spans, own_spans=True):
            self.read += views
            out = []
            for view in views:
                quote, metric = view.find("“"), view.find("协同")
                spans = [(Span(quote, view.find("”") + 1, "MEASURE", ""), 0.98)] if quote >= 0 else []
                spans += [(Span(metric, metric + 4, "METRIC", ""), 0.99)] if metric >= 0 else []
                out.append(spans)
            return out, [[(span, 1.0) for span in spans] for spans in rule_spans]

    model = Model()
    policy = [MergeRule("rules", "QUANTITY"), MergeRule("model", "MEASURE", 0.9), MergeRule("model", "METRIC", 0.9)]
    tagged = HybridTagger(model, policy, rules, boundaries=False, measures=False).tag_batch(views)
    assert model.read == [views[0], views[2]]
    assert [(s.start, s.end, s.label) for s in tagged[0]] == [(2, 9, "MEASURE")]  # no METRIC without a value
    assert tagged[1] == []


def test_a_unit_goes_with_the_value_the_network_vetoes():
    """近三年来: the network rejects the rules' QUANTITY 三, and the unit 年 of no value goes with it; a
    unit whose value stays (办理案件78件) or that no value of the rules precedes stays."""
    view = "近三年来，办理案件78件。"
    three, year = Span(1, 2, "QUANTITY", "三"), Span(2, 3, "UNIT", "年")
    value, unit = Span(10, 12, "QUANTITY", "78"), Span(12, 13, "UNIT", "件")
    alone = Span(4, 5, "UNIT", view[4])
    sources = {"rules": [(three, 0.2), (year, 1.0), (value, 0.95), (unit, 1.0), (alone, 1.0)]}
    policy = [MergeRule("rules", "QUANTITY", 0.7), MergeRule("rules", "UNIT")]
    assert merged_and_decided(view, sources, policy) == [alone, value, unit]
    assert merged_and_decided(view, sources, [MergeRule("rules", "QUANTITY"), MergeRule("rules", "UNIT")]) == [
        three,
        year,
        alone,
        value,
        unit,
    ]
    spaced = "近 3 年来，受理 12 件。"  # the rules pair a value and its unit across spaces
    vetoed, its_unit = Span(2, 3, "QUANTITY", "3"), Span(4, 5, "UNIT", "年")
    kept, kept_unit = Span(11, 13, "QUANTITY", "12"), Span(14, 15, "UNIT", "件")
    spaced_sources = {"rules": [(vetoed, 0.2), (its_unit, 1.0), (kept, 0.95), (kept_unit, 1.0)]}
    assert merged_and_decided(spaced, spaced_sources, policy) == [kept, kept_unit]


def test_merge_rule_confidence_floor():
    scored = {"model": [(Span(0, 2, "METRIC", "案件"), 0.85), (Span(5, 7, "METRIC", "办结"), 0.95)]}
    assert merge_spans(scored, [MergeRule("model", "METRIC", 0.9)]) == [Span(5, 7, "METRIC", "办结")]


def test_inference_config_round_trip_and_errors(tmp_path):
    config = InferenceConfig(
        max_length=128,
        stride=96,
        quantize=True,
        rule_features=True,
        merge=(MergeRule("rules", "QUANTITY"), MergeRule("model", "METRIC", 0.8)),
    )
    config.save(tmp_path, training={"epochs": 3})
    assert InferenceConfig.load(tmp_path) == config
    assert InferenceConfig.load(tmp_path / "missing") == InferenceConfig()
    (tmp_path / "fazhi_ie.json").write_text('{"inference": {"max_lenght": 128}}', "utf-8")
    with pytest.raises(ValueError, match="unknown keys \\['max_lenght'\\]"):
        InferenceConfig.load(tmp_path)
    with pytest.raises(ValueError, match="source must be one of"):
        MergeRule("crf", "METRIC")
    with pytest.raises(ValueError, match="label must be one of"):
        MergeRule("rules", "DATE")


# --- training and loading ------------------------------------------------------------------

TINY = [
    "--layers",
    "1",
    "--hidden",
    "32",
    "--heads",
    "2",
    "--intermediate",
    "64",
    "--max-length",
    "64",
    "--stride",
    "48",
    "--batch-size",
    "4",
    "--num-threads",
    "1",
    "--quantize",
    "no",
]


@pytest.fixture(scope="module")
def trained_dir(tmp_path_factory) -> Path:
    """A scratch model (the shipped kind: ConvBERT with rule features) trained for a few steps."""
    from training.train import main

    tmp = tmp_path_factory.mktemp("model")
    examples = [ex for ex in read_jsonl(split_files("train")) if ex.spans][:6]
    train = tmp / "train.jsonl"
    train.write_text("".join(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n" for ex in examples), "utf-8")
    dev = tmp / "dev.jsonl"
    dev_examples = [ex for ex in load_split("dev") if ex.spans][:3]
    dev.write_text("".join(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n" for ex in dev_examples), "utf-8")
    out = tmp / "out"
    main(
        [
            "--train",
            str(train),
            "--dev",
            str(dev),
            "--base",
            "scratch",
            "--arch",
            "convbert",
            "--rule-features",
            "--vocab-text",
            str(train),
            "--out",
            str(out),
            "--max-steps",
            "6",
            "--lr",
            "5e-3",
            *TINY,
        ]
    )
    return out


def test_training_writes_a_loadable_save_pretrained_folder(trained_dir):
    for name in ("model.safetensors", "config.json", "tokenizer.json", "metrics.json", "fazhi_ie.json"):
        assert (trained_dir / name).is_file(), name
    assert not list(trained_dir.glob("*.bin"))
    config = json.loads((trained_dir / "config.json").read_text("utf-8"))
    assert config["id2label"] == {str(i): lab for i, lab in enumerate(BIO_LABELS)}
    tok = ModelTagger(trained_dir).tokenizer
    [(ids, chars)] = tok.encode(["办理 78件"])
    assert len(ids) == 5 and tok.unk_id not in ids and chars == [0, 1, 3, 4, 5]  # one known token per character
    epochs = json.loads((trained_dir / "metrics.json").read_text("utf-8"))["epochs"]
    assert epochs and "micro_f1" in epochs[-1] and "train_loss" in epochs[-1]
    # the merge policy was chosen on --dev and stored where the hybrid reads it
    stored = json.loads((trained_dir / "fazhi_ie.json").read_text("utf-8"))
    assert stored["training"]["merge_policy"] and stored["inference"]["merge"]
    # and the METRIC boundary ranker was trained on --train and named for the hybrid
    assert stored["inference"]["boundaries"] == "boundaries.json" and (trained_dir / "boundaries.json").is_file()
    # and the MEASURE ranker too
    assert stored["inference"]["measures"] == "measures.json" and (trained_dir / "measures.json").is_file()
    dev_scores = json.loads((trained_dir / "dev_scores.json").read_text("utf-8"))
    assert set(dev_scores) >= {"model", "model_text", "hybrid", "rules"}

    ex = Extractor(backend="model", model=trained_dir)
    text = "前言\n" + PARA + "\n" + PARA
    res = ex.extract(text)
    assert ex.backend == "model"
    for sp in res.spans:
        assert 0 <= sp.start < sp.end <= len(text) and text[sp.start : sp.end] == sp.text
    hybrid = Extractor(backend="hybrid", model=trained_dir)
    assert hybrid.tagger.model.rule_features
    for sp in hybrid.extract(text).spans:
        assert text[sp.start : sp.end] == sp.text
    # deterministic: the same text gives the same spans
    assert Extractor(backend="model", model=trained_dir).extract(text).spans == res.spans


class _ContextFree(torch.nn.Module):
    """A stand-in network whose logits depend on each token alone, so windows cannot change them."""

    def __init__(self, vocab_size: int):
        super().__init__()
        self.table = torch.nn.Embedding(vocab_size, len(BIO_LABELS))
        torch.manual_seed(0)
        torch.nn.init.normal_(self.table.weight, std=3.0)

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        return type("Out", (), {"logits": self.table(input_ids)})()


def test_sliding_windows_give_exactly_the_offsets_of_a_single_pass(trained_dir):
    long_text = (PARA + " ") * 12  # ~600 characters, far longer than a 16-token window
    whole = ModelTagger(trained_dir, max_length=1024, runtime="torch")
    windowed = ModelTagger(trained_dir, max_length=16, stride=5, runtime="torch")
    net = _ContextFree(whole.tokenizer.size)
    whole.net = windowed.net = net
    assert windowed.window == 16 - 2 - windowed.pad_margin  # room for the padding the convolutions see
    expected = whole.tag_batch([long_text])[0]
    got = windowed.tag_batch([long_text])[0]
    assert expected and got == expected
    assert all(long_text[s.start : s.end] == s.text for s in got)


def _fine_tune_tiny(base: Path, examples: list, out: Path, *options: str) -> Path:
    """Two training steps of ``training.train`` from the checkpoint ``base`` on ``examples``."""
    from training.train import main

    train = out.with_name(out.name + "-train.jsonl")
    train.write_text("".join(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n" for ex in examples), "utf-8")
    size = ["--max-steps", "2", "--max-length", "64", "--stride", "48", "--batch-size", "4", "--quantize", "no"]
    main(["--train", str(train), "--base", str(base), "--out", str(out), *size, *options])
    return out


def test_from_pretrained_base_on_a_local_tiny_checkpoint(tmp_path):
    from transformers import BertConfig, BertForMaskedLM

    from training.vocab import build_char_vocab, char_tokenizer

    examples = [ex for ex in read_jsonl(split_files("train")) if ex.spans][:4]
    base = tmp_path / "tiny-bert"
    tok = char_tokenizer(build_char_vocab([ex.text for ex in examples], 1), base)
    tok.save_pretrained(base)
    config = BertConfig(
        vocab_size=len(tok),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    BertForMaskedLM(config).save_pretrained(base, safe_serialization=True)
    out = _fine_tune_tiny(base, examples, tmp_path / "out")
    res = Extractor(backend="model", model=out).extract(PARA)
    assert all(PARA[s.start : s.end] == s.text for s in res.spans)


def test_mlm_pretraining_leaves_out_dev_documents_and_gives_a_base_that_fine_tunes(tmp_path):
    from training.pretrain_mlm import main as pretrain

    examples = [ex for ex in read_jsonl(split_files("train")) if ex.spans][:4]
    corpus = tmp_path / "unlabeled.jsonl"
    rows = [{"doc": ex.doc, "content": ex.text} for ex in examples] + [{"doc": "dev-doc", "content": "龘" * 40}]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    dev_gold = tmp_path / "dev.jsonl"
    dev_gold.write_text(
        json.dumps({"id": "dev-doc-0", "doc": "dev-doc", "text": "龘"}, ensure_ascii=False) + "\n", "utf-8"
    )
    base = tmp_path / "mlm"
    size = ["--layers", "1", "--hidden", "32", "--heads", "2", "--intermediate", "64", "--max-length", "64"]
    pretrain(
        ["--text", str(corpus), "--exclude-docs", str(dev_gold), "--epochs", "1", "--vocab-min-count", "1"]
        + size
        + ["--out", str(base)]
    )
    assert json.loads((base / "config.json").read_text("utf-8"))["model_type"] == "convbert"
    vocabulary = (base / "vocab.txt").read_text("utf-8").split("\n")
    assert "办" in vocabulary and "龘" not in vocabulary  # the dev document's text was never read
    out = _fine_tune_tiny(base, examples, tmp_path / "tagger", "--rule-features")
    ex = Extractor(backend="hybrid", model=out)
    assert ex.tagger.model.runtime == "onnx" and ex.tagger.model.rule_features
    assert [(s.text, s.label) for s in ex.extract(PARA).spans if s.label == "QUANTITY"][:2] == [
        ("78", "QUANTITY"),
        ("73", "QUANTITY"),
    ]


def test_hybrid_falls_back_to_rules_with_a_warning(tmp_path):
    with pytest.warns(UserWarning, match="falls back to the rules"):
        ex = Extractor(backend="hybrid", model=tmp_path / "missing")
    assert ex.extract(PARA).spans == Extractor(backend="rules").extract(PARA).spans


def test_model_backend_without_a_model_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no model folder"):
        Extractor(backend="model", model=tmp_path / "missing")


# --- the shipped model --------------------------------------------------------------------

shipped = pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "config.json").is_file(), reason="no shipped model")
EXTERNAL = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "gold_external"


@shipped
def test_default_extractor_is_the_hybrid_with_the_shipped_model():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ex = Extractor()
    assert ex.backend == "hybrid"
    res = ex.extract(PARA)
    assert [(s.text, s.label) for s in res.spans if s.label in ("QUANTITY", "UNIT")][:2] == [
        ("78", "QUANTITY"),
        ("件", "UNIT"),
    ]


@shipped
def test_the_model_backend_tags_no_number_alone_in_brackets():
    # list markers and footnote references are never a QUANTITY (ANNOTATION.md); the shipped network
    # tagged 清单[1] as one, the model backend drops it as the rules never tag it
    text = "“零关税”清单[1]扩容增效[2]，外贸进出口增长5%[3]，（2）新增企业12家。"
    for backend in ("model", "hybrid"):
        quantities = [s.text for s in Extractor(backend=backend).extract(text).spans if s.label == "QUANTITY"]
        assert quantities == ["5", "12"], backend


def _assert_floors(scores, gate: str) -> None:
    """Every score of ``gate`` in corpora/floors.json is kept."""
    from fazhi_ie.evaluation.floors import read_floors

    for name, floor in read_floors(Path(__file__).resolve().parent.parent / "corpora" / "floors.json", gate):
        assert (scores.labels.get(name) or getattr(scores, name)).f1 >= floor, name


@shipped
def test_shipped_model_alone_tags_quantities_on_dev():
    # the gates seed-dev/model (reading the rules' tags, as trained) and seed-dev/model-text (the
    # text alone) of corpora/floors.json, a little under the measured values
    dev = load_split("dev")
    _assert_floors(evaluate(Extractor(backend="model"), dev), "seed-dev/model")
    _assert_floors(evaluate(Extractor(backend="model", rule_input=False), dev), "seed-dev/model-text")


def test_the_model_alone_reads_the_rules_tags_it_was_trained_with(trained_dir):
    from fazhi_ie.taggers import TagContext

    views = [PARA, "全面落实《丰都优化营商环境十条措施》，全年公示行政执法信息6条。"]
    context = TagContext(own_places=("丰都县", "丰都"))
    model = ModelTagger(trained_dir)
    assert model.rule_features and model.rule_input
    rules = RuleTagger()
    assert model.tag_batch(views) == model.tag_batch(views, rules.tag_batch(views))
    # the report's context reaches the rules whose tags the model reads
    with_context = rules.tag_batch(views, context=context)
    assert with_context != rules.tag_batch(views)
    assert model.tag_batch(views, context=context) == model.tag_batch(views, with_context)
    # rule_input=False: the text alone (no rule tag goes in), which the model sees differently
    text_only = ModelTagger(trained_dir, rule_input=False)
    assert not text_only.rule_input
    fed, bare = model.char_log_probs(views, rules.tag_batch(views)), text_only.char_log_probs(views)
    assert not np.allclose(fed[0][0], bare[0][0])
    expected = [[s for s, _ in spans] for spans in model.tag_batch_scored(views)]  # no rule spans given
    if model.ranker:
        expected = [model.ranker.refine(view, spans) for view, spans in zip(views, expected)]
    assert text_only.tag_batch(views) == expected


def test_rule_input_is_an_option_of_the_model_backend_only(trained_dir):
    with pytest.raises(ValueError, match="rule_input is an option of the model backend"):
        Extractor(backend="hybrid", model=trained_dir, rule_input=False)
    model = ModelTagger(trained_dir)
    with pytest.raises(ValueError, match="1 lists of rule spans for 2 views"):
        model.tag_batch([PARA, PARA], [[]])


@shipped
@pytest.mark.skipif(not (EXTERNAL / "split.json").is_file(), reason="no ../shared/corpora/gold_external")
def test_shipped_model_alone_meets_the_external_dev_floors():
    # .ci/run gates external-dev/model with the CLI; the text alone has no CLI switch, so it is here
    dev = load_split("dev", EXTERNAL)
    _assert_floors(evaluate(Extractor(backend="model", rule_input=False), dev), "external-dev/model-text")


def test_rule_input_needs_a_model_trained_with_rule_features(model_copy):
    config = json.loads((model_copy / "fazhi_ie.json").read_text("utf-8"))
    config["inference"]["rule_features"] = False
    (model_copy / "fazhi_ie.json").write_text(json.dumps(config), "utf-8")
    assert not ModelTagger(model_copy).rule_input  # such a model reads the text alone
    with pytest.raises(ValueError, match="trained without the rules' tags"):
        ModelTagger(model_copy, rule_input=True)


@shipped
@pytest.mark.skipif(not (EXTERNAL / "split.json").is_file(), reason="no ../shared/corpora/gold_external")
def test_hybrid_is_at_least_as_good_as_the_rules_on_external_dev():
    # the dev documents the merge policy is chosen on (other governments' reports); on the seed dev
    # documents, which the rules were written from, the gate is seed-dev/default of corpora/floors.json
    dev = load_split("dev", EXTERNAL)
    hybrid, rules = evaluate(Extractor(backend="hybrid"), dev), evaluate(Extractor(backend="rules"), dev)
    assert hybrid.micro.f1 >= rules.micro.f1
    assert hybrid.records.f1 >= rules.records.f1


@shipped
def test_hybrid_meets_the_seed_dev_floors():
    _assert_floors(evaluate(Extractor(backend="hybrid"), load_split("dev")), "seed-dev/default")


def test_fast_convbert_attention_matches_the_transformers_forward():
    from transformers import ConvBertConfig, ConvBertForTokenClassification

    from fazhi_ie.taggers.fast_convbert import speed_up

    torch.manual_seed(0)
    config = ConvBertConfig(
        vocab_size=50, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
        embedding_size=32, conv_kernel_size=9, head_ratio=2, num_labels=len(BIO_LABELS),
    )  # fmt: skip
    net = ConvBertForTokenClassification(config).eval()
    ids = torch.randint(5, 50, (3, 17))
    mask = torch.ones_like(ids)
    mask[1, 10:] = 0
    with torch.inference_mode():
        expected = net(input_ids=ids, attention_mask=mask).logits
        assert speed_up(net) == 2
        got = net(input_ids=ids, attention_mask=mask).logits
    assert torch.allclose(got, expected, atol=1e-5)


# --- damaged model folders ---------------------------------------------------------------------


@pytest.fixture
def model_copy(tmp_path):
    import shutil

    if not (DEFAULT_MODEL_DIR / "config.json").is_file():
        pytest.skip("no shipped model")
    folder = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, folder)
    return folder


def _truncate(folder):
    data = (folder / "model.safetensors").read_bytes()
    (folder / "model.safetensors").write_bytes(data[: len(data) // 2])


def _no_tokenizer(folder):
    for name in ("tokenizer.json", "vocab.txt", "tokenizer_config.json"):
        (folder / name).unlink(missing_ok=True)


def _empty(folder):
    (folder / "model.safetensors").write_bytes(b"")


def _foreign_vocab(folder):
    (folder / "tokenizer.json").unlink()
    (folder / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "办", "理"]), "utf-8")


@pytest.mark.parametrize(
    "damage, message",
    [
        (_truncate, r"model\.safetensors: cannot be loaded"),
        (_empty, r"model\.safetensors: 0 bytes, truncated or empty"),
        (_no_tokenizer, r"no tokenizer \(tokenizer\.json or vocab\.txt\)"),
        (_foreign_vocab, r"the tokenizer has 7 tokens but the model embeds \d+"),
    ],
)
def test_a_damaged_model_folder_is_named_and_the_default_falls_back_to_the_rules(model_copy, damage, message):
    from fazhi_ie.taggers.model import ModelFolderError

    damage(model_copy)
    with pytest.raises(ModelFolderError, match=message):
        Extractor(backend="model", model=model_copy)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ex = Extractor(model=model_copy)
    assert len([w for w in caught if "falls back to the rules" in str(w.message)]) == 1
    assert ex.extract("办理行政复议案件78件").records[0].value == 78.0


# --- the ONNX Runtime graph ------------------------------------------------------------------


def test_the_default_runs_onnx_runtime_with_the_spans_torch_gives():
    seeds = [p.read_text("utf-8") for p in sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))]
    default = Extractor()
    assert default.tagger.model.runtime == "onnx" and default.tagger.model.net is None
    with_torch = Extractor(runtime="torch")
    assert with_torch.tagger.model.runtime == "torch"
    expected = [r.spans for r in with_torch.extract_many(seeds)]
    assert sum(map(len, expected)) > 1000
    assert [r.spans for r in default.extract_many(seeds)] == expected


def test_a_default_extractor_never_imports_torch_or_transformers():
    """What a corpus worker pays at start-up: ONNX Runtime and tokenizers, not torch."""
    import subprocess
    import sys

    code = (
        f"import sys\nfrom fazhi_ie import Extractor\nex = Extractor()\nrecords = ex.extract({PARA!r}).records\n"
        "print(ex.tagger.model.runtime, [r.value for r in records], 'torch' in sys.modules, "
        "'transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "onnx [78.0, 73.0, 100.0, 27.8] False False"


def test_a_graph_made_for_other_weights_is_not_used(model_copy):
    from safetensors.numpy import load_file, save_file

    from fazhi_ie.taggers.model import ModelFolderError, ModelTagger

    weights = load_file(model_copy / "model.safetensors")
    weights["classifier.bias"] = weights["classifier.bias"] + 1.0
    save_file(weights, model_copy / "model.safetensors", metadata={"format": "pt"})
    with pytest.warns(UserWarning, match=r"model\.onnx: made for other weights .* running with torch"):
        tagger = ModelTagger(model_copy)
    assert tagger.runtime == "torch" and tagger.session is None
    with pytest.raises(ModelFolderError, match="made for other weights"):
        ModelTagger(model_copy, runtime="onnx")
    (model_copy / "model.onnx").unlink()  # no graph: torch, without a word
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ModelTagger(model_copy).runtime == "torch"


def test_without_onnxruntime_the_folder_runs_with_torch(monkeypatch):
    import sys

    from fazhi_ie.taggers.model import ModelTagger

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # what an install without it looks like
    tagger = ModelTagger()
    assert tagger.runtime == "torch" and tagger.net is not None
    assert [s.text for s in tagger.tag_batch([PARA])[0] if s.label == "QUANTITY"][:2] == ["78", "73"]


def test_with_no_runtime_installed_the_default_is_the_rules_and_the_model_backend_says_why(monkeypatch):
    import sys

    for module in ("onnxruntime", "torch"):  # a plain `pip install fazhi_ie`, without the model extra
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.warns(UserWarning, match="model backends unavailable .*install fazhi_ie\\[model\\]"):
        ex = Extractor()
    assert ex.backend == "rules" and [r.value for r in ex.extract(PARA).records] == [78.0, 73.0, 100.0, 27.8]
    with pytest.raises(ImportError, match="neither onnxruntime .* nor torch"):
        Extractor(backend="model")
    with pytest.warns(UserWarning, match="falls back to the rules"):
        assert Extractor(backend="hybrid").extract(PARA).spans == ex.extract(PARA).spans


def test_runtime_choices_are_checked():
    from fazhi_ie.taggers.model import ModelTagger

    with pytest.raises(ValueError, match="runtime must be one of"):
        ModelTagger(runtime="tensorflow")
    with pytest.raises(ValueError, match="float32 on CPU"):
        ModelTagger(runtime="onnx", quantize=True)


def test_training_writes_a_graph_that_reads_its_weights_from_safetensors(trained_dir):
    onnx = pytest.importorskip("onnx")
    from safetensors import safe_open

    from fazhi_ie.taggers.model import ModelTagger

    graph = onnx.load(str(trained_dir / "model.onnx"), load_external_data=False)
    external = {t.name.removeprefix("inner.") for t in graph.graph.initializer if t.data_location == t.EXTERNAL}
    inline = [t.name for t in graph.graph.initializer if t.data_location != t.EXTERNAL and t.ByteSize() > 4096]
    with safe_open(str(trained_dir / "model.safetensors"), "np") as weights:
        assert external == set(weights.keys())
    assert inline == []
    assert {e.key: e.value for e in graph.graph.initializer[0].external_data}["location"] == "model.safetensors"
    onnx_tagger, torch_tagger = ModelTagger(trained_dir), ModelTagger(trained_dir, runtime="torch")
    assert onnx_tagger.runtime == "onnx"
    text = "前言\n" + PARA
    assert onnx_tagger.tag_batch_scored([text])[0] == pytest.approx(torch_tagger.tag_batch_scored([text])[0])
    from fazhi_ie.taggers.rules import RuleTagger

    rules = RuleTagger().tag_batch([text])  # and reading the rules' tags (what the backends feed it)
    assert onnx_tagger.tag_batch_scored([text], rules)[0] == pytest.approx(
        torch_tagger.tag_batch_scored([text], rules)[0]
    )
