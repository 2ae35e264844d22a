"""``fazhi-ie plot``: one indicator of a panel across regions or years, as a PNG/SVG/PDF figure."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from .common import check_writable, error

FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def add_parser(sub) -> None:
    p = sub.add_parser(
        "plot",
        help="plot one indicator of a panel file",
        description="Plot one indicator of a panel written by `fazhi-ie panel` (long format): bars per region "
        "(--by region) or lines over the years (--by year).",
    )
    p.add_argument("panel", metavar="PANEL", help="panel file (.parquet, .csv or .jsonl)")
    p.add_argument("--indicator", required=True, metavar="ID", help="catalogue id, e.g. litigation.appearance_rate")
    p.add_argument("--out", required=True, metavar="FILE", help="figure file (.png, .svg or .pdf)")
    p.add_argument("--by", choices=("region", "year"), default="region", help="across regions (default) or years")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    problem = check_writable(out, "--out")
    if out.suffix.lower() not in FIGURE_SUFFIXES:
        problem = problem or f"{out}: the figure's name must end in one of {', '.join(FIGURE_SUFFIXES)}"
    if not Path(args.panel).is_file():
        problem = problem or f"{args.panel}: no such file"
    if problem:
        error(problem)
        return 1
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from ..panel import plot_indicator, read_panel

        panel = read_panel(args.panel)
        if "indicator" not in panel.columns:
            error(f"{args.panel}: not a long panel (no indicator column); write it without --wide")
            return 1
        ax = plot_indicator(panel, args.indicator, by=args.by)
    except ImportError as exc:
        error(f"plotting needs fazhi_ie[analysis] ({exc})")
        return 1
    except ValueError as exc:
        error(f"{args.panel}: {exc}")
        return 1
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=out.suffix, dir=out.parent)
    os.close(fd)
    try:
        ax.figure.savefig(tmp, dpi=120)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
        plt.close(ax.figure)
    return 0
