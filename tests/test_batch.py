"""A corpus run: the same output with 1 or 2 workers and on a Dask cluster, in input order; a run killed
with SIGKILL and resumed gives exactly the output of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fazhi_ie.batch import DocumentTask, extract_corpus, find_reports
from fazhi_ie.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """30 report files in two folders: the seeds, each a little changed (its own hash), and a bad file."""
    folder = tmp_path_factory.mktemp("corpus")
    for n in range(30):
        sub = folder / ("a" if n % 2 else "b")
        sub.mkdir(exist_ok=True)
        text = SEEDS[n % len(SEEDS)].read_text("utf-8")
        (sub / f"r{n:02d}.txt").write_text(text + f"\n全年新增调解案件{n + 1}件。\n", "utf-8")
    (folder / "b" / "broken.pdf").write_bytes(b"not a pdf")
    return folder


def run_cli(*argv) -> int:
    return main([str(a) for a in argv])


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_ids_and_order(corpus):
    tasks, errors = find_reports([corpus])
    assert errors == []
    assert [t.document for t in tasks][:3] == ["a/r01.txt", "a/r03.txt", "a/r05.txt"]
    assert tasks[-1].document == "b/r28.txt" and "b/broken.pdf" in [t.document for t in tasks]


@pytest.mark.parametrize("backend", ["rules", None])
def test_two_workers_give_the_output_of_one(corpus, tmp_path, capsys, backend):
    if backend is None:
        pytest.importorskip("torch")
    results = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        out.mkdir()
        extra = ["--backend", backend] if backend else []
        status = run_cli(
            "extract",
            corpus,
            *extra,
            "--workers",
            workers,
            "--out",
            out / "docs.jsonl",
            "--tables",
            out / "t.parquet",
            "--quiet",
        )
        assert status == 1  # the broken PDF
        results[workers] = outputs(out)
    assert results[1].keys() == {"docs.jsonl", "t.parquet", "t.measures.parquet"}
    assert results[1] == results[2]
    assert "broken.pdf" in capsys.readouterr().err


def test_api_yields_in_input_order_with_errors_in_place(corpus):
    tasks = [DocumentTask(str(p), p.name) for p in sorted((corpus / "a").iterdir())][:4]
    tasks.insert(2, DocumentTask(str(corpus / "b" / "broken.pdf"), "broken.pdf"))
    docs = list(extract_corpus(tasks, backend="rules", workers=2))
    assert [d.document for d in docs] == [t.document for t in tasks]
    assert docs[2].error.startswith(str(corpus / "b" / "broken.pdf")) and docs[2].result is None
    assert all(d.result is not None and d.record_rows for i, d in enumerate(docs) if i != 2)


def test_without_spans_a_document_carries_its_counts_and_rows(corpus):
    tasks = [DocumentTask(str(p), p.name) for p in sorted((corpus / "a").iterdir())][:3]
    full = list(extract_corpus(tasks, backend="rules", workers=2))
    lean = list(extract_corpus(tasks, backend="rules", workers=2, spans=False))
    assert all(d.result is None for d in lean)
    assert [d.records for d in lean] == [len(d.result.records) for d in full] and lean[0].records > 0
    assert [d.record_rows for d in lean] == [d.record_rows for d in full]
    assert [d.measure_rows for d in lean] == [d.measure_rows for d in full]


def _uninterrupted(corpus, out: Path) -> dict[str, bytes]:
    out.mkdir()
    run_cli(
        "extract",
        corpus,
        "--backend",
        "rules",
        "--workers",
        1,
        "--out",
        out / "docs.jsonl",
        "--tables",
        out / "t.csv",
        "--part-documents",
        3,
        "--quiet",
    )
    return outputs(out)


def test_sigkill_then_resume_gives_the_uninterrupted_output(corpus, tmp_path):
    expected = _uninterrupted(corpus, tmp_path / "whole")
    out = tmp_path / "killed"
    out.mkdir()
    argv = [
        sys.executable,
        "-m",
        "fazhi_ie",
        "extract",
        str(corpus),
        "--backend",
        "rules",
        "--workers",
        "1",
        "--out",
        str(out / "docs.jsonl"),
        "--tables",
        str(out / "t.csv"),
        "--part-documents",
        "3",
        "--quiet",
    ]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    manifest = out / ".t.csv.parts" / "manifest.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.is_file() and len(manifest.read_text("utf-8").splitlines()) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "docs.jsonl").exists() and not (out / "t.csv").exists()  # nothing looks finished
    resumed = [a for a in argv if a != "--quiet"] + ["--resume"]
    status = subprocess.run(resumed, env=env, capture_output=True, text=True)
    assert status.returncode == 1, status.stderr  # the broken PDF, again
    summary = status.stderr.strip().splitlines()[-1]
    assert summary.startswith("fazhi-ie: 30 documents (") and "kept from the interrupted run" in summary
    assert outputs(out) == expected
    assert not (out / ".t.csv.parts").exists() and not (out / ".docs.jsonl.parts").exists()


def test_dask_local_cluster_gives_the_single_process_output(corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    pd = pytest.importorskip("pandas")
    from fazhi_ie.tables import read_table

    single = tmp_path / "single"
    single.mkdir()
    run_cli(
        "extract",
        corpus,
        "--backend",
        "rules",
        "--workers",
        1,
        "--tables",
        single / "t.parquet",
        "--out",
        single / "docs.jsonl",
        "--quiet",
    )
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        cluster = tmp_path / "cluster"
        cluster.mkdir()
        status = run_cli(
            "extract",
            corpus,
            "--backend",
            "rules",
            "--scheduler",
            c.scheduler_address,
            "--tables",
            cluster / "t.parquet",
            "--out",
            cluster / "docs.jsonl",
            "--quiet",
        )
    assert status == 1
    assert (cluster / "t.parquet").is_dir() and sorted(p.name for p in (cluster / "t.parquet").iterdir())[0] == (
        "part-000000.parquet"
    )
    pd.testing.assert_frame_equal(read_table(cluster / "t.parquet"), read_table(single / "t.parquet"))
    assert (cluster / "docs.jsonl").read_bytes() == (single / "docs.jsonl").read_bytes()
