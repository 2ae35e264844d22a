"""fazhi_ie.evaluation.scoring: strict span P/R/F1 (cross-checked against seqeval) and record P/R/F1."""

from __future__ import annotations

import pytest
from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from fazhi_ie import Extractor
from fazhi_ie.evaluation.corpus import GOLD_DIR, Example, read_jsonl
from fazhi_ie.evaluation.scoring import PRF, Scores, document_places, evaluate, extract_examples, record_key
from fazhi_ie.taggers.bio import spans_to_bio
from fazhi_ie.types import LABELS, Span


def _seqeval(gold_tags, pred_tags):
    return classification_report(gold_tags, pred_tags, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)


def test_span_scores_equal_seqeval_on_the_gold_corpus(rules):
    examples = list(read_jsonl([GOLD_DIR]))
    scores = evaluate(rules, examples)
    results = extract_examples(rules, examples)
    gold_tags = [spans_to_bio(ex.text, ex.spans) for ex in examples]
    pred_tags = [spans_to_bio(ex.text, res.spans) for ex, res in zip(examples, results)]
    report = _seqeval(gold_tags, pred_tags)
    assert scores.n_examples == len(examples)
    for label in LABELS:
        ours, theirs = scores.labels[label], report[label]
        assert ours.tp + ours.fn == theirs["support"]
        assert ours.precision == pytest.approx(theirs["precision"], abs=1e-12), label
        assert ours.recall == pytest.approx(theirs["recall"], abs=1e-12), label
        assert ours.f1 == pytest.approx(theirs["f1-score"], abs=1e-12), label
    micro = report["micro avg"]
    assert scores.micro.precision == pytest.approx(micro["precision"], abs=1e-12)
    assert scores.micro.recall == pytest.approx(micro["recall"], abs=1e-12)
    assert scores.micro.f1 == pytest.approx(micro["f1-score"], abs=1e-12)
    # not a vacuous comparison: the rules make some errors and get most spans right
    assert 0 < scores.micro.fp and 0.5 < scores.micro.f1 < 1


def test_span_scores_equal_seqeval_on_boundary_errors():
    """Off-by-one boundaries, wrong labels and adjacent same-label spans all count as in seqeval."""
    text = "办理行政复议案件78件，办结73件"
    gold = [
        Span(2, 8, "METRIC", ""),
        Span(8, 10, "QUANTITY", ""),
        Span(10, 11, "UNIT", ""),
        Span(12, 14, "METRIC", ""),
        Span(14, 16, "QUANTITY", ""),
        Span(16, 17, "UNIT", ""),
    ]
    pred = [
        Span(0, 8, "METRIC", ""),
        Span(8, 10, "QUANTITY", ""),
        Span(10, 11, "QUANTITY", ""),
        Span(12, 14, "MEASURE", ""),
        Span(14, 15, "QUANTITY", ""),
        Span(15, 16, "QUANTITY", ""),
        Span(16, 17, "UNIT", ""),
    ]
    scores = Scores()
    scores.add([(s.start, s.end, s.label) for s in gold], [(s.start, s.end, s.label) for s in pred])
    report = _seqeval([spans_to_bio(text, gold)], [spans_to_bio(text, pred)])
    for label in ("QUANTITY", "UNIT", "METRIC"):
        assert scores.labels[label].precision == pytest.approx(report[label]["precision"])
        assert scores.labels[label].recall == pytest.approx(report[label]["recall"])
    assert (scores.labels["QUANTITY"].tp, scores.labels["QUANTITY"].fp, scores.labels["QUANTITY"].fn) == (1, 3, 1)
    assert (scores.micro.tp, scores.micro.fp, scores.micro.fn) == (2, 5, 4)


def test_prf_by_hand():
    prf = PRF()
    prf.add([(0, 2, "Q"), (3, 4, "Q"), (5, 6, "Q")], [(0, 2, "Q"), (3, 5, "Q")])
    assert (prf.tp, prf.fp, prf.fn) == (1, 1, 2)
    assert prf.precision == 0.5 and prf.recall == pytest.approx(1 / 3) and prf.f1 == pytest.approx(0.4)
    assert PRF().f1 == 0.0 and PRF().precision == 0.0 and PRF().recall == 0.0


def test_records_are_scored_as_multisets_with_rounded_values():
    scores = Scores()
    gold = [("办理满意率", 99, "%"), ("办理满意率", 99, "%"), ("受理", 17, "件")]
    pred = [("办理满意率", 99.0000000001, "%"), ("受理", 17, "件"), ("受理", 17, "件"), (None, 3, "件")]
    scores.add([], [], gold, pred)
    assert (scores.records.tp, scores.records.fp, scores.records.fn) == (2, 2, 1)


def test_record_key_accepts_records_and_triples():
    from fazhi_ie.types import Record

    rec = Record("案件", 1 / 3, "件", "三分之一", None, 0, 4)
    assert record_key(rec) == record_key(["案件", 1 / 3, "件"]) == ("案件", 0.333333, "件")


def test_record_units_compare_after_nfkc():
    """ANNOTATION.md: the gold keeps ％ as written, records compare it as %."""
    assert record_key(["增长率", 20.5, "％"]) == record_key(["增长率", 20.5, "%"]) == ("增长率", 20.5, "%")
    scores = Scores()
    scores.add([], [], [("地区生产总值", 6.4, "％")], [("地区生产总值", 6.4, "%")])
    assert (scores.records.tp, scores.records.fp, scores.records.fn) == (1, 0, 0)


def test_table_and_dict():
    scores = Scores()
    scores.add([(0, 2, "METRIC")], [(0, 2, "METRIC")], [("a", 1, None)], [("a", 1, None)])
    table = scores.table("demo")
    assert table.splitlines()[0] == "### demo"
    assert "| METRIC | 1.000 | 1.000 | 1.000 | 1 | 0 | 0 |" in table
    assert "| records | 1.000 | 1.000 | 1.000 | 1 | 0 | 0 |" in table
    d = scores.to_dict()
    assert d["micro"]["f1"] == 1.0 and d["n_examples"] == 1 and set(d["labels"]) == set(LABELS)


# A report's own 《…办法》 is a MEASURE (ANNOTATION.md): scored as the main job reads a report, a
# paragraph knows its report's place from the report's other paragraphs (its title), as
# ``Extractor.extract_report`` does; a paragraph of another document, or scored alone, does not.
TITLE = "株洲市生态环境局关于2023年法治政府建设情况的报告"
NAME = "《株洲市生态环境执法工作考核办法》"


def _own_rules(n: int) -> str:
    return f"全面落实{NAME}，办理行政复议案件{n}件。"


def _own_rules_examples():
    start = _own_rules(1).index(NAME)
    gold = (Span(start, start + len(NAME), "MEASURE", NAME),)
    return [
        Example("zz-0003", "zz", _own_rules(1), gold),  # listed before its report's title
        Example("zz-0000", "zz", TITLE),
        Example("other-0007", "other", _own_rules(2)),  # a document that never says where it is from
        Example("", "", _own_rules(3)),  # no document at all
    ]


def test_document_places_are_read_from_the_title_among_the_paragraphs():
    assert document_places(_own_rules_examples()) == {"zz": ("株洲市", "株洲"), "other": ()}


def test_extract_examples_knows_each_paragraphs_report_and_keeps_the_order(rules):
    examples = _own_rules_examples()
    results = extract_examples(rules, examples)
    assert [r.text for r in results] == [ex.text for ex in examples]
    assert [[r.value for r in res.records] for res in results] == [[1.0], [], [2.0], [3.0]]
    measures = [[s.text for s in r.spans if s.label == "MEASURE"] for r in results]
    assert measures == [[NAME], [], [], []]
    alone = extract_examples(rules, examples, documents=False)
    assert [[s.text for s in r.spans if s.label == "MEASURE"] for r in alone] == [[], [], [], []]


def test_an_extractor_that_knows_no_places_is_scored_paragraph_by_paragraph():
    class Plain:  # any object with extract_many(texts) may be scored
        def __init__(self, rules):
            self.rules = rules

        def extract_many(self, texts):
            return self.rules.extract_many(texts)

    examples = _own_rules_examples()
    results = extract_examples(Plain(Extractor(backend="rules")), examples)
    assert [[s.text for s in r.spans if s.label == "MEASURE"] for r in results] == [[], [], [], []]


def test_evaluate_scores_paragraphs_in_their_report_unless_asked_not_to(rules):
    examples = _own_rules_examples()[:2]
    assert evaluate(rules, examples).labels["MEASURE"].f1 == 1.0
    assert evaluate(rules, examples, documents=False).labels["MEASURE"].f1 == 0.0
