"""Per-document outputs of ``fazhi-ie extract --format``: JSON lines, CSV rows, a terminal table."""
from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..types import Extraction, finite_or_none

CSV_FIELDS = ("document", "metric", "value", "unit", "quantity", "qualifier", "start", "end", "value_error")

Writer = Callable[[str, Extraction], None]


def _value(value: float | None) -> float | int | None:
    """78.0 -> 78 so that outputs read like the text; an absent value (see ``Record.value_error``) -> None."""
    value = finite_or_none(value)
    if value is None:
        return None
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def jsonl_writer(out: TextIO) -> Writer:
    def write(document: str, result: Extraction) -> None:
        records = [dict(r.to_dict(), value=_value(r.value)) for r in result.records]
        line = {"document": document, "spans": [s.to_dict() for s in result.spans], "records": records}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return write


def csv_writer(out: TextIO) -> Writer:
    rows = csv.writer(out)
    rows.writerow(CSV_FIELDS)

    def write(document: str, result: Extraction) -> None:
        for r in result.records:
            value = _value(r.value)
            rows.writerow([document, r.metric or "", "" if value is None else value, r.unit or "",
                           r.quantity, r.qualifier or "", r.start, r.end, r.value_error or ""])
    return write


TABLE_COLUMNS = (("document", 24), ("metric", 28), ("value", 14), ("unit", 8), ("qualifier", 9), ("offsets", 13))


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, width: int, right: bool = False) -> str:
    if _width(text) > width:
        while _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    pad = " " * (width - _width(text))
    return pad + text if right else text + pad


def table_writer(out: TextIO) -> Writer:
    out.write("  ".join(_cell(name, w, right=(name == "value")) for name, w in TABLE_COLUMNS).rstrip() + "\n")
    out.write("  ".join("-" * w for _, w in TABLE_COLUMNS) + "\n")

    def write(document: str, result: Extraction) -> None:
        for r in result.records:
            value = _value(r.value)
            cells = (Path(document).name, r.metric or "-", r.quantity if value is None else f"{value:,}",
                     r.unit or "-", r.qualifier or "", f"{r.start}-{r.end}")
            row = [_cell(text, w, right=(name == "value")) for text, (name, w) in zip(cells, TABLE_COLUMNS)]
            out.write("  ".join(row).rstrip() + "\n")
    return write


WRITERS: dict[str, Callable[[TextIO], Writer]] = {"jsonl": jsonl_writer, "csv": csv_writer, "table": table_writer}
