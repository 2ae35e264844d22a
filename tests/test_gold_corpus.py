"""The rules on the seed gold corpus: F1 floors and exact paragraphs; the gold data itself is well formed.

The floors are the gates ``seed-all/rules`` and ``seed-dev/rules`` of ``corpora/floors.json``, the
file that CI reads too; they sit a little under the measured scores, so a regression fails the test
while an improvement never does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fazhi_ie.evaluation.corpus import GOLD_DIR, load_split, read_jsonl
from fazhi_ie.evaluation.floors import read_floors
from fazhi_ie.evaluation.scoring import evaluate, record_key
from fazhi_ie.types import LABELS

FLOORS_FILE = Path(__file__).resolve().parent.parent / "corpora" / "floors.json"
FLOORS_ALL = dict(read_floors(FLOORS_FILE, "seed-all/rules"))
FLOORS_DEV = dict(read_floors(FLOORS_FILE, "seed-dev/rules"))


@pytest.fixture(scope="module")
def gold():
    return list(read_jsonl([GOLD_DIR]))


@pytest.fixture(scope="module")
def gold_by_id(gold):
    return {ex.id: ex for ex in gold}


def _f1(scores, name):
    return (scores.labels.get(name) or getattr(scores, name)).f1


@pytest.fixture(scope="module")
def scores_all(rules, gold):
    return evaluate(rules, gold)


@pytest.mark.parametrize("name", list(FLOORS_ALL))
def test_f1_floor_all_documents(scores_all, name):
    assert _f1(scores_all, name) >= FLOORS_ALL[name], scores_all.table("rules, all gold documents")


@pytest.fixture(scope="module")
def scores_dev(rules):
    return evaluate(rules, load_split("dev"))


@pytest.mark.parametrize("name", list(FLOORS_DEV))
def test_f1_floor_dev_documents(scores_dev, name):
    assert _f1(scores_dev, name) >= FLOORS_DEV[name], scores_dev.table("rules, dev documents")


# Paragraphs whose annotation is clear-cut: the rules must reproduce the gold exactly.
EXACT_PARAGRAPHS = ["000_4aa5ad3ec1f23a2b-0017", "000_4aa5ad3ec1f23a2b-0025", "002_ae4bafc44a57a084-0029"]


@pytest.mark.parametrize("example_id", EXACT_PARAGRAPHS)
def test_clear_paragraph_matches_gold_exactly(rules, gold_by_id, example_id):
    ex = gold_by_id[example_id]
    result = rules.extract(ex.text)
    assert [(s.start, s.end, s.label) for s in result.spans] == [(s.start, s.end, s.label) for s in ex.spans]
    assert sorted(map(repr, (record_key(r) for r in result.records))) == sorted(
        map(repr, (record_key(r) for r in ex.records))
    )


def test_clear_paragraph_details(rules, gold_by_id):
    """Independent of the gold file: the values a reader sees in paragraph 000-0025."""
    result = rules.extract(gold_by_id["000_4aa5ad3ec1f23a2b-0025"].text)
    assert [(r.metric, r.value, r.unit) for r in result.records] == [
        ("人大代表建议", 296, "件"),
        ("政协委员提案", 210, "件"),
        ("按期办复率", 100, "%"),
        ("办理满意率", 99.7, "%"),
        ("办理满意率", 99, "%"),
        ("司法建议", 1, "件"),
    ]
    text = gold_by_id["000_4aa5ad3ec1f23a2b-0017"].text
    spans = {(s.text, s.label) for s in rules.extract(text).spans}
    assert ("文件、协议", "METRIC") in spans
    assert ("《2023年度丰都县人民政府重大行政决策事项目录》", "MEASURE") in spans
    assert not any(s.label == "QUANTITY" and s.text == "2023" for s in rules.extract(text).spans)


# --- the gold data -------------------------------------------------------------------


def test_gold_spans_are_sorted_and_do_not_overlap(gold):
    for ex in gold:
        for a, b in zip(ex.spans, ex.spans[1:]):
            assert a.end <= b.start, (ex.id, a, b)
        assert all(s.label in LABELS for s in ex.spans)


def test_gold_records_name_spans_of_their_paragraph(gold):
    for ex in gold:
        names = {s.text for s in ex.spans if s.label in ("METRIC", "MEASURE")}
        units = {s.text for s in ex.spans if s.label == "UNIT"} | {"%"}
        n_quantities = sum(s.label == "QUANTITY" for s in ex.spans)
        for metric, value, unit in ex.records:
            assert metric is None or metric in names, (ex.id, metric)
            assert unit is None or unit in units, (ex.id, unit)
            assert isinstance(value, (int, float))
        assert len(ex.records) >= n_quantities or n_quantities == 0, ex.id


def test_gold_ids_name_document_and_line(gold):
    for ex in gold:
        doc, _, line = ex.id.rpartition("-")
        assert doc == ex.doc and len(line) == 4 and line.isdigit(), ex.id


def test_split_is_by_document_and_covers_the_gold():
    split = json.loads((GOLD_DIR / "split.json").read_text("utf-8"))
    train, dev = set(split["train"]), set(split["dev"])
    assert not train & dev
    assert train | dev == {p.stem for p in GOLD_DIR.glob("*.jsonl")}
    assert {ex.doc for ex in load_split("dev")} == dev
    with pytest.raises(KeyError):
        load_split("test")
