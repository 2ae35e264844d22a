"""Properties that hold for any input text (hypothesis): valid, sorted, non-overlapping spans,
offsets into the original string, batch = single extraction, deterministic output."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi_ie import LABELS
from fazhi_ie.text import matching_view

# Texts that look like report sentences, so that numbers, units, names and quotes actually occur.
REPORT_ALPHABET = (
    "0123456789０１２３４５６７８９.,，。、；：！？%％‰（）()“”《》「」〔〕—-~～ \n\t\u3000"
    "零〇一二两三四五六七八九十百千万亿点余多近约超逾共累计均达以上下左右之分第是年月日号届次件项人名个条"
    "场期家户元份率办理行政复议案件执法人员培训开展制度改革活动考试参考合格满意政府规范性文件审查受理审结"
    "辦復議<>/&;bp"
    "\u200b\u200d\u202e\ufeff\x00\ud800\udfff"  # invisible and format characters, lone surrogates
)
report_like = st.text(alphabet=REPORT_ALPHABET, max_size=200)
# Sentences glued from report fragments: exercises the linker (shared values, 分别为, quotes, HTML).
FRAGMENTS = [
    "办理",
    "受理",
    "审结",
    "行政复议案件",
    "执法人员",
    "考试参考率",
    "合格率",
    "满意率",
    "78",
    "1.4万余",
    "40余万",
    "3,200",
    "１２３",
    "三千",
    "百分之九十四点三",
    "三分之一",
    "3至5",
    "件",
    "人次",
    "个百分点",
    "个工作日",
    "万元",
    "%",
    "、",
    "，",
    "。",
    "；",
    "均达",
    "分别为",
    "以上",
    "近",
    "累计",
    "“一窗综办”",
    "改革",
    "《丰都县办法》",
    "出台",
    "2023年",
    "第",
    "一是",
    "（一）",
    "〔2023〕38号",
    "<b>",
    "</b>",
    "&nbsp;",
    "辦理",
    "\n",
    "— 12 —",
    " ",
    "\u200b",
    "\u202e",
    "\ud800",
]
sentences = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
any_text = st.text(max_size=200)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check_result(text, result):
    assert result.text is text or result.text == text
    previous_end = 0
    for span in result.spans:
        assert span.label in LABELS
        assert 0 <= span.start < span.end <= len(text)
        assert span.text == text[span.start : span.end]
        assert span.start >= previous_end  # sorted and non-overlapping
        previous_end = span.end
    quantities = {(s.start, s.end, s.text) for s in result.spans if s.label == "QUANTITY"}
    names = {s.text for s in result.spans if s.label in ("METRIC", "MEASURE")}
    # a record's unit is its span's text in the matching view (％ -> %, ～ -> ~), less a magnitude (万元 -> 元)
    units = {matching_view(s.text) for s in result.spans if s.label == "UNIT"}
    units |= {u[1:] for u in units if len(u) > 1 and u[0] in "万亿"}
    for record in result.records:
        assert (record.start, record.end, record.quantity) in quantities
        assert record.metric is None or record.metric in names
        assert record.unit is None or record.unit == "%" or record.unit in units


@SETTINGS
@given(any_text)
def test_any_unicode_text(rules, text):
    check_result(text, rules.extract(text))


@SETTINGS
@given(report_like)
def test_report_like_text(rules, text):
    check_result(text, rules.extract(text))


@SETTINGS
@given(sentences)
def test_sentences_from_report_fragments(rules, text):
    check_result(text, rules.extract(text))


@SETTINGS
@given(st.lists(st.one_of(report_like, sentences), max_size=6), st.integers(min_value=1, max_value=4))
def test_extract_many_equals_extract_and_is_deterministic(rules, texts, batch_size):
    singles = [rules.extract(t) for t in texts]
    assert list(rules.extract_many(texts, batch_size=batch_size)) == singles
    assert [rules.extract(t) for t in texts] == singles


#: CI sets FAZHI_IE_PROPERTY_EXAMPLES=3000 (.ci/run); a local run takes fewer.
BATCH_EXAMPLES = int(os.environ.get("FAZHI_IE_PROPERTY_EXAMPLES", "200"))


def _shipped_hybrid(runtime: str | None):
    pytest.importorskip("torch")
    from fazhi_ie import Extractor, resources

    if not (resources.default_model_dir() / "config.json").is_file():
        pytest.skip("no shipped model")
    return Extractor(backend="hybrid", runtime=runtime)


@pytest.fixture(scope="module")
def hybrid():
    """The default: ONNX Runtime on CPU."""
    return _shipped_hybrid(None)


@pytest.fixture(scope="module")
def hybrid_torch():
    return _shipped_hybrid("torch")


@pytest.mark.parametrize("backend", ["rules", "hybrid", "hybrid_torch"])
def test_any_batch_gives_each_text_its_own_result(request, backend):
    """extract_many equals extract whatever the other texts of the batch and the batch size: the result of
    a text never depends on its companions (int8 activation scales, padding, window order)."""
    extractor = request.getfixturevalue(backend)
    texts_strategy = st.lists(st.one_of(report_like, sentences, st.text(max_size=80)), min_size=1, max_size=6)

    @settings(
        max_examples=BATCH_EXAMPLES,
        deadline=None,
        derandomize=False,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(texts_strategy, st.integers(min_value=1, max_value=8), st.randoms(use_true_random=False))
    def check(texts, batch_size, rng):
        singles = [extractor.extract(t) for t in texts]
        shuffled = list(range(len(texts)))
        rng.shuffle(shuffled)
        batched = list(extractor.extract_many([texts[i] for i in shuffled], batch_size=batch_size))
        assert [batched[shuffled.index(i)] for i in range(len(texts))] == singles
        for text, result in zip(texts, singles):
            check_result(text, result)

    check()
