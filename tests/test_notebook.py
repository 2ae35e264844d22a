"""notebooks/quickstart.ipynb runs from top to bottom (nbclient, kernel python3), so it cannot rot."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    # the kernel imports fazhi_ie from this checkout whether or not it is pip-installed
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("MPLBACKEND", None)  # the kernel's inline backend puts the figures into the outputs
    client.execute(env=env)  # raises CellExecutionError with the cell's traceback on any failure
    return nb


def _outputs(nb, kind):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if kind == "text":
                if out.get("output_type") == "stream":
                    yield out["text"]
                elif "data" in out:
                    yield out["data"].get("text/plain", "")
            elif "data" in out and kind in out["data"]:
                yield out["data"][kind]


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


def test_notebook_runs_and_shows_the_five_reports(executed):
    text = "\n".join(_outputs(executed, "text"))
    for region in ("丰都县", "重庆市黔江区", "石柱土家族自治县王场镇", "富源县", "广元市昭化区"):
        assert region in text
    assert "measure mentions from 5 reports" in text
    assert "table.parquet table.measures.parquet" in text
    assert "panel: " in text and "litigation.appearance_rate" in text


def test_notebook_draws_its_plots(executed):
    import base64

    images = list(_outputs(executed, "image/png"))
    assert len(images) == 3
    assert all(base64.b64decode(png)[:8] == b"\x89PNG\r\n\x1a\n" for png in images)
