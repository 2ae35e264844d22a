"""Per-document outputs of ``fazhi-ie extract --format``: JSON lines, CSV rows, a terminal table."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

from ..types import Extraction, finite_or_none

CSV_FIELDS = ("document", "metric", "value", "unit", "quantity", "qualifier", "start", "end", "value_error")


def _value(value: float | None) -> float | int | None:
    """78.0 -> 78 so that outputs read like the text; an absent value (see ``Record.value_error``) -> None."""
    value = finite_or_none(value)
    if value is None:
        return None
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


class DocumentWriter:
    """Text of one output format: ``header`` once, then ``chunk(document, result)`` per document.

    Chunks are plain strings so that they can be written as documents finish, kept in parts of a
    long run and joined later (``fazhi_ie.batch``) with the same bytes as one uninterrupted write.
    """

    header = ""

    def chunk(self, document: str, result: Extraction) -> str:
        raise NotImplementedError


class JsonlWriter(DocumentWriter):
    """One JSON object per document: its spans and records."""

    def chunk(self, document: str, result: Extraction) -> str:
        records = [dict(r.to_dict(), value=_value(r.value)) for r in result.records]
        line = {"document": document, "spans": [s.to_dict() for s in result.spans], "records": records}
        return json.dumps(line, ensure_ascii=False) + "\n"


class CsvWriter(DocumentWriter):
    """One row per record."""

    header = ",".join(CSV_FIELDS) + "\r\n"

    def chunk(self, document: str, result: Extraction) -> str:
        buffer = io.StringIO()
        rows = csv.writer(buffer)
        for r in result.records:
            value = _value(r.value)
            rows.writerow(
                [
                    document,
                    r.metric or "",
                    "" if value is None else value,
                    r.unit or "",
                    r.quantity,
                    r.qualifier or "",
                    r.start,
                    r.end,
                    r.value_error or "",
                ]
            )
        return buffer.getvalue()


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


class TableWriter(DocumentWriter):
    """Aligned columns for reading in a terminal."""

    header = (
        "  ".join(_cell(name, w, right=(name == "value")) for name, w in TABLE_COLUMNS).rstrip()
        + "\n"
        + "  ".join("-" * w for _, w in TABLE_COLUMNS)
        + "\n"
    )

    def chunk(self, document: str, result: Extraction) -> str:
        lines = []
        for r in result.records:
            value = _value(r.value)
            cells = (
                Path(document).name,
                r.metric or "-",
                r.quantity if value is None else f"{value:,}",
                r.unit or "-",
                r.qualifier or "",
                f"{r.start}-{r.end}",
            )
            row = [_cell(text, w, right=(name == "value")) for text, (name, w) in zip(cells, TABLE_COLUMNS)]
            lines.append("  ".join(row).rstrip() + "\n")
        return "".join(lines)


WRITERS: dict[str, type[DocumentWriter]] = {"jsonl": JsonlWriter, "csv": CsvWriter, "table": TableWriter}
