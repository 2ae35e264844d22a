"""Reports -> a panel: one row per (region, year, indicator), for comparing governments on the same indicators.

``to_panel(reports)`` extracts the reports, links their records to catalogue indicators
(``fazhi_ie.indicators``) and keeps the values whose role is ``level``. The year of a row is the year the
value refers to when the sentence says it (``period``), else the year the report covers.

Several mentions of one indicator for one region and year (in one report or in several) give one row;
the most specific mention wins, in this order:

1. the most specific naming: the highest link confidence (the indicator's own name 1.0, a scope and its
   name 0.95, a pattern 0.9, a bare verb whose subject is in the sentence 0.8 …);
2. a mention of the whole government (no scope, or 全县/本级 …) before one of a part of it (县政府单独被告);
3. an exact value before an approximate one (余, 以上, 近 … in ``qualifier``);
4. the first mention in the report (reports are read in the order given).

Nothing is hidden: ``n_mentions`` counts the mentions, ``other_values`` lists the values that lost
(value, unit, scope, document), and ``conflict`` is true when a mention with the same scope and unit gives
another value. ``wide=True`` gives one row per (region, year) with one column per indicator.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .document import Report
from .indicators import load_catalogue
from .tables import to_dataframe

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

PANEL_COLUMNS = (
    "region",
    "year",
    "indicator",
    "indicator_zh",
    "indicator_en",
    "value",
    "unit",
    "qualifier",
    "role",
    "scope",
    "metric",
    "confidence",
    "document",
    "report_year",
    "paragraph_id",
    "start",
    "end",
    "sentence",
    "n_mentions",
    "conflict",
    "other_values",
)
_WHOLE_SCOPE = re.compile(r"(?:全|本|该)?(?:县|区|市|州|省|镇|乡|旗|盟)?(?:本级|级)?")
_DTYPES = {"year": "Int64", "report_year": "Int64", "start": "Int64", "end": "Int64", "n_mentions": "int64"}


def to_panel(
    reports: Report | str | Path | Iterable[Report | str | Path],
    extractor=None,
    *,
    wide: bool = False,
    batch_size: int = 32,
    progress: bool = False,
) -> pd.DataFrame:
    """The panel of ``reports`` (``Report``s, or files and texts ``read_report`` reads); see the module docstring.

    ``extractor``: an ``Extractor`` (default ``Extractor()``, the best available backend).

        panel = fazhi_ie.to_panel(fazhi_ie.read_reports("seeds"))
    """
    records, _ = to_dataframe(reports, extractor, batch_size=batch_size, progress=progress)
    panel = panel_from_records(records)
    return widen(panel) if wide else panel


def _is_whole(scope) -> bool:
    return scope is None or (isinstance(scope, float) and math.isnan(scope)) or bool(_WHOLE_SCOPE.fullmatch(scope))


def _fmt(value: float, unit) -> str:
    text = f"{value:g}" if value is not None and not (isinstance(value, float) and math.isnan(value)) else "?"
    return text + (unit if isinstance(unit, str) else "")


def panel_from_records(records: pd.DataFrame) -> pd.DataFrame:
    """The long panel (PANEL_COLUMNS) from a records table of ``to_dataframe`` (with its indicator columns)."""
    import pandas as pd

    catalogue = load_catalogue()
    levels = records[records["indicator"].notna() & (records["role"] == "level") & records["value"].notna()].copy()
    levels["report_year"] = levels["year"]
    levels["year"] = levels["period"].fillna(levels["year"]).astype("Int64")
    levels["_part"] = [0 if _is_whole(s) else 1 for s in levels["scope"]]
    levels["_approx"] = levels["qualifier"].notna().astype(int)
    levels["_order"] = range(len(levels))
    levels = levels.sort_values(
        ["confidence", "_part", "_approx", "_order"], ascending=[False, True, True, True], kind="stable"
    )
    rows = []
    for _, group in levels.groupby(["region", "year", "indicator"], dropna=False, sort=True):
        best = group.iloc[0]
        others = group.iloc[1:]
        same = others[
            (others["scope"].fillna("") == (best["scope"] if isinstance(best["scope"], str) else ""))
            & (others["unit"].fillna("") == (best["unit"] if isinstance(best["unit"], str) else ""))
        ]
        conflict = bool(((same["value"] - best["value"]).abs() > 1e-9 * max(1.0, abs(best["value"]))).any())
        ind = catalogue[best["indicator"]]
        rows.append(
            {
                "region": best["region"],
                "year": best["year"],
                "indicator": best["indicator"],
                "indicator_zh": ind.zh,
                "indicator_en": ind.en,
                "value": best["value"],
                "unit": best["unit"],
                "qualifier": best["qualifier"],
                "role": "level",
                "scope": best["scope"],
                "metric": best["metric"],
                "confidence": best["confidence"],
                "document": best["document"],
                "report_year": best["report_year"],
                "paragraph_id": best["paragraph_id"],
                "start": best["start"],
                "end": best["end"],
                "sentence": best["sentence"],
                "n_mentions": len(group),
                "conflict": conflict,
                "other_values": "; ".join(
                    _fmt(o["value"], o["unit"])
                    + (f" ({o['scope']})" if isinstance(o["scope"], str) else "")
                    + (f" [{o['document']}]" if o["document"] != best["document"] else "")
                    for _, o in others.iterrows()
                )
                or None,
            }
        )
    frame = pd.DataFrame.from_records(rows, columns=list(PANEL_COLUMNS))
    frame["conflict"] = frame["conflict"].astype(bool)
    return frame.astype(_DTYPES)


def widen(panel: pd.DataFrame) -> pd.DataFrame:
    """The wide view: one row per (region, year), one value column per indicator (catalogue order)."""
    import pandas as pd

    if panel.empty:
        return pd.DataFrame(columns=["region", "year"])
    wide = panel.pivot_table(
        index=["region", "year"], columns="indicator", values="value", aggfunc="first", dropna=False
    )
    order = [i.id for i in load_catalogue() if i.id in wide.columns]
    wide = wide[order].reset_index()
    wide.columns.name = None
    return wide.dropna(axis=0, how="all", subset=order)


def read_panel(path: str | Path) -> pd.DataFrame:
    """A panel written by ``fazhi-ie panel`` (.parquet, .csv or .jsonl)."""
    import pandas as pd

    from .tables import table_format

    fmt = table_format(path)
    if fmt == "parquet":
        return pd.read_parquet(path)
    if fmt == "csv":
        return pd.read_csv(path, encoding="utf-8", dtype={"region": str, "indicator": str, "document": str})
    return pd.read_json(path, orient="records", lines=True, dtype=False)


# --- plots ---------------------------------------------------------------------------------------

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)


def cjk_font() -> str | None:
    """The name of an installed font with Chinese characters (for matplotlib), or None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    found = next((name for name in CJK_FONTS if name in names), None)
    if found is None:  # fonts installed after matplotlib built its cache
        for path in font_manager.findSystemFonts():
            if any(
                key in Path(path).name.lower() for key in ("wqy", "droidsansfallback", "notosanscjk", "sourcehansans")
            ):
                font_manager.fontManager.addfont(path)
        names = {f.name for f in font_manager.fontManager.ttflist}
        found = next((name for name in CJK_FONTS if name in names), None)
    return found


def plot_indicator(panel: pd.DataFrame, indicator: str, by: str = "region", ax=None):
    """A figure of one indicator of a (long) panel: across regions (bars, one per region and year) or
    across years (one line per region). Returns the matplotlib Axes. Needs matplotlib."""
    import warnings

    import matplotlib.pyplot as plt

    if by not in ("region", "year"):
        raise ValueError("by must be 'region' or 'year'")
    rows = panel[panel["indicator"] == indicator]
    if rows.empty:
        known = ", ".join(sorted(panel["indicator"].dropna().unique())[:20])
        raise ValueError(f"no rows of indicator {indicator} in the panel (it has: {known})")
    catalogue = load_catalogue()
    name = catalogue[indicator] if indicator in catalogue.by_id else None
    font = cjk_font()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5))
    units = sorted({u for u in rows["unit"].dropna()})
    label_of = {r: (r if font else f"R{k}") for k, r in enumerate(sorted(rows["region"].fillna("?").unique()))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # missing glyphs without a CJK font
        if by == "region":
            data = rows.assign(label=[f"{label_of[r]} {y}" for r, y in zip(rows["region"].fillna("?"), rows["year"])])
            data = data.sort_values(["region", "year"])
            bars = ax.bar(data["label"], data["value"], color="#4c72b0")
            ax.bar_label(bars, labels=[f"{v:g}" for v in data["value"]], fontsize=8)
            ax.tick_params(axis="x", labelrotation=30)
        else:
            for region, part in rows.sort_values("year").groupby(rows["region"].fillna("?")):
                ax.plot(part["year"].astype(int), part["value"], marker="o", label=label_of[region])
            ax.legend(fontsize=8)
            ax.set_xlabel("year")
        title = f"{name.zh} / {name.en}" if name else indicator
        ax.set_title(title if font else (name.en if name else indicator), fontsize=10)
        ax.set_ylabel(", ".join(units) if font else indicator)
        if font:
            for text in [
                ax.title,
                ax.yaxis.label,
                *ax.get_xticklabels(),
                *(ax.get_legend().get_texts() if ax.get_legend() else []),
            ]:
                text.set_fontfamily([font, "DejaVu Sans"])
    ax.figure.tight_layout()
    return ax
