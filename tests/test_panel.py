"""The panel (one row per region, year and indicator), its commands, the HTML view and the plot."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

from fazhi_ie import Extractor, read_report, read_reports, to_panel
from fazhi_ie.cli import main
from fazhi_ie.panel import PANEL_COLUMNS, panel_from_records, read_panel, widen
from fazhi_ie.tables import INDICATOR_COLUMNS, RECORD_COLUMNS, to_dataframe

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def rules():
    return Extractor(backend="rules")


@pytest.fixture(scope="module")
def seed_panel(rules):
    return to_panel(read_reports(SEEDS), rules)


def test_the_records_table_carries_the_indicator_columns(rules):
    records, _ = to_dataframe(read_report("2023年，办理行政复议案件78件，审结70件。", name="x"), rules)
    assert set(INDICATOR_COLUMNS) <= set(RECORD_COLUMNS) == set(records.columns)
    assert records[["metric", "indicator", "role", "period", "record"]].values.tolist() == [
        ["行政复议案件", "reconsideration.cases", "level", 2023, 0],
        ["审结", "reconsideration.closed", "level", 2023, 1],
    ]


def test_seed_panel_has_one_row_per_region_year_and_indicator(seed_panel):
    assert tuple(seed_panel.columns) == PANEL_COLUMNS
    assert not seed_panel.duplicated(["region", "year", "indicator"]).any()
    assert set(seed_panel["role"]) == {"level"}
    assert {"丰都县", "重庆市黔江区", "富源县", "广元市昭化区"} <= set(seed_panel["region"])
    # the court-appearance rate of four reports is one indicator, the scope in its column
    rate = seed_panel[seed_panel["indicator"] == "litigation.appearance_rate"].set_index("region")
    assert rate.loc["重庆市黔江区", "value"] == 82.5 and pd.isna(rate.loc["重庆市黔江区", "scope"])
    assert rate.loc["富源县", "scope"] == "行政机关"
    fengdu = rate.loc["丰都县"]
    assert (fengdu["value"], fengdu["scope"], fengdu["n_mentions"]) == (100.0, "县政府单独被告", 2)
    assert "95.5%" in fengdu["other_values"] and "县级部门" in fengdu["other_values"]
    # the baseline of 黔江区 (由2021年的15.3%) is not a level: 3.9% for the report's year
    loss = seed_panel[(seed_panel["region"] == "重庆市黔江区") & (seed_panel["indicator"] == "litigation.loss_rate")]
    assert loss[["year", "value"]].values.tolist() == [[2022, 3.9]]
    assert (seed_panel["sentence"].str.len() > 0).all() and seed_panel["document"].notna().all()


def test_duplicates_most_specific_mention_wins_and_conflicts_are_flagged(rules):
    text = (
        "关于2023年法治政府建设情况的报告\n"
        "全年受理行政复议案件40件。\n"
        "办理行政复议案件约45件，行政复议案件纠错率8%。\n"
        "行政复议工作扎实，受理42件。\n"
    )
    panel = to_panel(read_report(text, name="t"), rules)
    row = panel[panel["indicator"] == "reconsideration.cases"].iloc[0]
    # exact name (1.0) beats the bare verb (0.8); the exact value beats 约45; the first mention wins ties
    assert (row["value"], row["n_mentions"], bool(row["conflict"])) == (40.0, 3, True)
    assert row["other_values"] == "45件; 42件"


def test_panel_from_records_of_nothing():
    records = pd.DataFrame(columns=list(RECORD_COLUMNS))
    panel = panel_from_records(records)
    assert tuple(panel.columns) == PANEL_COLUMNS and len(panel) == 0
    assert list(widen(panel).columns) == ["region", "year"]


def test_wide_view(seed_panel):
    wide = widen(seed_panel)
    assert list(wide.columns[:2]) == ["region", "year"] and not wide.duplicated(["region", "year"]).any()
    assert "litigation.appearance_rate" in wide.columns
    row = wide[(wide["region"] == "重庆市黔江区") & (wide["year"] == 2022)].iloc[0]
    assert row["litigation.appearance_rate"] == 82.5


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_panel_command_writes_the_panel(tmp_path, suffix):
    out = tmp_path / "sub" / f"panel{suffix}"
    assert main(["panel", str(SEEDS), "--out", str(out), "--backend", "rules", "--quiet"]) == 0
    panel = read_panel(out)
    assert tuple(panel.columns) == PANEL_COLUMNS and len(panel) > 50
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temporary file left
    wide = tmp_path / f"wide{suffix}"
    assert main(["panel", str(SEEDS), "--out", str(wide), "--backend", "rules", "--wide", "--quiet"]) == 0
    assert "econ.gdp" not in read_panel(wide).columns and "litigation.appearance_rate" in read_panel(wide).columns


def test_panel_command_errors(tmp_path, capsys):
    assert main(["panel", str(tmp_path / "none"), "--out", str(tmp_path / "p.csv")]) == 1
    assert "no such file or folder" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["panel", str(SEEDS), "--out", str(tmp_path / "p.xlsx")])


def test_plot_command(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    panel = tmp_path / "panel.parquet"
    assert main(["panel", str(SEEDS), "--out", str(panel), "--backend", "rules", "--quiet"]) == 0
    fig = tmp_path / "fig.png"
    assert main(["plot", str(panel), "--indicator", "litigation.appearance_rate", "--out", str(fig)]) == 0
    assert fig.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and fig.stat().st_size > 5000
    years = tmp_path / "years.svg"
    assert main(["plot", str(panel), "--indicator", "mediation.cases", "--by", "year", "--out", str(years)]) == 0
    assert "<svg" in years.read_text("utf-8")
    assert main(["plot", str(panel), "--indicator", "no.such", "--out", str(fig)]) == 1
    assert "no rows of indicator no.such" in capsys.readouterr().err
    assert main(["plot", str(panel), "--indicator", "econ.gdp", "--out", str(tmp_path / "f.txt")]) == 1


# --- the HTML view ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory):
    pytest.importorskip("spacy")
    out = tmp_path_factory.mktemp("show") / "report.html"
    assert main(["show", str(SEEDS / "000_4aa5ad3ec1f23a2b.txt"), "--html", str(out), "--backend", "rules"]) == 0
    return out


def test_show_writes_html_with_spans_and_records(seed_html):
    from fazhi_ie.integrations.html import COLORS

    page = seed_html.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "丰都县" in page
    for color in COLORS.values():
        assert f"background: {color}" in page or f"background:{color}" in page
    assert "行政机关负责人出庭应诉率" in page  # the indicator's name beside its records
    assert "县政府单独被告" in page and "0000" not in page.split("</h1>")[0]


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_show_renders_in_a_headless_browser(seed_html, tmp_path):
    """Screenshot the page in headless Chromium: the page is not blank and shows the highlight colours."""
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium): the HTML is not rendered in a browser")
    Image = pytest.importorskip("PIL.Image")
    from fazhi_ie.integrations.html import COLORS

    shot = tmp_path / "out.png"
    profile = tempfile.mkdtemp(dir=tmp_path)
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--screenshot={shot}",
        "--window-size=1200,2400",
        seed_html.resolve().as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=120, check=False, env={**os.environ, "LANG": "C.UTF-8"})
    assert shot.is_file(), "chromium wrote no screenshot"
    import numpy as np

    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 2400)
    pixels = np.asarray(image, dtype=int).reshape(-1, 3)
    white = int((pixels.min(axis=1) > 245).sum())
    assert white < 0.97 * len(pixels), "the page is blank"
    dark = int((pixels.max(axis=1) < 100).sum())
    assert dark > 2000, "no text on the page"
    for label, color in COLORS.items():
        rgb = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
        near = int((np.abs(pixels - rgb).max(axis=1) <= 6).sum())
        assert near > 300, f"no {label} highlight ({color}) in the screenshot"


def test_show_writes_values_as_a_reader_does_and_absent_values_with_their_reason():
    from fazhi_ie import Extractor, read_report
    from fazhi_ie.integrations.html import render_report

    report = read_report("2023年，办理案件1.2亿万件，审核文件2022139件。", name="x")
    page = render_report(report, Extractor(backend="rules").extract_report(report))
    assert "2,022,139" in page and "e+06" not in page
    assert "1.2亿万 (no value:" in page
