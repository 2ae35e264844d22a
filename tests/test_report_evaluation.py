"""The evaluation report: error kinds, scores equal to scoring.evaluate, Markdown with valid PNG plots."""

from __future__ import annotations

import re

import pytest

from fazhi_ie.evaluation.corpus import Example, load_split
from fazhi_ie.evaluation.report import (
    ERRORS_PLOT,
    SCORES_PLOT,
    analyse,
    record_errors,
    span_errors,
    write_evaluation_report,
)
from fazhi_ie.evaluation.scoring import evaluate
from fazhi_ie.types import Span

TEXT = "办理行政复议案件78件，推行“一窗综办”改革。"


def s(start, end, label):
    return Span(start, end, label, TEXT[start:end])


def kinds(errors):
    return [
        (e.kind, e.label, e.gold and (e.gold.start, e.gold.end), e.pred and (e.pred.start, e.pred.end)) for e in errors
    ]


def test_error_kinds():
    gold = [s(2, 8, "METRIC"), s(8, 10, "QUANTITY"), s(10, 11, "UNIT"), s(14, 22, "MEASURE")]
    pred = [
        s(0, 8, "METRIC"),  # boundary
        s(8, 10, "QUANTITY"),  # exact: no error
        s(10, 11, "METRIC"),  # label
        s(23, 24, "QUANTITY"),
    ]  # extra; the MEASURE is missed
    assert kinds(span_errors(gold, pred, "x", TEXT)) == [
        ("boundary", "METRIC", (2, 8), (0, 8)),
        ("label", "UNIT", (10, 11), (10, 11)),
        ("missed", "MEASURE", (14, 22), None),
        ("extra", "QUANTITY", None, (23, 24)),
    ]


def test_a_same_label_overlap_pairs_before_another_label():
    gold = [s(2, 8, "METRIC")]
    pred = [s(2, 5, "QUANTITY"), s(4, 8, "METRIC")]
    assert kinds(span_errors(gold, pred)) == [
        ("boundary", "METRIC", (2, 8), (4, 8)),
        ("extra", "QUANTITY", None, (2, 5)),
    ]


def test_duplicates_count_as_a_multiset():
    assert kinds(span_errors([s(8, 10, "QUANTITY")], [s(8, 10, "QUANTITY")] * 2)) == [
        ("extra", "QUANTITY", None, (8, 10))
    ]
    assert span_errors([s(8, 10, "QUANTITY")], [s(8, 10, "QUANTITY")]) == []


def test_record_errors():
    errors = record_errors(
        [("案件", 78, "件"), ("办结", 73, "件")], [("案件", 78.0000001, "件"), (None, 73, "件")], "p"
    )
    assert [(e.kind, e.record) for e in errors] == [("missed", ("办结", 73.0, "件")), ("extra", (None, 73.0, "件"))]


def test_analyse_refuses_results_of_another_length():
    with pytest.raises(ValueError, match="2 examples but 1 results"):
        analyse([Example("a", "d", "x"), Example("b", "d", "y")], [None])


@pytest.fixture(scope="module")
def dev_report(rules, tmp_path_factory):
    out = tmp_path_factory.mktemp("evaluation") / "report"
    return write_evaluation_report(rules, load_split("dev"), out, samples=5)


def test_scores_are_those_of_scoring_evaluate(dev_report, rules):
    assert dev_report.analysis.scores.to_dict() == evaluate(rules, load_split("dev")).to_dict()


def test_error_counts_add_up_to_the_scores(dev_report):
    analysis = dev_report.analysis
    counts = analysis.counts()
    for label, prf in analysis.scores.labels.items():
        row = counts[label]
        # every unmatched gold span is missed, boundary or label; every unmatched prediction is extra or paired
        assert row["missed"] + row["boundary"] + row["label"] == prf.fn
    paired_pred = sum(1 for e in analysis.span_errors if e.pred is not None)
    assert paired_pred == analysis.scores.micro.fp
    kinds_ = [e.kind for e in analysis.record_errors]
    assert (kinds_.count("missed"), kinds_.count("extra")) == (analysis.scores.records.fn, analysis.scores.records.fp)


def test_plots_are_valid_png_images(dev_report):
    from matplotlib.image import imread

    assert [p.name for p in dev_report.plots] == [SCORES_PLOT, ERRORS_PLOT]
    for path in dev_report.plots:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        height, width, channels = imread(path).shape
        assert height >= 200 and width >= 400 and channels in (3, 4)


def test_markdown_references_the_plots_and_shows_samples(dev_report):
    md = dev_report.path.read_text("utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert images == [SCORES_PLOT, ERRORS_PLOT]
    for name in images:
        assert (dev_report.path.parent / name).is_file()
    assert "| QUANTITY | 0." in md or "| QUANTITY | 1." in md  # the scores table
    counts = dev_report.analysis.counts()
    total = sum(sum(row.values()) for row in counts.values())
    assert re.search(rf"\| all \|.*\| {total} \|", md)
    # sample errors: a Chinese paragraph with the span marked, per kind, at most 5 per kind
    for kind in ("missed", "extra", "boundary"):
        section = md.split(f"### {kind} (")[1].split("###")[0]
        rows = [line for line in section.splitlines() if line.startswith("| 00")]
        n = sum(row[kind] for row in counts.values())
        assert len(rows) == min(5, n)
        assert all("【" in row and "】" in row for row in rows)


def test_summary_for_the_log(dev_report):
    counts = dev_report.analysis.counts()
    first = dev_report.summary.splitlines()[0]
    assert first == "span errors: " + ", ".join(
        f"{k} {sum(r[k] for r in counts.values())}" for k in ("missed", "extra", "boundary", "label")
    )
    assert str(dev_report.path) in dev_report.summary


def test_pipes_in_text_do_not_break_the_markdown_table(tmp_path):
    class Nothing:
        backend = "nothing"

        def extract_many(self, texts):
            from fazhi_ie.types import Extraction

            return [Extraction(t) for t in texts]

    text = "a|b 办理案件5件"
    ex = Example("e-0001", "e", text, (Span(8, 9, "QUANTITY", "5"),), (("案件", 5, "件"),))
    report = write_evaluation_report(Nothing(), [ex], tmp_path)
    md = report.path.read_text("utf-8")
    (row,) = [line for line in md.splitlines() if line.startswith("| e-0001 | `5`")]
    assert "a\\|b 办理案件【5】件" in row and row.count(" | ") == 3
    assert "### extra (0)\n\nNone." in md
