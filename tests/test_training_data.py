"""Training inputs: gold named as files, DIR:SPLIT or campaign stand-off files joined on the fly."""

from __future__ import annotations

import json

import pytest

from fazhi_ie.evaluation.corpus import GOLD_DIR, load_split
from training.annotation import main as annotation_main
from training.data import HELDOUT, held_out_documents, is_standoff, read_gold
from training.vocab import corpus_texts

DOC = "001_testdoc"
LINES = ["关于2023年法治政府建设情况的报告", "", "办理行政复议案件78件，同比增长27.8%。"]
ANN = f"""@ {DOC}-0002
办理[行政复议案件|MET][78|Q][件|U]，同比增长[27.8|Q][%|U]。
R 行政复议案件 | 78 | 件
R - | 27.8 | %
"""


def test_dir_split_reads_the_documents_of_that_split():
    got = read_gold([f"{GOLD_DIR}:dev"])
    assert [ex.id for ex in got] == [ex.id for ex in load_split("dev")]
    with pytest.raises(SystemExit, match="no split 'test'"):
        read_gold([f"{GOLD_DIR}:test"])
    with pytest.raises(SystemExit, match="no such file"):
        read_gold([str(GOLD_DIR / "missing.jsonl")])


def test_standoff_files_are_joined_with_the_shared_text(tmp_path):
    shared = tmp_path / "shared"
    (shared / "seeds").mkdir(parents=True)
    (shared / "seeds" / f"{DOC}.txt").write_text("\n".join(LINES), "utf-8")
    ann = tmp_path / "a.ann"
    ann.write_text(ANN, "utf-8")
    standoff = tmp_path / "campaign" / "a.jsonl"
    standoff.parent.mkdir()
    annotation_main(["--shared", str(shared), "standoff", str(ann), "--out", str(standoff)])
    assert is_standoff(standoff) and not is_standoff(GOLD_DIR / "000_4aa5ad3ec1f23a2b.jsonl")
    for spec in (standoff, standoff.parent):  # a file or a folder of them
        (ex,) = read_gold([spec], shared=shared)
        assert ex.text == LINES[2] and ex.doc == DOC
        spans = [(s.text, s.label) for s in ex.spans][:3]
        assert spans == [("行政复议案件", "METRIC"), ("78", "QUANTITY"), ("件", "UNIT")]


def test_held_out_documents_are_refused_as_training_data(tmp_path):
    gold = tmp_path / "wr060.jsonl"
    row = {"id": "wr060-0008", "doc": "wr060", "text": "新增项目5个。", "spans": [], "records": []}
    gold.write_text(json.dumps(row, ensure_ascii=False) + "\n", "utf-8")
    with pytest.raises(SystemExit, match=r"^wr060: documents of the held-out test set"):
        read_gold([GOLD_DIR, gold])
    assert read_gold([gold], held_out=True)[0].doc == "wr060"  # e.g. to leave them out of pretraining
    row["doc"], row["id"] = "wr061", "wr061-0008"  # any other document is read
    gold.write_text(json.dumps(row, ensure_ascii=False) + "\n", "utf-8")
    assert read_gold([gold])[0].doc == "wr061"


def test_training_refuses_held_out_documents_as_silver(tmp_path):
    from training.train import main

    silver = tmp_path / "silver.jsonl"
    row = {"id": "wr133-0016", "doc": "wr133", "text": "新增项目5个。", "spans": [], "records": []}
    silver.write_text(json.dumps(row, ensure_ascii=False) + "\n", "utf-8")
    args = ["--train", f"{GOLD_DIR}:train", "--dev", f"{GOLD_DIR}:dev", "--silver", str(silver)]
    with pytest.raises(SystemExit, match=r"^wr133: documents of the held-out test set"):
        main([*args, "--base", "scratch", "--out", str(tmp_path / "out")])
    assert not (tmp_path / "out" / "model.safetensors").exists()


def test_held_out_set_shares_no_document_with_the_training_gold():
    held_out = held_out_documents()
    assert len(held_out) == 15 and "wr009" in held_out
    assert "pg040" not in held_out  # agreement/ holds re-annotated dev documents: not held out
    campaign = held_out_documents(HELDOUT.parent / "campaign")
    assert len(campaign) == 11 and not held_out & campaign
    assert not held_out & {ex.doc for ex in load_split("train") + load_split("dev")}
    external = HELDOUT.parents[1].parent / "shared" / "corpora" / "gold_external"
    if external.is_dir():  # the CI checkout has ../shared beside it
        assert not held_out & {f.stem for f in external.glob("*.jsonl")}


def test_corpus_texts_skip_excluded_documents(tmp_path):
    path = tmp_path / "reports.jsonl"
    rows = [{"doc": "wr001", "content": "甲"}, {"doc": "wr002", "content": "乙"}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    assert list(corpus_texts([path])) == ["甲", "乙"]
    assert list(corpus_texts([path], exclude_docs={"wr001"})) == ["乙"]


def test_label_policy_blocks_and_round_trip():
    from fazhi_ie.taggers.config import MergeRule
    from training.hybrid_search import CANDIDATES, label_policy, modes_of

    modes = {
        "MEASURE": ("rules", 0.0, 0.0),
        "QUANTITY": ("gaps", 0.9, 0.3),
        "UNIT": ("model", 0.0, 0.0),
        "METRIC": ("first", 0.7, 0.5),
    }
    assert label_policy(modes) == [
        MergeRule("model", "UNIT"),
        MergeRule("model", "METRIC", 0.7),
        MergeRule("rules", "MEASURE"),
        MergeRule("rules", "QUANTITY", 0.3),
        MergeRule("rules", "METRIC", 0.5),
        MergeRule("model", "QUANTITY", 0.9),
    ]
    assert modes_of(label_policy(modes)) == modes
    assert modes_of(CANDIDATES["rules only"]) == dict.fromkeys(modes, ("rules", 0.0, 0.0))
    assert modes_of([MergeRule("rules", "METRIC")]) is None  # labels missing
