"""Label Studio round trip: export-tasks (import format with predictions) and import-annotations (an export)."""

from __future__ import annotations

import json

import pytest

from fazhi_ie.cli import main
from fazhi_ie.evaluation.labelstudio import LabelStudioError, examples_from_export

REPORT = (
    "关于2023年丰都县法治政府建设情况的报告\n"
    "2023年，办理行政复议案件78件，负责人出庭应诉率100%。\n"
    "推行“一窗综办”改革。\n"
)
TEXT = "2023年，办理行政复议案件78件，负责人出庭应诉率100%。"


def span(rid, start, end, label, text=TEXT):
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
        "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
    }


def relation(a, b):
    return {"from_id": a, "to_id": b, "type": "relation", "direction": "right", "labels": []}


def annotation(aid, result, updated, cancelled=False):
    """An annotation as Label Studio's JSON export writes it (fields per its export documentation)."""
    return {
        "id": aid,
        "completed_by": 1,
        "result": result,
        "was_cancelled": cancelled,
        "ground_truth": False,
        "created_at": "2026-11-20T08:00:00.000000Z",
        "updated_at": updated,
        "lead_time": 42.5,
        "prediction": {},
        "result_count": 0,
        "task": 1,
        "project": 3,
        "parent_prediction": 7,
    }


def export_task(tid, text, annotations, doc="r", pid="r-0001"):
    return {
        "id": tid,
        "annotations": annotations,
        "file_upload": "tasks.json",
        "drafts": [],
        "predictions": [7],
        "data": {"text": text, "doc": doc, "paragraph_id": pid},
        "meta": {},
        "created_at": "2026-11-20T07:00:00.000000Z",
        "updated_at": "2026-11-20T09:00:00.000000Z",
        "inner_id": tid,
        "total_annotations": len(annotations),
        "cancelled_annotations": 0,
        "total_predictions": 1,
        "comment_count": 0,
        "unresolved_comment_count": 0,
        "last_comment_updated_at": None,
        "project": 3,
        "updated_by": 1,
        "comment_authors": [],
    }


@pytest.fixture
def export(tmp_path):
    corrected = [
        span("a", 8, 14, "METRIC"),
        span("b", 14, 16, "QUANTITY"),
        span("c", 16, 17, "UNIT"),
        span("d", 18, 26, "METRIC"),
        span("e", 26, 29, "QUANTITY"),
        span("f", 29, 30, "UNIT"),
        relation("b", "a"),
        relation("b", "c"),
    ]  # the second value is left to the record linker
    old = [span("a", 6, 14, "METRIC"), span("b", 14, 16, "QUANTITY")]
    items = [
        export_task(
            1,
            TEXT,
            [
                annotation(11, old, "2026-11-20T08:10:00.000000Z"),
                annotation(12, corrected, "2026-11-20T08:30:00.000000Z"),
                annotation(13, [], "2026-11-20T08:40:00.000000Z", cancelled=True),
            ],
        ),
        export_task(
            2,
            "推行“一窗综办”改革。",
            [annotation(21, [span("m", 2, 10, "MEASURE", "推行“一窗综办”改革。")], "2026-11-20T08:50:00.000000Z")],
            pid="r-0002",
        ),
        export_task(3, "没有完成标注的段落。", [], pid="r-0003"),
    ]
    path = tmp_path / "project-3-at-2026-11-20.json"
    path.write_text(json.dumps(items, ensure_ascii=False), "utf-8")
    return path


def test_import_takes_the_newest_finished_annotation(export):
    examples = examples_from_export(export)
    assert [ex.id for ex in examples] == ["r-0001", "r-0002"]  # task 3 has no annotation
    first = examples[0]
    assert [(s.text, s.label) for s in first.spans] == [
        ("行政复议案件", "METRIC"),
        ("78", "QUANTITY"),
        ("件", "UNIT"),
        ("负责人出庭应诉率", "METRIC"),
        ("100", "QUANTITY"),
        ("%", "UNIT"),
    ]
    assert first.records == (("行政复议案件", 78.0, "件"), ("负责人出庭应诉率", 100.0, "%"))
    assert examples[1].spans[0].text == "“一窗综办”改革" and examples[1].records == ()


def test_cli_round_trip_writes_gold_that_evaluate_reads(export, tmp_path, capsys):
    out = tmp_path / "gold"
    assert main(["import-annotations", str(export), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in (out / "r.jsonl").read_text("utf-8").splitlines()]
    assert rows[0] == {
        "id": "r-0001",
        "doc": "r",
        "text": TEXT,
        "spans": [
            [8, 14, "METRIC"],
            [14, 16, "QUANTITY"],
            [16, 17, "UNIT"],
            [18, 26, "METRIC"],
            [26, 29, "QUANTITY"],
            [29, 30, "UNIT"],
        ],
        "records": [["行政复议案件", 78.0, "件"], ["负责人出庭应诉率", 100.0, "%"]],
    }
    capsys.readouterr()
    assert main(["evaluate", str(out), "--backend", "rules"]) == 0
    assert "records" in capsys.readouterr().out


def test_export_tasks_are_label_studio_import_format_with_predictions(tmp_path, capsys):
    (tmp_path / "r.txt").write_text(REPORT, "utf-8")
    out = tmp_path / "tasks.json"
    assert main(["export-tasks", str(tmp_path / "r.txt"), "--out", str(out), "--backend", "rules"]) == 0
    tasks = json.loads(out.read_text("utf-8"))
    assert [t["data"]["paragraph_id"] for t in tasks] == ["r.txt-0001", "r.txt-0002"]  # the title is not body
    assert {t["data"]["doc"] for t in tasks} == {"r.txt"}
    result = tasks[0]["predictions"][0]["result"]
    labels = [(r["value"]["text"], r["value"]["labels"][0]) for r in result if r["type"] == "labels"]
    assert labels == [
        ("行政复议案件", "METRIC"),
        ("78", "QUANTITY"),
        ("件", "UNIT"),
        ("负责人出庭应诉率", "METRIC"),
        ("100", "QUANTITY"),
        ("%", "UNIT"),
    ]
    ids = {r["id"]: r["value"]["text"] for r in result if r["type"] == "labels"}
    links = sorted((ids[r["from_id"]], ids[r["to_id"]]) for r in result if r["type"] == "relation")
    assert links == [("100", "%"), ("100", "负责人出庭应诉率"), ("78", "件"), ("78", "行政复议案件")]
    assert '<Label value="MEASURE"/>' in (tmp_path / "tasks.label_config.xml").read_text("utf-8")


def test_export_of_predictions_imports_back_unchanged(tmp_path, capsys):
    """Accepting every pre-annotation gives gold equal to the extractor's output."""
    (tmp_path / "r.txt").write_text(REPORT, "utf-8")
    main(["export-tasks", str(tmp_path / "r.txt"), "--out", str(tmp_path / "tasks.json"), "--backend", "rules"])
    tasks = json.loads((tmp_path / "tasks.json").read_text("utf-8"))
    accepted = [
        dict(t, id=i, annotations=[annotation(i, t["predictions"][0]["result"], "2026-11-21T00:00:00Z")])
        for i, t in enumerate(tasks, 1)
    ]
    (tmp_path / "export.json").write_text(json.dumps(accepted, ensure_ascii=False), "utf-8")
    examples = examples_from_export(tmp_path / "export.json")
    assert examples[0].records == (("行政复议案件", 78.0, "件"), ("负责人出庭应诉率", 100.0, "%"))


@pytest.mark.parametrize(
    "result, message",
    [
        ([span("a", 8, 14, "DATE")], "has labels \\['DATE'\\]"),
        ([span("a", 8, 99, "METRIC")], "offsets 8-99 outside the text"),
        ([span("a", 8, 14, "METRIC"), span("b", 12, 16, "QUANTITY")], "overlap"),
    ],
)
def test_bad_annotations_name_the_task(tmp_path, result, message):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([export_task(5, TEXT, [annotation(1, result, "2026-11-21T00:00:00Z")])]), "utf-8")
    with pytest.raises(LabelStudioError, match=f"task 5: .*{message}"):
        examples_from_export(path)


def test_not_an_export_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "export.json"
    path.write_text('{"tasks": []}', "utf-8")
    assert main(["import-annotations", str(path), "--out", str(tmp_path / "gold")]) == 1
    assert "a Label Studio JSON export is a list of tasks" in capsys.readouterr().err
