"""The fazhi-ie command: extract (encodings, bad files, formats) and evaluate (floors)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from fazhi_ie.cli import main
from fazhi_ie.evaluation.corpus import GOLD_DIR

REPORT = "一、总体情况\n2023年，办理行政复议案件78件，已办结73件。\n培训执法人员1.4万余人次，投入经费661.72万元。\n"
RECORDS = [["行政复议案件", 78, "件"], ["办结", 73, "件"], ["执法人员", 14000, "人次"], ["经费", 6617200, "元"]]


@pytest.fixture
def reports(tmp_path):
    """A folder with the same report in four encodings, in a sub-folder too, and a binary file."""
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "a_utf8.txt").write_bytes(REPORT.encode("utf-8"))
    (folder / "b_bom.txt").write_bytes(REPORT.encode("utf-8-sig"))
    (folder / "sub" / "c_gb18030.txt").write_bytes(REPORT.encode("gb18030"))
    (folder / "d_utf16.txt").write_bytes(REPORT.encode("utf-16"))
    (folder / "notes.md").write_text("不是报告 99件", encoding="utf-8")  # not a *.txt: skipped
    return folder


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def _jsonl(out):
    return [json.loads(line) for line in out.splitlines()]


def test_extract_folder_every_encoding_gives_the_same_records(reports, capsys):
    status, out, err = run(capsys, "extract", reports, "--backend", "rules")
    assert status == 0, err
    docs = _jsonl(out)
    assert [d["document"] for d in docs] == ["a_utf8.txt", "b_bom.txt", "d_utf16.txt", "sub/c_gb18030.txt"]
    for doc in docs:
        assert [[r["metric"], r["value"], r["unit"]] for r in doc["records"]] == RECORDS
        assert doc["spans"] == docs[0]["spans"]
        for span in doc["spans"]:
            assert REPORT[span["start"] : span["end"]] == span["text"]  # offsets index the decoded text
    assert set(docs[0]["records"][2]) == {
        "metric",
        "value",
        "unit",
        "quantity",
        "qualifier",
        "start",
        "end",
        "value_error",
    }
    assert docs[0]["records"][2]["value_error"] is None
    assert docs[0]["records"][2]["qualifier"] == "余"


def test_extract_binary_file_is_reported_and_the_others_processed(reports, capsys):
    (reports / "c_scan.txt").write_bytes(bytes(range(256)) * 8)
    status, out, err = run(capsys, "extract", reports, "--backend", "rules", "--quiet")
    assert status == 1
    assert len(_jsonl(out)) == 4
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "c_scan.txt" in lines[0] and lines[0].startswith("fazhi-ie: error:")


def test_extract_missing_path_fails_before_any_work_and_writes_nothing(reports, tmp_path, capsys, monkeypatch):
    import fazhi_ie.cli.extract

    monkeypatch.setattr(fazhi_ie.cli.extract, "resolve_backend", None)  # would raise if a model were loaded
    out_file = tmp_path / "out.jsonl"
    status, out, err = run(capsys, "extract", reports / "a_utf8.txt", reports / "nope.txt", "--out", out_file)
    assert status == 1
    assert err.strip() == f"fazhi-ie: error: {reports / 'nope.txt'}: no such file or folder"
    assert not out_file.exists() and list(tmp_path.iterdir()) == [reports]


@pytest.mark.parametrize(
    "option, where, message",
    [
        ("--out", "missing-folder/out.jsonl", "no folder"),
        ("--tables", "a_file.txt/t.csv", "a_file.txt is not a folder"),
    ],
)
def test_extract_unwritable_output_fails_before_any_work(
    reports, tmp_path, capsys, monkeypatch, option, where, message
):
    import fazhi_ie.cli.extract

    monkeypatch.setattr(fazhi_ie.cli.extract, "resolve_backend", None)  # would raise if a model were loaded
    (tmp_path / "a_file.txt").write_text("x", "utf-8")
    target = tmp_path / where
    status, out, err = run(capsys, "extract", reports, option, target, "--backend", "rules", "--format", "jsonl")
    assert status == 1 and message in err and str(target) in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file.txt", "reports"]


def test_extract_output_appears_only_when_complete(reports, tmp_path, capsys, monkeypatch):
    """A run that dies half way leaves no --out or --tables file, only the parts that --resume picks up."""
    import fazhi_ie.cli.extract

    real = fazhi_ie.cli.extract.extract_corpus

    def dies_after_one(tasks, **kwargs):
        for n, doc in enumerate(real(tasks, **kwargs)):
            if n == 1:
                raise KeyboardInterrupt
            yield doc

    monkeypatch.setattr(fazhi_ie.cli.extract, "extract_corpus", dies_after_one)
    out_file, table = tmp_path / "out.jsonl", tmp_path / "t.csv"
    with pytest.raises(KeyboardInterrupt):
        main(["extract", str(reports), "--backend", "rules", "--out", str(out_file), "--tables", str(table)])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.jsonl.parts", ".t.csv.parts", "reports"]


def test_extract_symlink_loop_is_named_and_skipped(reports, capsys):
    (reports / "sub" / "loop").symlink_to(reports, target_is_directory=True)
    status, out, err = run(capsys, "extract", reports, "--backend", "rules")
    assert status == 1
    assert f"{reports / 'sub' / 'loop'}: symbolic link loop" in err
    assert len(_jsonl(out)) == 4  # each report once


def test_extract_csv(reports, tmp_path, capsys):
    out_file = tmp_path / "out.csv"
    status, out, err = run(
        capsys, "extract", reports / "a_utf8.txt", "--backend", "rules", "--format", "csv", "--out", out_file
    )
    assert status == 0 and out == ""
    rows = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"), newline="")))
    assert list(rows[0]) == [
        "document",
        "metric",
        "value",
        "unit",
        "quantity",
        "qualifier",
        "start",
        "end",
        "value_error",
    ]
    assert [[r["metric"], float(r["value"]), r["unit"]] for r in rows] == [[m, float(v), u] for m, v, u in RECORDS]
    assert rows[2]["quantity"] == "1.4万余" and rows[2]["qualifier"] == "余"
    start, end = int(rows[0]["start"]), int(rows[0]["end"])
    assert REPORT[start:end] == "78"


def test_extract_table(reports, capsys):
    status, out, err = run(capsys, "extract", reports / "a_utf8.txt", "--backend", "rules", "--format", "table")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["document", "metric", "value", "unit", "qualifier", "offsets"]
    assert set(lines[1]) <= {"-", " "}
    assert len(lines) == 2 + len(RECORDS)
    start = REPORT.index("78")
    assert lines[2].split() == ["a_utf8.txt", "行政复议案件", "78", "件", f"{start}-{start + 2}"]
    assert "6,617,200" in lines[5] and "元" in lines[5]


def test_extract_jsonl_to_file(reports, tmp_path, capsys):
    out_file = tmp_path / "out.jsonl"
    status, out, _ = run(
        capsys, "extract", reports / "b_bom.txt", "--backend", "rules", "--format", "jsonl", "--out", out_file
    )
    assert status == 0 and out == ""
    (doc,) = _jsonl(out_file.read_text(encoding="utf-8"))
    assert doc["document"].endswith("b_bom.txt") and len(doc["records"]) == 4


def test_extract_needs_a_path(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["extract"])
    assert exc.value.code == 2


GOLD = GOLD_DIR / "000_4aa5ad3ec1f23a2b.jsonl"


def test_evaluate_prints_the_table_and_passes_low_floors(tmp_path, capsys):
    scores_file = tmp_path / "scores.json"
    status, out, err = run(
        capsys,
        "evaluate",
        GOLD,
        "--backend",
        "rules",
        "--json",
        scores_file,
        "--min-f1",
        "QUANTITY=0.5",
        "--min-f1",
        "micro=0.5",
        "--min-f1",
        "records=0.5",
    )
    assert status == 0, err
    assert "| label | precision | recall | F1 | tp | fp | fn |" in out
    for name in ("QUANTITY", "UNIT", "METRIC", "MEASURE", "micro", "records"):
        assert f"| {name} |" in out
    assert "floors met" in err
    scores = json.loads(scores_file.read_text(encoding="utf-8"))
    assert scores["backend"] == "rules" and scores["n_examples"] > 0
    assert f"| micro | {scores['micro']['precision']:.3f} |" in out


def test_evaluate_fails_a_floor_with_a_clear_message(capsys):
    status, out, err = run(
        capsys, "evaluate", GOLD_DIR, "--backend", "rules", "--min-f1", "METRIC=0.999", "--min-f1", "UNIT=0.5"
    )
    assert status == 1
    assert "METRIC F1" in err and "under its floor 0.999" in err and "UNIT" not in err


def test_evaluate_reads_a_paragraph_in_its_report_unless_told_paragraphs_alone(tmp_path, capsys):
    # the report's title says whose 《…办法》 this is (see test_scoring for the mechanism)
    text = "全面落实《株洲市生态环境执法工作考核办法》。"
    rows = [
        {"id": "zz-0000", "doc": "zz", "text": "株洲市生态环境局关于2023年法治政府建设情况的报告", "spans": []},
        {"id": "zz-0002", "doc": "zz", "text": text, "spans": [[4, len(text) - 1, "MEASURE"]]},
    ]
    gold = tmp_path / "zz.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    status, out, err = run(capsys, "evaluate", gold, "--backend", "rules", "--min-f1", "MEASURE=1")
    assert status == 0, err
    assert "1 of 1 documents name their own place" in err
    status, out, err = run(
        capsys, "evaluate", gold, "--backend", "rules", "--paragraphs-alone", "--min-f1", "MEASURE=1"
    )
    assert status == 1 and "MEASURE F1 0.000 is under its floor 1.000" in err
    assert "paragraphs alone" in out


def test_evaluate_dev_split(capsys):
    status, out, err = run(capsys, "evaluate", "--split", "dev", "--backend", "rules", "--min-f1", "QUANTITY=0.9")
    assert status == 0, err
    assert "seed gold, dev documents" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluate", "--min-f1", "FOO=0.5", "--split", "dev"],
        ["evaluate", "--min-f1", "METRIC", "--split", "dev"],
        ["evaluate", "--min-f1", "METRIC=high", "--split", "dev"],
        ["evaluate", "--min-f1", "METRIC=1.5", "--split", "dev"],
        ["evaluate", "--split", "test"],
    ],
)
def test_evaluate_bad_arguments(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "error" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["evaluate"], ["evaluate", "--split", "dev", str(GOLD)], ["evaluate", "nope.jsonl"]])
def test_evaluate_needs_gold(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv + ["--backend", "rules"])
    assert exc.value.code not in (0, None)


@pytest.mark.parametrize(("extra", "shown"), [([], True), (["--quiet"], False)])
def test_progress_bar_only_on_a_terminal_and_not_quiet(reports, capsys, monkeypatch, extra, shown):
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    status, out, err = run(capsys, "extract", reports, "--backend", "rules", *extra)
    assert status == 0
    assert ("4/4" in err) is shown


def test_no_progress_bar_when_stderr_is_not_a_terminal_only_the_summary(reports, capsys):
    status, out, err = run(capsys, "extract", reports, "--backend", "rules")
    assert status == 0
    assert err == "fazhi-ie: 4 documents, 12 paragraphs, 16 records, 0 errors -> stdout\n"


def test_progress_lines_in_a_log_when_not_a_terminal(reports, capsys, monkeypatch):
    import fazhi_ie.cli.extract

    monkeypatch.setattr(fazhi_ie.cli.extract, "PROGRESS_SECONDS", 0)
    status, out, err = run(capsys, "extract", reports, "--backend", "rules", "--workers", "1")
    assert status == 0
    assert [line.split(",")[0] for line in err.splitlines()[:4]] == [f"fazhi-ie: {n}/4 documents" for n in range(1, 5)]


def test_python_dash_m_runs_the_command(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, "-m", "fazhi_ie", "extract", str(report), "--backend", "rules", "--format", "csv"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=root,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1].split(",")[1:4] == ["行政复议案件", "78", "件"]


@pytest.mark.parametrize("option", ["--out", "--json"])
def test_unwritable_output_is_a_clear_error(reports, tmp_path, capsys, option):
    target = tmp_path / "no" / "such" / "folder" / "out.txt"
    argv = (
        ["extract", reports / "a_utf8.txt", "--out", target]
        if option == "--out"
        else ["evaluate", GOLD, "--json", target]
    )
    status, out, err = run(capsys, *argv, "--backend", "rules")
    assert status == 1
    assert err.startswith("fazhi-ie: error:") and "out.txt" in err and "Traceback" not in err
