"""The METRIC boundary ranker: candidates, choices, training, files, and its place in the hybrid."""

from __future__ import annotations

import json

import pytest

from fazhi_ie import Extractor, resources
from fazhi_ie.evaluation.corpus import Example
from fazhi_ie.lexicons import load
from fazhi_ie.taggers.boundaries import FILE, BoundaryRanker, Window
from fazhi_ie.types import Span

LEX = load()
SHARE = "开展进出口业务的规模以上企业占比41.3%，较上年提高2个百分点。"


def _span(view: str, phrase: str, label: str = "METRIC") -> Span:
    start = view.index(phrase)
    return Span(start, start + len(phrase), label, phrase)


def test_candidates_stop_at_clause_stops_digits_and_other_spans():
    ranker = BoundaryRanker(windows={"start": Window(extend=12, shrink=3), "end": Window(extend=4, shrink=2)})
    view = "全年，开展进出口业务的规模以上企业占比41.3%"
    metric = _span(view, "规模以上企业占比")
    starts = ranker.candidates(view, (metric.start, metric.end), "start", set())
    assert [view[p : metric.end] for p in (starts[0], starts[-1])] == [
        "开展进出口业务的规模以上企业占比",
        "上企业占比",
    ]
    assert len(starts) == 8 + 1 + 3  # eight characters back to "，", the span's own start, three inwards
    ends = ranker.candidates(view, (metric.start, metric.end), "end", set())
    assert [view[metric.start : p] for p in ends] == ["规模以上企业", "规模以上企业占", "规模以上企业占比"]
    # another span blocks the way out: a start never moves into it
    occupied = set(range(view.index("进出口"), view.index("进出口") + 3))
    starts = ranker.candidates(view, (metric.start, metric.end), "start", occupied)
    assert view[starts[0] : metric.end] == "业务的规模以上企业占比"


def test_refine_moves_boundaries_to_the_best_scored_candidates_and_keeps_offsets_exact():
    view = "确保教育支出占本级财政支出比重在18%以上，" + SHARE
    spans = [_span(view, "教育支出占本级财政支出比重在"), _span(view, "18", "QUANTITY"), _span(view, "%", "UNIT")]
    spans += [_span(view, "规模以上企业占比"), _span(view, "41.3", "QUANTITY")]
    ranker = BoundaryRanker()
    ranker.weights = {"start": {"add_de": 2.0, "c-1=，": 1.0}, "end": {"c-1=在": -3.0, "c-1=重": 1.0}}
    out = ranker.refine(view, spans, LEX)
    metrics = [s for s in out if s.label == "METRIC"]
    assert [s.text for s in metrics] == ["教育支出占本级财政支出比重", "开展进出口业务的规模以上企业占比"]
    assert all(view[s.start : s.end] == s.text for s in out)
    assert [s for s in out if s.label != "METRIC"] == [s for s in spans if s.label != "METRIC"]
    # no weights: every span keeps its boundaries (of equal scores, the rules' own wins)
    assert BoundaryRanker().refine(view, spans, LEX) == sorted(spans)


def test_a_span_never_grows_into_its_neighbour_never_ends_on_a_joiner_and_never_vanishes():
    view = "执法人员持证率、培训率均达100%"
    spans = [_span(view, "执法人员持证率"), _span(view, "培训率"), _span(view, "100", "QUANTITY")]
    ranker = BoundaryRanker()
    ranker.weights = {"start": {}, "end": {"add": 5.0}}
    grown = [s.text for s in ranker.refine(view, spans, LEX) if s.label == "METRIC"]
    assert grown == ["执法人员持证率", "培训率均"]  # not "…持证率、" nor into 培训率; of equals the nearest
    ranker.weights = {"start": {}, "end": {"cut_len=6": 9.0, "c-1=培": 9.0}}
    cut = ranker.refine(view, spans, LEX)
    assert [s.text for s in cut if s.label == "METRIC"] == ["执", "培"]  # one character is the least left
    assert all(a.end <= b.start for a, b in zip(cut, cut[1:]))


def test_moved_words_in_one_sweep_are_those_of_a_scan_per_position():
    from fazhi_ie.taggers.boundaries import moved_words

    view = "组织开展执法检查12次，确保民生支出占一般公共预算支出比重在65%以上，全面推进依法行政工作。"
    index = BoundaryRanker().index(view, LEX)
    checked = 0
    for anchor in range(len(view) + 1):
        positions = list(range(max(0, anchor - 12), min(len(view), anchor + 10) + 1))
        moved = moved_words(index, anchor, positions)
        for p in positions:
            assert moved[p] == index.inside(min(p, anchor), max(p, anchor))
            checked += bool(moved[p])
    assert checked > 100  # most ranges hold a lexicon word


def test_features_name_what_a_move_adds_or_cuts():
    view = "组织开展执法检查12次"
    ranker = BoundaryRanker()
    index = ranker.index(view, LEX)
    anchor = view.index("执法")
    features = ranker.move_features(index, "start", view.index("开展"), anchor)
    assert features[:3] == ["add", "d=-2", "add_len=2"]
    assert "add:governing_verbs" in features
    assert ranker.move_features(index, "start", anchor, anchor) == ["keep"]
    assert "starts:governing_verbs" in ranker.position_features(index, view.index("开展"))


def _example(i: int, text: str, metric: str, value: str, unit: str) -> Example:
    spans = [_span(text, metric), _span(text, value, "QUANTITY"), _span(text, unit, "UNIT")]
    return Example(id=f"syn-{i}", doc=f"syn-{i // 4}", text=text, spans=tuple(sorted(spans)))


def test_training_learns_a_boundary_the_rules_get_wrong_and_the_hybrid_applies_it(tmp_path):
    """The rules keep 动态 in 教育支出占…比重动态保持在18%; gold leaves it out; the trained ranker cuts it."""
    from training.train_boundaries import main

    nouns = ["民生支出", "教育支出", "科技支出", "社保支出", "卫生支出", "农业支出", "文化支出", "环保支出"]
    wholes = ["财政预算支出", "财政总支出", "地方支出"]
    examples = [
        _example(i, f"确保{n}占{w}比重动态保持在{60 + i}%以上。", f"{n}占{w}比重", str(60 + i), "%")
        for i, (n, w) in enumerate((n, w) for n in nouns for w in wholes)
    ]
    train = tmp_path / "train.jsonl"
    train.write_text("".join(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n" for ex in examples), "utf-8")
    folder = tmp_path / "model"
    folder.mkdir()
    main(["--train", str(train), "--model", str(folder), "--dev", str(train)])
    ranker = BoundaryRanker.load(folder / FILE)
    assert ranker.metadata["dev"][str(train)] == {"rules_metric_f1": 0.0, "ranked_metric_f1": 1.0}
    assert json.loads((folder / "fazhi_ie.json").read_text("utf-8"))["inference"]["boundaries"] == FILE
    view = "确保住房支出占地方财政支出比重动态保持在30%以上。"
    rules = Extractor(backend="rules").extract(view).spans
    assert [s.text for s in rules if s.label == "METRIC"] == ["住房支出占地方财政支出比重动态"]
    refined = ranker.refine(view, [Span(s.start, s.end, s.label, s.text) for s in rules], LEX)
    assert [s.text for s in refined if s.label == "METRIC"] == ["住房支出占地方财政支出比重"]
    # the same data give the same file
    first = (folder / FILE).read_text("utf-8")
    main(["--train", str(train), "--model", str(folder)])
    assert json.loads((folder / FILE).read_text("utf-8"))["weights"] == json.loads(first)["weights"]


def test_file_round_trip_and_errors(tmp_path):
    ranker = BoundaryRanker(metadata={"note": "x"})
    ranker.weights = {"start": {"keep": 0.5, "tiny": 1e-9}, "end": {"c0=在": -1.25}}
    path = ranker.save(tmp_path)
    back = BoundaryRanker.load(path)
    assert back.weights == {"start": {"keep": 0.5}, "end": {"c0=在": -1.25}}  # zeros after rounding dropped
    assert back.windows == ranker.windows and back.features == ranker.features and back.metadata == {"note": "x"}
    path.write_text("{", "utf-8")
    with pytest.raises(ValueError, match=r"boundaries\.json: not a JSON file"):
        BoundaryRanker.load(path)
    path.write_text(json.dumps({"format": 1, "label": "METRIC", "windows": {}, "weights": {}}), "utf-8")
    with pytest.raises(ValueError, match=r"boundaries\.json: not a boundary ranker file \(KeyError"):
        BoundaryRanker.load(path)
    with pytest.raises(ValueError, match="unknown feature groups"):
        BoundaryRanker(features=("chars", "pkuseg"))
    good = json.loads(ranker.save(tmp_path).read_text("utf-8"))
    for broken, message in [
        ({"windows": {**good["windows"], "end": {"extend": 2.5, "shrink": 1}}}, "whole numbers of characters"),
        ({"weights": {**good["weights"], "end": {"keep": "nan"}}}, "not a finite number"),
        ({"label": None}, r"label None is not one of"),
    ]:
        path.write_text(json.dumps({**good, **broken}), "utf-8")
        with pytest.raises(ValueError, match=message):
            BoundaryRanker.load(path)


def test_overlapping_spans_are_refused_and_the_config_names_a_plain_file():
    from fazhi_ie.taggers.config import InferenceConfig

    view = "办理行政复议案件78件"
    with pytest.raises(ValueError, match="overlapping spans"):
        BoundaryRanker().refine(view, [_span(view, "行政复议案件"), _span(view, "复议")], LEX)
    for bad in (5, True, "", "../boundaries.json", "/tmp/boundaries.json"):
        with pytest.raises(ValueError, match="boundaries must be a file name in the model folder"):
            InferenceConfig(boundaries=bad)


@pytest.fixture
def model_copy(tmp_path):
    import shutil

    if not (resources.default_model_dir() / FILE).is_file():
        pytest.skip("no shipped model")
    pytest.importorskip("onnxruntime")
    folder = tmp_path / "model"
    shutil.copytree(resources.default_model_dir(), folder)
    return folder


def test_a_folder_that_names_a_missing_ranker_is_named_in_the_error(model_copy):
    from fazhi_ie.taggers.hybrid import make_hybrid_tagger
    from fazhi_ie.taggers.model import ModelFolderError, ModelTagger

    (model_copy / FILE).unlink()
    with pytest.raises(ModelFolderError, match=r"boundaries\.json: missing \(named as the boundary ranker"):
        ModelTagger(model_copy)
    assert ModelTagger(model_copy, boundaries=False).ranker is None
    with pytest.warns(UserWarning, match="falls back to the rules"):
        make_hybrid_tagger(model_copy)


def test_the_shipped_hybrid_applies_its_ranker(model_copy):
    """Two boundaries of the seed dev reports that the rules get wrong and the shipped ranker mends."""
    text = "2022年共有139件文件经过合法性审核。全年组织评查案卷594卷。"
    with_ranker = Extractor(model=model_copy).extract(text)
    without = Extractor(model=model_copy, boundaries=False).extract(text)
    assert [s.text for s in without.spans if s.label == "METRIC"] == ["文件经过合法性", "评查案卷"]
    assert [s.text for s in with_ranker.spans if s.label == "METRIC"] == ["文件", "案卷"]
    assert [r.metric for r in with_ranker.records] == ["文件", "案卷"]
    assert all(text[s.start : s.end] == s.text for s in with_ranker.spans)
    assert (model_copy / FILE).stat().st_size < 4_000_000


def test_the_model_backend_refines_its_own_metric_spans(model_copy):
    from fazhi_ie.taggers.model import ModelTagger

    views = ["2022年共有139件文件经过合法性审核。", "全年组织评查案卷594卷，办理行政复议案件78件。"]
    # the network's own boundaries, on the text alone and reading the rules' tags (the default)
    for rule_input, own in ((False, "文件经过合法"), (True, "文件经过合法性")):
        tagger = ModelTagger(model_copy, rule_input=rule_input)
        plain = ModelTagger(model_copy, boundaries=False, rule_input=rule_input)
        raw = plain.tag_batch(views)
        refined = tagger.tag_batch(views)
        assert refined == [tagger.ranker.refine(v, s) for v, s in zip(views, raw)]
        assert [s.text for s in raw[0] if s.label == "METRIC"] == [own]
        assert [s.text for s in refined[0] if s.label == "METRIC"] == ["文件"]


def test_averaged_fit_is_the_mean_of_fits_in_different_orders():
    from dataclasses import replace

    from training.train_boundaries import RankerArguments, averaged_fit, fit

    # two candidates per example; feature "a" is right twice as often as "b"
    examples = [([["a"], ["b"]], 0), ([["a"], ["b"]], 0), ([["a"], ["b"]], 1)] * 3
    args = RankerArguments(train=[], model="", epochs=3, fits=3)
    single = [fit(examples, replace(args, seed=k)) for k in range(3)]
    assert single[0] != single[1]  # the order of the examples moves one fit
    mean = averaged_fit(examples, args)
    assert mean == pytest.approx({f: sum(w[f] for w in single) / 3 for f in ("a", "b")})
    assert mean["a"] > mean["b"]
    assert averaged_fit(examples, replace(args, fits=1)) == single[0]
    with pytest.raises(ValueError, match="fits must be at least 1"):
        averaged_fit(examples, replace(args, fits=0))
