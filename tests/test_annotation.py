"""Annotation tooling: markup -> stand-off (no text) -> joined gold with every hash checked; agreement."""

from __future__ import annotations

import json

import pytest

from training import annotation
from training.annotation import (
    MarkupError,
    agreement,
    check,
    join,
    main,
    parse_markup,
    read_markup,
    text_hash,
    to_markup,
)

DOC = "001_testdoc"
LINES = ["关于2023年法治政府建设情况的报告", "", "  办理行政复议案件78件，同比增长27.8%。", "无数字的段落。"]


@pytest.fixture
def shared(tmp_path):
    """A stand-in for ../shared with one invented report in seeds/."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / f"{DOC}.txt").write_text("\n".join(LINES), "utf-8")
    return tmp_path


def write_ann(path, body):
    path.write_text(body, "utf-8")
    return path


GOOD = f"""@ {DOC}-0002
办理[行政复议案件|MET][78|Q][件|U]，同比增长[27.8|Q][%|U]。
R 行政复议案件 | 78 | 件
R - | 27.8 | %

@ {DOC}-0003
无数字的段落。
"""


def test_markup_round_trip():
    text, spans = parse_markup("办理[行政复议案件|MET][78|Q][件|U]。")
    assert text == "办理行政复议案件78件。"
    assert spans == [(2, 8, "METRIC"), (8, 10, "QUANTITY"), (10, 11, "UNIT")]
    assert to_markup(text, spans) == "办理[行政复议案件|MET][78|Q][件|U]。"


def test_standoff_has_no_text_and_join_restores_it(shared, tmp_path):
    ann = write_ann(tmp_path / "a.ann", GOOD)
    paragraphs = read_markup(ann)
    assert check(paragraphs, str(ann), shared) == []
    out = tmp_path / "standoff.jsonl"
    assert main(["--shared", str(shared), "standoff", str(ann), "--out", str(out), "--annotator", "X"]) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert "text" not in rows[0] and rows[0]["sha256"] == text_hash("办理行政复议案件78件，同比增长27.8%。")
    assert rows[0]["line"] == 2 and rows[0]["records"] == [["行政复议案件", 78, "件"], [None, 27.8, "%"]]
    gold = join([out], shared)
    assert gold[0]["text"] == "办理行政复议案件78件，同比增长27.8%。"
    assert gold[0]["spans"] == [
        [2, 8, "METRIC"],
        [8, 10, "QUANTITY"],
        [10, 11, "UNIT"],
        [16, 20, "QUANTITY"],
        [20, 21, "UNIT"],
    ]
    assert gold[1] == {"id": f"{DOC}-0003", "doc": DOC, "text": "无数字的段落。", "spans": [], "records": []}


def test_join_refuses_a_changed_source(shared, tmp_path):
    out = tmp_path / "standoff.jsonl"
    main(["--shared", str(shared), "standoff", str(write_ann(tmp_path / "a.ann", GOOD)), "--out", str(out)])
    (shared / "seeds" / f"{DOC}.txt").write_text("\n".join(LINES).replace("78", "79"), "utf-8")
    annotation._source_lines.cache_clear()  # sources are read once per process
    with pytest.raises(MarkupError, match=f"{DOC}-0002: the text .* changed"):
        join([out], shared)


def test_check_names_the_problems(shared, tmp_path):
    bad = write_ann(
        tmp_path / "bad.ann",
        f"""@ {DOC}-0002
办理[行政复议案件|MET][78|Q][个|U]，同比增长[27.8|Q][%|U]。
R 复议案件 | 78 | 件
""",
    )
    problems = check(read_markup(bad), "bad.ann", shared)
    assert any("text differs from the source at character 10" in p for p in problems)
    assert any("record metric '复议案件' is not a METRIC/MEASURE span" in p for p in problems)
    assert any("record unit '件' is not a UNIT span" in p for p in problems)


@pytest.mark.parametrize(
    "body, message",
    [
        ("@ nodash\n文本\n", "is not DOC-LINE"),
        (f"@ {DOC}-0002\n文本\nR a | b\n", "a record is 'R metric | value | unit'"),
        (f"@ {DOC}-0002\n文本\nR a | x | 件\n", "record value 'x' is not a number"),
        ("stray line\n", "expected '@ ID'"),
    ],
)
def test_markup_errors_name_file_and_line(tmp_path, body, message):
    with pytest.raises(MarkupError, match=message):
        read_markup(write_ann(tmp_path / "e.ann", body))


def test_agreement_counts_spans_and_records():
    a = [{"id": "d-0001", "spans": [[0, 2, "METRIC"], [2, 4, "QUANTITY"]], "records": [["案件", 78, "件"]]}]
    b = [{"id": "d-0001", "spans": [[0, 2, "METRIC"], [2, 5, "QUANTITY"]], "records": [["案件", 78, "件"]]}]
    scores = agreement(a, b)
    assert scores["paragraphs"] == 1 and scores["micro"] == 0.5 and scores["records"] == 1.0
    assert scores["METRIC"] == 1.0 and scores["QUANTITY"] == 0.0
