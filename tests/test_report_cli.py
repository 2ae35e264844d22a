"""fazhi-ie evaluate --report DIR: the evaluation report from the command line, summary in the log."""

from __future__ import annotations

import json
import re

from fazhi_ie.cli import main


def test_evaluate_writes_the_report_and_prints_its_summary(tmp_path, capsys):
    out = tmp_path / "report"
    status = main(
        [
            "evaluate",
            "--split",
            "dev",
            "--backend",
            "rules",
            "--report",
            str(out),
            "--json",
            str(tmp_path / "scores.json"),
            "--min-f1",
            "QUANTITY=0.5",
        ]
    )
    stdout, stderr = capsys.readouterr()
    assert status == 0, stderr
    assert {p.name for p in out.iterdir()} == {"report.md", "scores.png", "errors.png"}
    md = (out / "report.md").read_text("utf-8")
    assert re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md) == ["scores.png", "errors.png"]
    assert md.startswith("# Evaluation report: rules on seed gold, dev documents (31 paragraphs)")
    # the summary follows the scores table in the log, with the numbers of the report
    assert re.search(r"^span errors: missed \d+, extra \d+, boundary \d+, label \d+$", stdout, re.M)
    assert f"evaluation report: {out / 'report.md'}" in stdout
    scores = json.loads((tmp_path / "scores.json").read_text("utf-8"))
    fn = scores["labels"]["QUANTITY"]["fn"]
    missed, boundary, label = map(
        int, re.search(r"QUANTITY\s+missed (\d+), extra \d+, boundary (\d+), label (\d+)", stdout).groups()
    )
    assert missed + boundary + label == fn


def test_evaluate_without_report_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["evaluate", "--split", "dev", "--backend", "rules"]) == 0
    assert "span errors" not in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
