"""Reports -> two tidy tables: one row per record, one row per MEASURE mention.

Each row carries what an analyst groups by (document, region, year, heading path,
paragraph id) and what lets a reader check it (character offsets into the report's
text and the sentence). Only the body of a report is extracted: letterheads, web page
remnants, signatures and contact lines give no rows (see ``fazhi_ie.report``).
pandas is imported inside the functions so that ``import fazhi_ie`` does not need it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .document import Paragraph, Report, read_report
from .document.paragraphs import sentence_bounds
from .indicators import annotate_report
from .types import Extraction, Label, finite_or_none

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

HEADING_SEPARATOR = " > "
CONTEXT_COLUMNS = (
    "document",
    "sha256",
    "replaced_bytes",
    "region",
    "year",
    "published",
    "heading_path",
    "paragraph_id",
)
#: What the indicator step adds (``fazhi_ie.indicators``): the record's index in its report, the catalogue
#: indicator (or empty) and the link's confidence, the metric's scope, a bare metric's subject, the value's
#: role (level/change/baseline/target/share), the year it refers to, and the record a change or baseline refers to.
INDICATOR_COLUMNS = ("record", "indicator", "confidence", "scope", "subject", "role", "period", "refers_to")
RECORD_COLUMNS = (
    *CONTEXT_COLUMNS,
    "metric",
    "value",
    "unit",
    "qualifier",
    "quantity",
    "start",
    "end",
    "sentence",
    "value_error",
    *INDICATOR_COLUMNS,
)
MEASURE_COLUMNS = (*CONTEXT_COLUMNS, "measure", "start", "end", "sentence")
#: --out suffix -> file format
TABLE_FORMATS = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl"}
TABLE_DTYPES = {  # columns that are not text
    "replaced_bytes": "int64",
    "year": "Int64",
    "start": "int64",
    "end": "int64",
    "value": "float64",
    "record": "Int64",
    "confidence": "float64",
    "period": "Int64",
    "refers_to": "Int64",
}


class Tables(NamedTuple):
    """What ``to_dataframe`` returns: ``records`` (RECORD_COLUMNS) and ``measures`` (MEASURE_COLUMNS)."""

    records: pd.DataFrame
    measures: pd.DataFrame


def to_dataframe(
    reports: Report | str | Path | Iterable[Report | str | Path],
    extractor=None,
    *,
    batch_size: int = 32,
    progress: bool = False,
) -> Tables:
    """Extract ``reports`` into ``Tables(records, measures)``, two pandas DataFrames.

    ``reports``: ``Report``s, or anything ``read_report`` reads (file paths, texts).
    ``extractor``: an ``Extractor``; by default ``Extractor()`` (the best available backend).
    ``progress``: show a tqdm progress bar (one step per report).

        records, measures = fazhi_ie.to_dataframe(fazhi_ie.read_reports("seeds"))
    """
    from tqdm import tqdm

    if isinstance(reports, (Report, str, Path)):
        reports = [reports]
    reports = [r if isinstance(r, Report) else read_report(r) for r in reports]
    if extractor is None:
        from .pipeline import Extractor

        extractor = Extractor()
    results = (extractor.extract_report(r, batch_size=batch_size) for r in reports)
    return build_tables(tqdm(zip(reports, results), total=len(reports), unit="report", disable=not progress))


def build_tables(pairs: Iterable[tuple[Report, Extraction]]) -> Tables:
    """``Tables`` from reports and their extractions (for callers that extracted already).

    A report without a name is called by its position ("0", "1", …) in the document column.
    """
    record_rows: list[dict[str, Any]] = []
    measure_rows: list[dict[str, Any]] = []
    for i, (report, result) in enumerate(pairs):
        if result.text != report.text:
            raise ValueError(f"report {report.name or i}: the extraction is of another text")
        document = report.name if report.name is not None else str(i)
        record_rows.extend(rows_of_records(report, result, document))
        measure_rows.extend(rows_of_measures(report, result, document))
    return Tables(frame(record_rows, RECORD_COLUMNS), frame(measure_rows, MEASURE_COLUMNS))


def rows_of_records(report: Report, result: Extraction, document: str | None = None) -> list[dict[str, Any]]:
    """One dict per record found in the report's body (RECORD_COLUMNS)."""
    rows = []
    for info in annotate_report(report, result):
        r = info.record
        context = _context(report, r.start, document)
        if context is None:
            continue
        rows.append(
            {
                **context,
                "metric": r.metric,
                "value": finite_or_none(r.value),
                "unit": r.unit,
                "qualifier": r.qualifier,
                "quantity": r.quantity,
                "start": r.start,
                "end": r.end,
                "sentence": _sentence(report, r.start),
                "value_error": r.value_error,
                "record": info.index,
                "indicator": info.indicator,
                "confidence": info.confidence,
                "scope": info.scope,
                "subject": info.subject,
                "role": info.role,
                "period": info.period,
                "refers_to": info.refers_to,
            }
        )
    return rows


def rows_of_measures(report: Report, result: Extraction, document: str | None = None) -> list[dict[str, Any]]:
    """One dict per MEASURE span in the report's body (MEASURE_COLUMNS)."""
    rows = []
    for s in result.spans:
        if s.label != Label.MEASURE:
            continue
        context = _context(report, s.start, document)
        if context is None:
            continue
        rows.append(
            {**context, "measure": s.text, "start": s.start, "end": s.end, "sentence": _sentence(report, s.start)}
        )
    return rows


def _context(report: Report, offset: int, document: str | None) -> dict[str, Any] | None:
    paragraph = report.paragraph_at(offset)
    if paragraph is None or not paragraph.is_body:
        return None
    return {
        "document": report.name if document is None else document,
        "sha256": report.sha256,  # of the file the report was read from (None for a text in memory)
        "replaced_bytes": len(report.replaced_bytes),  # undecodable byte sequences replaced by U+FFFD
        "region": report.region,
        "year": report.year,
        "published": report.published,
        "heading_path": HEADING_SEPARATOR.join(paragraph.heading_path_at(offset)),
        "paragraph_id": paragraph.id,
    }


def _sentence(report: Report, offset: int) -> str:
    """The sentence of the paragraph around ``offset`` (ends at 。；！？ and their ASCII forms)."""
    paragraph: Paragraph = report.paragraph_at(offset)
    local = offset - paragraph.start
    begin = 0
    for end in sentence_bounds(paragraph.text):
        if local < end:
            return paragraph.text[begin:end].strip()
        begin = end
    return paragraph.text[begin:].strip()  # pragma: no cover - sentence_bounds ends at the text end


def frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with exactly ``columns``, in the table dtypes (also when empty)."""
    import pandas as pd

    table = pd.DataFrame.from_records(rows, columns=list(columns))
    return table.astype({k: v for k, v in TABLE_DTYPES.items() if k in table.columns})


# --- files -------------------------------------------------------------------------------


def table_format(path: str | Path) -> str:
    """The format of a table file from its suffix; ``ValueError`` names the ones known."""
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise ValueError(f"{path}: the table's file name must end in one of {', '.join(TABLE_FORMATS)}")
    return TABLE_FORMATS[suffix]


def measures_path(path: str | Path) -> Path:
    """Where the measures table goes beside the records table: table.csv -> table.measures.csv."""
    path = Path(path)
    return path.with_name(f"{path.stem}.measures{path.suffix}")


def write_tables(tables: Tables, path: str | Path) -> tuple[Path, Path]:
    """Write the records to ``path`` and the measures beside it (``measures_path``).

    The format follows the suffix: .csv (UTF-8), .parquet (pyarrow), .jsonl (one JSON
    object a line, UTF-8, missing values as null). Missing folders are made. Both files are written
    under temporary names and renamed when complete, so a killed run never leaves a table that looks
    finished. Returns both paths.
    """
    path = Path(path)
    paths = (path, measures_path(path))
    write_frames(list(zip(tables, paths)))
    return paths


def write_frames(frames: list[tuple[pd.DataFrame, Path]]) -> None:
    """Write each ``(frame, path)``, format by suffix (``table_format``), all or none.

    Every file is written under a temporary name in its folder and renamed once all are complete, so
    a killed run never leaves a table that looks finished. Missing folders are made.
    """
    frames = [(frame, Path(path)) for frame, path in frames]
    formats = [table_format(path) for _, path in frames]
    temporary = [out.with_name(f".{out.name}.partial") for _, out in frames]  # same folder: rename is atomic
    try:
        for (frame, out), fmt, tmp in zip(frames, formats, temporary):
            out.parent.mkdir(parents=True, exist_ok=True)
            if fmt == "csv":
                frame.to_csv(tmp, index=False, encoding="utf-8")
            elif fmt == "parquet":
                frame.to_parquet(tmp, index=False)
            else:
                frame.to_json(tmp, orient="records", lines=True, force_ascii=False)
        for tmp, (_, out) in zip(temporary, frames):
            tmp.replace(out)
    finally:
        for tmp in temporary:
            tmp.unlink(missing_ok=True)


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by ``write_tables`` back into a DataFrame."""
    import pandas as pd

    fmt = table_format(path)
    if fmt == "csv":
        text_columns = {c: str for c in (*RECORD_COLUMNS, *MEASURE_COLUMNS) if c not in TABLE_DTYPES}  # "000", "78"
        frame = pd.read_csv(path, encoding="utf-8", keep_default_na=False, na_values=[""], dtype=text_columns)
        if "heading_path" in frame.columns:  # CSV cannot tell an empty path from a missing one
            frame["heading_path"] = frame["heading_path"].fillna("")
    elif fmt == "parquet":
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_json(path, orient="records", lines=True, dtype=False)
    for column in frame.columns:  # a column that holds no value at all (sha256 of texts in memory) reads as None
        if column not in TABLE_DTYPES and len(frame) and frame[column].isna().all():
            frame[column] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame.astype({k: v for k, v in TABLE_DTYPES.items() if k in frame.columns})
