"""Gold examples: JSONL reading and writing, character BIO tags."""

from __future__ import annotations

import json

import pytest

from fazhi_ie.evaluation.corpus import Example, GoldError, read_jsonl
from fazhi_ie.taggers.bio import bio_to_spans, spans_to_bio
from fazhi_ie.types import Span

LINE = {
    "id": "doc-0001",
    "doc": "doc",
    "text": "办理行政复议案件78件",
    "spans": [[2, 8, "METRIC"], [8, 10, "QUANTITY"], [10, 11, "UNIT"]],
    "records": [["行政复议案件", 78, "件"]],
}


def test_example_round_trip():
    ex = Example.from_dict(LINE)
    assert [s.text for s in ex.spans] == ["行政复议案件", "78", "件"]
    assert ex.records == (("行政复议案件", 78, "件"),)
    assert ex.to_dict() == LINE


def test_bio_tags():
    ex = Example.from_dict(LINE)
    assert ex.bio_tags() == ["O", "O", "B-METRIC"] + ["I-METRIC"] * 5 + ["B-QUANTITY", "I-QUANTITY", "B-UNIT"]


def test_bio_round_trip_keeps_adjacent_spans_apart():
    text = "7878件"
    spans = [Span(0, 2, "QUANTITY", "78"), Span(2, 4, "QUANTITY", "78"), Span(4, 5, "UNIT", "件")]
    assert bio_to_spans(text, spans_to_bio(text, spans)) == spans


def test_bio_to_spans_is_lenient_about_a_missing_b():
    assert bio_to_spans("ab", ["I-UNIT", "I-UNIT"]) == [Span(0, 2, "UNIT", "ab")]
    assert bio_to_spans("ab", ["I-UNIT", "I-METRIC"]) == [Span(0, 1, "UNIT", "a"), Span(1, 2, "METRIC", "b")]


@pytest.mark.parametrize("spans", [[[0, 99, "METRIC"]], [[3, 3, "UNIT"]], [[0, 2, "PERSON"]]])
def test_bad_spans_are_rejected(spans):
    with pytest.raises(ValueError, match="doc-0001"):
        Example.from_dict(dict(LINE, spans=spans))


def test_read_jsonl_reports_file_and_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(LINE, ensure_ascii=False) + "\n\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.jsonl:3"):
        list(read_jsonl([path]))


def test_read_jsonl_reads_folders_sorted(tmp_path):
    for name, id_ in (("b.jsonl", "b-0000"), ("a.jsonl", "a-0000")):
        (tmp_path / name).write_text(json.dumps(dict(LINE, id=id_)) + "\n", encoding="utf-8")
    assert [ex.id for ex in read_jsonl([tmp_path])] == ["a-0000", "b-0000"]


GOOD = {
    "id": "d-0001",
    "doc": "d",
    "text": "办理案件78件",
    "spans": [[2, 4, "METRIC"], [4, 6, "QUANTITY"]],
    "records": [["案件", 78, None]],
}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"text": 12}, "'text' must be a string, got int 12"),
        ({"spans": None}, "'spans' must be a list, got null"),
        ({"spans": [["2", 4, "METRIC"]]}, "span offsets must be integers"),
        ({"spans": [[2.0, 4, "METRIC"]]}, "span offsets must be integers"),
        ({"spans": [[2, 4]]}, "a span is \\[start, end, label\\]"),
        ({"spans": [[2, 4, "DATE"]]}, "span label must be one of"),
        ({"spans": [[2, 40, "METRIC"]]}, "span \\[2, 40, .METRIC.\\] lies outside the text \\(7 characters\\)"),
        ({"spans": [[2, 4, "METRIC"], [3, 6, "QUANTITY"]]}, "overlapping spans"),
        ({"spans": [[2, 4, "METRIC"], [2, 4, "METRIC"]]}, "duplicate spans"),
        ({"records": [["案件", 78]]}, "a record is \\[metric, value, unit\\]"),
        ({"records": [["案件", "78", None]]}, "a record's value is a number or null"),
        ({"records": None}, "'records' must be a list"),
    ],
)
def test_malformed_gold_names_file_line_and_problem(tmp_path, change, message):
    lines = [json.dumps(GOOD, ensure_ascii=False), json.dumps({**GOOD, **change}, ensure_ascii=False)]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(GoldError, match=f"{path}:2: d-0001: {message}"):
        list(read_jsonl([path]))


@pytest.mark.parametrize("line", ['["a", "list"]', '"a string"', "12.5", "{not json"])
def test_a_line_that_is_no_object_is_named(tmp_path, line):
    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n", "utf-8")
    with pytest.raises(GoldError, match=f"{path}:1: "):
        list(read_jsonl([path]))


def test_evaluate_validates_gold_before_extracting(tmp_path, capsys, monkeypatch):
    import fazhi_ie.cli.evaluate
    from fazhi_ie.cli import main

    monkeypatch.setattr(fazhi_ie.cli.evaluate, "Extractor", None)  # would raise if the extractor ran
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({**GOOD, "spans": None}) + "\n", "utf-8")
    with pytest.raises(SystemExit, match=f"fazhi-ie: error: {path}:1: d-0001: 'spans' must be a list, got null"):
        main(["evaluate", str(path), "--backend", "rules"])
