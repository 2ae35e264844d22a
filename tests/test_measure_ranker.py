"""The MEASURE ranker: anchors, options, decisions and their margin, training, files, the hybrid."""

from __future__ import annotations

import json

import pytest

from fazhi_ie import Extractor, resources
from fazhi_ie.evaluation.corpus import Example, read_jsonl
from fazhi_ie.lexicons import load
from fazhi_ie.taggers.config import InferenceConfig
from fazhi_ie.taggers.measure_ranker import FILE, MeasureRanker, anchors, snap_to_marks
from fazhi_ie.types import Span

LEX = load()


def _span(view: str, phrase: str, label: str) -> Span:
    start = view.index(phrase)
    return Span(start, start + len(phrase), label, phrase)


def test_anchors_are_the_outermost_quotations_and_titles():
    view = "制定《关于“一网通办”的办法》，推行“首违不罚”“轻微免罚”。"
    assert [view[a:b] for a, b in anchors(view)] == ["《关于“一网通办”的办法》", "“首违不罚”", "“轻微免罚”"]
    assert anchors("全年办理案件5件。") == []


def test_a_measure_broken_off_inside_its_marks_is_made_whole():
    view = "印发《某某县行政执法办法》，推行“一窗综办”改革，实施“双随机、一公开”监管5次。"
    title, quote = "《某某县行政执法办法》", "“一窗综办”改革"
    cut = [
        Span(2, 6, "MEASURE", view[2:6]),  # 《某某县: stops inside the title
        _span(view, "一窗综办”改革", "MEASURE"),  # starts after its mark, reaches past the closing one
        _span(view, "“双随机", "MEASURE"),  # would grow into a value inside the marks: left as it is
        _span(view, "一公开", "QUANTITY"),
        _span(view, "监管", "METRIC"),
    ]
    assert [(s.text, s.label) for s in snap_to_marks(view, cut)] == [
        (title, "MEASURE"),
        (quote, "MEASURE"),
        ("“双随机", "MEASURE"),
        ("一公开", "QUANTITY"),
        ("监管", "METRIC"),
    ]
    assert all(view[s.start : s.end] == s.text for s in snap_to_marks(view, cut))
    inside = [_span(view, "一窗", "MEASURE"), _span(view, "双随机", "METRIC")]
    assert snap_to_marks(view, inside) == inside  # wholly inside a quotation, or not a MEASURE: unchanged
    in_title = [_span(view, "行政执法", "MEASURE"), _span(view, "双随机", "METRIC")]
    assert snap_to_marks(view, in_title) == [_span(view, title, "MEASURE"), in_title[1]]  # a title is one name
    quoted = "印发《2022年“谁执法谁普法”责任清单》"
    assert snap_to_marks(quoted, [_span(quoted, "“谁执法谁普法”", "MEASURE")]) == [
        _span(quoted, "《2022年“谁执法谁普法”责任清单》", "MEASURE")
    ]
    whole = [_span(view, title, "MEASURE"), _span(view, quote, "MEASURE")]
    assert snap_to_marks(view, whole) == whole
    assert snap_to_marks("全年办理案件5件。", []) == []


def test_a_measure_at_a_mark_never_closed_is_dropped():
    # cut-off text opens no MEASURE (ANNOTATION.md): a network tagging characters can start one there
    view = "印发《某某县交通运输局职能配置及内设机构"
    assert snap_to_marks(view, [Span(2, 9, "MEASURE", view[2:9])]) == []
    view = "落实《某某市中介服务事项清单》《告知承诺制证明事项"
    title = _span(view, "《某某市中介服务事项清单》", "MEASURE")
    stray = Span(title.end, title.end + 1, "MEASURE", "《")
    assert snap_to_marks(view, [title, stray]) == [title]
    other = [title, Span(title.end, title.end + 1, "METRIC", "《")]  # only MEASUREs are dropped
    assert snap_to_marks(view, other) == other
    nested = "印发《关于印发《某某县行政执法公示办法》的通知》"  # closed, though no single title pattern matches
    assert snap_to_marks(nested, [Span(2, len(nested), "MEASURE", nested[2:])]) == [
        Span(2, len(nested), "MEASURE", nested[2:])
    ]


def test_the_pieces_of_one_name_are_joined_and_what_is_unclear_is_left():
    view = "印发《关于深化“放管服”改革的实施意见》，推行「一窗综办」，落实“首违不罚”清单3项。"
    title = "《关于深化“放管服”改革的实施意见》"
    pieces = [_span(view, "《关于深化“放管", "MEASURE"), _span(view, "服”改革的实施意见》", "MEASURE")]
    assert [s.text for s in snap_to_marks(view, pieces)] == [title]  # one title, not two names
    assert [s.text for s in snap_to_marks(view, reversed(pieces))] == [title]  # in any order
    mixed = [pieces[0], _span(view, "改革", "METRIC")]  # a piece of another label: not joined
    assert snap_to_marks(view, mixed) == mixed  # nor grown into the other span
    exact = [_span(view, "「一窗综办」", "MEASURE")]  # 「」 marks; ending at the closing mark: whole already
    assert snap_to_marks(view, exact) == exact
    assert [s.text for s in snap_to_marks(view, [_span(view, "「一窗", "MEASURE")])] == ["「一窗综办」"]
    before = [_span(view, "落实“首违", "MEASURE")]  # starts before the mark: left as it is
    assert snap_to_marks(view, before) == before
    headed = [_span(view, "“首违不罚”清单", "MEASURE"), _span(view, "3", "QUANTITY")]
    assert snap_to_marks(view, headed) == headed  # whole, with its head noun
    crossing = [Span(0, 5, "MEASURE", "“甲乙”和“")]  # into a second name: which one is meant is not known
    assert snap_to_marks("“甲乙”和“丙丁”", crossing) == crossing


def test_ends_stop_at_stops_digits_marks_and_other_spans_and_keep_the_current_one():
    ranker = MeasureRanker(extend=6)
    view = "推行“首违不罚”清单制度改革，共3项"
    anchor = anchors(view)[0]
    ends = ranker.ends(view, anchor, set(), None)
    assert [view[anchor[0] : e] for e in (ends[0], ends[-1])] == ["“首违不罚”", "“首违不罚”清单制度改革"]
    assert len(ends) == 7  # the closing mark and six characters on, up to the clause stop
    occupied = set(range(view.index("制度"), view.index("制度") + 2))
    assert view[anchor[0] : ranker.ends(view, anchor, occupied, None)[-1]] == "“首违不罚”清单"
    assert ranker.ends(view, anchor, set(), len(view) - 1)[-1] == len(view) - 1  # the current end, however far
    assert MeasureRanker().ends("“一网通办”2项", (0, 6), set(), None) == [6]  # no digit in a name
    view = "“一网通办”、 全面推行"
    assert [view[:e] for e in MeasureRanker(extend=3).ends(view, (0, 6), set(), None)] == [
        "“一网通办”",
        "“一网通办”、 全",
    ]


def test_decisions_follow_the_scores_only_by_the_margin():
    view = "坚持“四下基层”，推行“首违不罚”。"
    spans = [_span(view, "“首违不罚”", "MEASURE")]
    ranker = MeasureRanker(weights={"take": 3.0, "tail=0": 0.5}, margin=1.0)
    out = ranker.decide(view, spans, LEX)
    assert [s.text for s in out] == ["“四下基层”", "“首违不罚”"]
    assert all(view[s.start : s.end] == s.text for s in out)
    ranker.margin = 4.0  # the same scores, a larger margin: the rules' decision stays
    assert ranker.decide(view, spans, LEX) == spans
    remover = MeasureRanker(weights={"none|rule_tagged": 2.0}, margin=1.0)
    assert remover.decide(view, spans, LEX) == []
    assert MeasureRanker().decide(view, spans, LEX) == spans  # no weights: nothing changes
    assert remover.decide(view, spans, LEX, fixed=spans) == spans  # a fixed span stays
    longer = [Span(spans[0].start, spans[0].end + 1, "MEASURE", view[spans[0].start : spans[0].end + 1])]
    assert remover.decide(view, longer, LEX, fixed=spans) == []  # another span from the same mark does not
    with pytest.raises(ValueError, match="overlapping spans"):
        ranker.decide(view, [*spans, _span(view, "首违", "METRIC")], LEX)


def test_a_measure_that_a_value_counts_is_never_removed_and_spans_stay_disjoint():
    view = "全面承接140项全国“跨省通办”，开展“三下乡”活动10次。"
    spans = [
        _span(view, "140", "QUANTITY"),
        _span(view, "项", "UNIT"),
        _span(view, "“跨省通办”", "MEASURE"),
        _span(view, "活动", "METRIC"),
        _span(view, "10", "QUANTITY"),
        _span(view, "次", "UNIT"),
    ]
    remover = MeasureRanker(weights={"none": 5.0}, margin=1.0)
    assert remover.decide(view, spans, LEX) == sorted(spans)
    grower = MeasureRanker(weights={"take": 5.0, "tail=2": 3.0, "tail=4": 6.0}, margin=1.0)
    out = grower.decide(view, spans, LEX)
    assert "“三下乡”" in [s.text for s in out]  # not “三下乡”活动: the METRIC is another span
    assert all(a.end <= b.start for a, b in zip(out, out[1:]))


def test_scores_are_the_sums_of_the_weights_of_the_features_training_sees():
    import random

    view = "坚持“四下基层”、“马上就办”工作机制，发出《行政执法监督建议书》2份，推行140项“跨省通办”。"
    spans = [_span(view, "2", "QUANTITY"), _span(view, "140", "QUANTITY"), _span(view, "“跨省通办”", "MEASURE")]
    ranker = MeasureRanker()
    index = ranker.index(view, LEX)
    options = list(ranker.options(view, sorted(spans)))
    assert [view[o.anchor[0] : o.anchor[1]] for o in options] == [
        "“四下基层”",
        "“马上就办”",
        "《行政执法监督建议书》",
        "“跨省通办”",
    ]
    assert [(o.chain, o.counted) for o in options] == [("", False), ("other", False), ("", False), ("", True)]
    rng = random.Random(0)
    features = {f for o in options for row in ranker.option_features(index, o) for f in row}
    ranker.weights = {f: rng.uniform(-1, 1) for f in sorted(features)}
    for option in options:
        rows = ranker.option_features(index, option)
        assert ranker.option_scores(index, option) == pytest.approx([sum(ranker.weights[f] for f in r) for r in rows])


def _example(i: int, text: str, name: str) -> Example:
    value = _span(text, str(5 + i), "QUANTITY")
    spans = [_span(text, name, "MEASURE"), _span(text, "案件", "METRIC"), value]
    spans.append(Span(value.end, value.end + 1, "UNIT", text[value.end]))
    return Example(id=f"syn-{i}", doc=f"syn-{i // 2}", text=text, spans=tuple(sorted(spans)))


NAMES = ["四下基层", "一线工作", "基层走访", "走村入户", "夜间接访", "领导包案", "干部下沉", "联村包户"]
NAMES += ["视频接访", "巡回审判", "田间课堂", "院坝说事"]


def test_training_learns_names_the_rules_reject_and_the_same_data_give_the_same_file(tmp_path):
    """After 坚持 at the end of a clause the rules reject a quotation; this gold calls it a measure."""
    from training.train_measures import main

    examples = [_example(i, f"坚持“{n}”，办理案件{5 + i}件。", f"“{n}”") for i, n in enumerate(NAMES)]
    rules = Extractor(backend="rules")
    assert not any(s.label == "MEASURE" for ex in examples for s in rules.extract(ex.text).spans)
    train = tmp_path / "train.jsonl"
    train.write_text("".join(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n" for ex in examples), "utf-8")
    folder = tmp_path / "model"
    folder.mkdir()
    InferenceConfig().save(folder)
    main(["--train", str(train), "--model", str(folder), "--dev", str(train), "--margin", "1.0"])
    ranker = MeasureRanker.load(folder / FILE)
    assert ranker.margin == 1.0 and ranker.metadata["cross_validation_gain_by_margin"] == {}
    assert ranker.metadata["dev"][str(train)] == {"rules_measure_f1": 0.0, "ranked_measure_f1": 1.0}
    assert json.loads((folder / "fazhi_ie.json").read_text("utf-8"))["inference"]["measures"] == FILE
    view = "坚持“街巷议事”，办理案件20件。"  # a name it never saw
    spans = rules.extract(view).spans
    assert [s.text for s in ranker.decide(view, spans, LEX) if s.label == "MEASURE"] == ["“街巷议事”"]
    first = (folder / FILE).read_text("utf-8")
    main(["--train", str(train), "--model", str(folder), "--margin", "1.0"])
    assert json.loads((folder / FILE).read_text("utf-8"))["weights"] == json.loads(first)["weights"]
    # without --margin it is chosen by cross-validation by document
    main(["--train", str(train), "--model", str(folder), "--folds", "2", "--margins", "1.0", "2.0"])
    chosen = MeasureRanker.load(folder / FILE)
    assert set(chosen.metadata["cross_validation_gain_by_margin"]) == {"1.0", "2.0"}
    assert chosen.margin in (1.0, 2.0)


def test_the_weights_are_the_mean_of_fits_in_different_orders(tmp_path):
    """One fit depends on the order it sees the examples in; ``--fits k`` averages orders seed..seed+k-1."""
    from training.train_measures import main

    examples = [_example(i, f"坚持“{n}”，办理案件{5 + i}件。", f"“{n}”") for i, n in enumerate(NAMES)]
    train = tmp_path / "train.jsonl"
    train.write_text("".join(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n" for ex in examples), "utf-8")
    weights = []
    for fits, seed in (("1", "0"), ("1", "1"), ("2", "0")):
        folder = tmp_path / f"model-{fits}-{seed}"
        folder.mkdir()
        InferenceConfig().save(folder)
        main(["--train", str(train), "--model", str(folder), "--margin", "1.0", "--fits", fits, "--seed", seed])
        weights.append(MeasureRanker.load(folder / FILE).weights)
    first, second, mean = weights
    assert first != second  # the order matters
    assert set(mean) <= set(first) | set(second)
    for name in set(first) | set(second):
        assert mean.get(name, 0.0) == pytest.approx((first.get(name, 0.0) + second.get(name, 0.0)) / 2, abs=2e-5)


def test_file_round_trip_and_errors(tmp_path):
    ranker = MeasureRanker(weights={"take": 0.5, "tiny": 1e-9}, extend=8, margin=1.5, metadata={"note": "x"})
    path = ranker.save(tmp_path)
    back = MeasureRanker.load(path)
    assert (back.weights, back.extend, back.margin, back.metadata) == ({"take": 0.5}, 8, 1.5, {"note": "x"})
    path.write_text("{", "utf-8")
    with pytest.raises(ValueError, match=r"measures\.json: not a JSON file"):
        MeasureRanker.load(path)
    good = json.loads(ranker.save(tmp_path).read_text("utf-8"))
    for broken, message in [
        ({"extend": 2.5}, "whole number of characters"),
        ({"margin": -1}, "not a finite number"),
        ({"weights": {"take": float("inf")}}, "not a finite number"),
        ({"format": 9}, "this version reads 1"),
        ({"margin": "1.0"}, "not a number"),
        ({"weights": {"take": True}}, "not a number"),
        ({"metadata": [["a", 1]]}, "metadata must be an object"),
    ]:
        path.write_text(json.dumps({**good, **broken}), "utf-8")
        with pytest.raises(ValueError, match=message):
            MeasureRanker.load(path)
    with pytest.raises(ValueError, match="measures must be a file name in the model folder"):
        InferenceConfig(measures="../measures.json")


def test_a_folder_naming_a_missing_measure_ranker_is_named(tmp_path):
    pytest.importorskip("onnxruntime")
    import shutil

    from fazhi_ie.taggers.model import ModelFolderError, ModelTagger

    if not (resources.default_model_dir() / "config.json").is_file():
        pytest.skip("no shipped model")
    folder = tmp_path / "model"
    shutil.copytree(resources.default_model_dir(), folder)
    (folder / FILE).unlink()
    with pytest.raises(ModelFolderError, match=r"measures\.json: missing \(named as the MEASURE ranker"):
        ModelTagger(folder, measures=True)  # as the hybrid loads it
    with pytest.raises(ModelFolderError, match=r"measures\.json: missing"):
        ModelTagger(folder)  # the model backend applies it too
    assert ModelTagger(folder, measures=False).measure_ranker is None
    with pytest.warns(UserWarning, match=r"measures\.json: missing"):
        assert Extractor(backend="hybrid", model=folder).backend == "hybrid"  # falls back to the rules


def test_the_shipped_hybrid_finds_seed_dev_names_the_rules_miss():
    """“七五”普法: the rules see no measure, the network does; “两法衔接”工作: the rules end the name at
    its mark, and the MEASURE ranker, weighing the network's decision, takes the head noun as the gold does."""
    pytest.importorskip("onnxruntime")
    if not (resources.default_model_dir() / "config.json").is_file():
        pytest.skip("no shipped model")
    gold_dir = resources.gold_dir()
    rules, hybrid = Extractor(backend="rules"), Extractor(backend="hybrid")
    no_ranker = Extractor(backend="hybrid", measures=False)

    def measures(extractor, text):
        return [s.text for s in extractor.extract(text).spans if s.label == "MEASURE"]

    def example(file, anchor):
        [found] = [ex for ex in read_jsonl([gold_dir / file]) if anchor in ex.text]
        return found

    qiwu = example("004_bb0d26e07b32a41b.jsonl", "“七五”普法顺利")
    liangfa = example("001_ab91cbb189252259.jsonl", "“两法衔接”工作")
    for ex, name in ((qiwu, "“七五”普法"), (liangfa, "“两法衔接”工作")):
        assert (name, "MEASURE") in [(s.text, s.label) for s in ex.spans]  # the gold has it
        assert name not in measures(rules, ex.text)
        assert name in measures(hybrid, ex.text)
    assert "“七五”普法" in measures(no_ranker, qiwu.text)  # the network finds it
    assert "“两法衔接”" in measures(rules, liangfa.text)
    assert "“两法衔接”工作" not in measures(no_ranker, liangfa.text)  # the ranker's decision


def test_the_model_backend_makes_its_names_whole_and_decides_them_with_the_ranker():
    """On seed gold: the network stops inside a title (snapped to its marks), and the MEASURE
    ranker, weighing the network's decisions as it weighs the rules' in the hybrid, adds a name."""
    pytest.importorskip("onnxruntime")
    if not (resources.default_model_dir() / "config.json").is_file():
        pytest.skip("no shipped model")
    from fazhi_ie.taggers.bio import index_spans, viterbi_batch
    from fazhi_ie.taggers.model import ModelTagger, _span_probability
    from fazhi_ie.taggers.rules import RuleTagger
    from fazhi_ie.text import matching_view

    gold_dir = resources.gold_dir()
    [example] = [
        ex for ex in read_jsonl([gold_dir / "001_ab91cbb189252259.jsonl"]) if "《新行政处罚法学习指引》" in ex.text
    ]
    gold = {(s.text, s.label) for s in example.spans}
    title, name = ("《新行政处罚法学习指引》", "MEASURE"), ("“两法衔接”工作", "MEASURE")
    assert {title, name} <= gold
    view = matching_view(example.text)
    tagger = ModelTagger(measures=False)
    rules = RuleTagger().tag_batch([view])
    [(rows, chars)] = tagger.char_log_probs([view], rules)
    [best] = viterbi_batch([rows], tagger.labels)  # the network's own decoding
    decoded = [view[chars[a] : chars[b] + 1] for a, b, _ in index_spans(best, tagger.labels)]
    assert "《新行政处罚法学习指" in decoded and title[0] not in decoded  # the network breaks off inside
    scored = dict((s.text, c) for s, c in tagger.tag_batch_scored([view], rules)[0])
    whole = _span(view, title[0], "MEASURE")
    token_at = {c: t for t, c in enumerate(chars)}
    index = {lab: i for i, lab in enumerate(tagger.labels)}
    assert scored[title[0]] == pytest.approx(_span_probability(whole, rows, index, token_at))  # its new extent's

    def spans(**options):
        return {(s.text, s.label) for s in Extractor(backend="model", **options).extract(example.text).spans}

    assert title in spans(measures=False) and name not in spans(measures=False)
    assert {title, name} <= spans()
