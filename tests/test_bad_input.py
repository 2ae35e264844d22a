"""Bad or unusual input: a clear error or an empty result, never a crash; offsets index the original."""

from __future__ import annotations

import pytest
from markup import record_keys, triples

from fazhi_ie import Extractor


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\u3000\r\n \n", "\ufeff"])
def test_empty_or_blank_text_gives_an_empty_result(rules, text):
    result = rules.extract(text)
    assert result.spans == () and result.records == () and result.text == text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "expected str, got NoneType"),
        (b"\xe5\x8a\x9e\xe7\x90\x86", "expected str, got bytes: decode it first"),
        (bytearray(b"abc"), "expected str, got bytes"),
        (12, "expected str, got int"),
        (["办理案件78件"], "expected str, got list"),
    ],
)
def test_non_text_raises_type_error_saying_what_is_expected(rules, value, message):
    with pytest.raises(TypeError, match=message):
        rules.extract(value)
    with pytest.raises(TypeError, match=message):
        list(rules.extract_many(["办理案件78件", value]))


def test_unknown_backend_and_bad_batch_size():
    with pytest.raises(ValueError, match="unknown backend 'regex'"):
        Extractor(backend="regex")
    with pytest.raises(ValueError, match="batch_size"):
        list(Extractor(backend="rules").extract_many(["a"], batch_size=0))


def test_full_width_digits(rules):
    result = rules.extract("１２３件")
    assert triples(result) == [(0, 3, "QUANTITY"), (3, 4, "UNIT")]
    assert result.spans[0].text == "１２３"  # the caller's characters, not the normalised ones
    assert record_keys(result) == [(None, 123, "件")]


def test_traditional_characters(rules):
    text = "辦理行政復議案件78件"
    result = rules.extract(text)
    assert triples(result) == [(2, 8, "METRIC"), (8, 10, "QUANTITY"), (10, 11, "UNIT")]
    assert [s.text for s in result.spans] == ["行政復議案件", "78", "件"]
    assert record_keys(result) == [("行政復議案件", 78, "件")]


def test_html_remnants_offsets_index_the_original(rules):
    text = "<p>办理案件<b>78</b>件</p>"
    result = rules.extract(text)
    spans = {(s.label, s.text) for s in result.spans}
    assert ("QUANTITY", "78") in spans and ("UNIT", "件") in spans
    for s in result.spans:
        assert text[s.start : s.end] == s.text and "<" not in s.text and ">" not in s.text
    assert [(r.value, r.unit) for r in result.records] == [(78, "件")]


def test_html_tag_between_metric_and_value(rules):
    assert record_keys(rules.extract("<p>办理案件<b>78</b>件</p>")) == [("案件", 78, "件")]


def test_html_entities(rules):
    text = "办理&nbsp;案件78件&nbsp;，培训3&nbsp;人次&amp;"
    result = rules.extract(text)
    for s in result.spans:
        assert text[s.start : s.end] == s.text and "&" not in s.text
    assert [(r.value, r.unit) for r in result.records] == [(78, "件"), (3, "人次")]


@pytest.mark.parametrize("text", ["— 12 —", "- 3 -", "第3页 共10页", "—12—", "3/12"])
def test_page_number_paragraph(rules, text):
    assert rules.extract(text).spans == ()


def test_page_number_line_inside_a_report(rules):
    text = "办理行政复议案件78件。\n— 12 —\n审结16件。"
    result = rules.extract(text)
    assert [(s.text, s.label) for s in result.spans if s.label != "METRIC"] == [
        ("78", "QUANTITY"),
        ("件", "UNIT"),
        ("16", "QUANTITY"),
        ("件", "UNIT"),
    ]


def test_offsets_of_a_multi_paragraph_report_index_the_whole_text(rules):
    text = "\ufeff一、总体情况\r\n\r\n  2023年，办理行政复议案件78件。\n\u3000\u3000培训执法人员1.4万余人次。"
    result = rules.extract(text)
    assert [(s.text, s.label) for s in result.spans] == [
        ("行政复议案件", "METRIC"),
        ("78", "QUANTITY"),
        ("件", "UNIT"),
        ("执法人员", "METRIC"),
        ("1.4万余", "QUANTITY"),
        ("人次", "UNIT"),
    ]
    assert all(text[s.start : s.end] == s.text for s in result.spans)


def test_a_one_megabyte_line(rules):
    unit = "2023年，全县共办理行政复议案件78件，培训执法人员1.4万余人次，群众满意率达百分之九十八。"
    text = unit * (1_000_000 // len(unit) + 1)
    result = rules.extract(text)
    n = text.count(unit)
    assert sum(s.label == "QUANTITY" for s in result.spans) == 3 * n
    assert all(0 <= s.start < s.end <= len(text) and text[s.start : s.end] == s.text for s in result.spans)
    assert len(result.records) == 3 * n


def test_a_100000_digit_number(rules):
    text = "办理案件" + "7" * 100_000 + "件，审结16件。"
    result = rules.extract(text)
    quantities = [s for s in result.spans if s.label == "QUANTITY"]
    assert [(q.start, q.end) for q in quantities] == [(4, 100_004), (100_008, 100_010)]
    assert result.records[0].value is None and result.records[0].unit == "件"
    assert "too long" in result.records[0].value_error
    assert result.records[1].value == 16


def test_a_100000_character_chinese_numeral_is_not_a_crash(rules):
    result = rules.extract("共" + "九" * 100_000 + "件")
    assert all(s.end <= 100_002 for s in result.spans)


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01办理案件78件\x7f",
        "\ud800办理案件78件",
        "办理案件78件\U0001f600",
        "《《《“““78件",
        "”》78件",
        "1.2.3.4.5件",
        "一二三四五六七八九十百千万亿",
        "%%%",
        "余余余万万万",
        "至至至",
        "0.0.0%",
        "-" * 1000 + "5",
    ],
)
def test_odd_text_never_crashes(rules, text):
    result = rules.extract(text)
    assert all(text[s.start : s.end] == s.text for s in result.spans)


def test_any_str_works_with_the_model_backends_too():
    """A lone surrogate or a format character once crashed the tokenizer; the view blanks them."""
    pytest.importorskip("torch")
    from fazhi_ie import resources

    if not (resources.default_model_dir() / "config.json").is_file():
        pytest.skip("no shipped model")
    hybrid = Extractor(backend="hybrid")
    for text in ["\ud800办理行政复议案件78件。", "办理行政复议案件78\u200b件。", "\udfff"]:
        result = hybrid.extract(text)
        assert all(text[s.start : s.end] == s.text for s in result.spans)
    assert [(r.metric, r.value, r.unit) for r in hybrid.extract("\ud800办理行政复议案件78件。").records] == [
        ("行政复议案件", 78.0, "件")
    ]
