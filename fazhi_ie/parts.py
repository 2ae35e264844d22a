"""A long run's output, written in parts as documents finish, resumable, assembled at the end.

``PartedOutput`` keeps the rows of the last few documents in memory, writes them as one part file
(temporary name, then renamed) and only then records the part and its documents (id + content hash)
in a manifest. A run killed at any moment leaves complete parts and a manifest that lists exactly them;
``resume=True`` skips the documents listed there and appends new parts, so the assembled output of a
killed and resumed run is byte for byte that of an uninterrupted one. The final output appears under
its own name only when complete (one file, or with ``dataset=True`` a folder of Parquet parts).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from .tables import MEASURE_COLUMNS, RECORD_COLUMNS, TABLE_DTYPES, frame, measures_path, table_format

MANIFEST = "manifest.jsonl"


class PartedOutput:
    """Output ``target`` of kind ``"text"`` (chunks of a per-document format, after ``header``) or
    ``"tables"`` (record and measure rows; the format follows the suffix, as ``write_tables``)."""

    def __init__(
        self,
        target: str | Path,
        kind: str,
        header: str = "",
        resume: bool = False,
        documents_per_part: int = 50,
        dataset: bool = False,
    ):
        self.target = Path(target)
        self.kind = kind
        self.header = header
        self.documents_per_part = max(1, documents_per_part)
        self.format = table_format(self.target) if kind == "tables" else "text"
        self.dataset = dataset and self.format == "parquet"
        self.work = self.target.parent / f".{self.target.name}.parts"
        self.parts: list[int] = []
        self.done: set[tuple[str, str]] = set()
        self._buffer: list[tuple[str, str, Any]] = []
        if resume and (self.work / MANIFEST).is_file():
            self._load_manifest()
        else:
            shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True, exist_ok=True)

    def _load_manifest(self) -> None:
        with open(self.work / MANIFEST, encoding="utf-8") as fh:
            for line in fh:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    break  # a line cut by the kill: its part is not listed, so it is redone
                self.parts.append(entry["part"])
                self.done.update((doc, sha) for doc, sha in entry["documents"])
        listed = {self._part_name(n, suffix) for n in self.parts for suffix in self._suffixes()}
        for stray in self.work.iterdir():  # parts written but never listed: redone
            if stray.name != MANIFEST and stray.name not in listed:
                stray.unlink()

    def is_done(self, document: str, sha256: str) -> bool:
        return (document, sha256) in self.done

    def add(self, document: str, sha256: str, content: Any) -> None:
        """``content``: a text chunk, or ``(record_rows, measure_rows)``. A document this output holds
        already (a resumed run redoing what another output of the same run had not finished) is skipped."""
        if (document, sha256) in self.done:
            return
        self._buffer.append((document, sha256, content))
        if len(self._buffer) >= self.documents_per_part:
            self.flush()

    def flush(self) -> None:
        if not self._buffer:
            return
        number = (self.parts[-1] + 1) if self.parts else 1
        if self.kind == "text":
            self._write_text(self.work / self._part_name(number, ".txt"), "".join(c for _, _, c in self._buffer))
        else:
            records = [row for _, _, (rows, _) in self._buffer for row in rows]
            measures = [row for _, _, (_, rows) in self._buffer for row in rows]
            self._write_rows(records, RECORD_COLUMNS, self.work / self._part_name(number, ".records"))
            self._write_rows(measures, MEASURE_COLUMNS, self.work / self._part_name(number, ".measures"))
        entry = {"part": number, "documents": [[doc, sha] for doc, sha, _ in self._buffer]}
        with open(self.work / MANIFEST, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self.parts.append(number)
        self.done.update((doc, sha) for doc, sha, _ in self._buffer)
        self._buffer = []

    def finish(self) -> list[Path]:
        """Write the remaining rows, assemble the output under its name, remove the parts. Returns the paths."""
        self.flush()
        if self.kind == "text":
            tmp = self._temporary(self.target)
            with open(tmp, "w", encoding="utf-8", newline="") as out:
                out.write(self.header)
                for n in self.parts:
                    out.write((self.work / self._part_name(n, ".txt")).read_text("utf-8"))
            os.replace(tmp, self.target)
            written = [self.target]
        else:
            written = [
                self._assemble(".records", self.target, RECORD_COLUMNS),
                self._assemble(".measures", measures_path(self.target), MEASURE_COLUMNS),
            ]
        shutil.rmtree(self.work, ignore_errors=True)
        return written

    # --- files -----------------------------------------------------------------------------------

    def _suffixes(self) -> tuple[str, ...]:
        return (".txt",) if self.kind == "text" else (".records", ".measures")

    def _part_name(self, number: int, suffix: str) -> str:
        extension = "" if suffix == ".txt" else {"csv": ".csv", "parquet": ".parquet", "jsonl": ".jsonl"}[self.format]
        return f"part-{number:06d}{suffix}{extension}"

    @staticmethod
    def _temporary(path: Path) -> Path:
        return path.with_name(f".{path.name}.partial")

    def _write_text(self, path: Path, text: str) -> None:
        tmp = self._temporary(path)
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)

    def _write_rows(self, rows: list[dict[str, Any]], columns: tuple[str, ...], path: Path) -> None:
        tmp = self._temporary(path)
        if self.format == "parquet":  # straight to Arrow, column by column: the main process's share of a run
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = arrow_schema(columns)
            data = {c: pa.array([row.get(c) for row in rows], type=schema.field(c).type) for c in columns}
            pq.write_table(pa.table(data, schema=schema), tmp)
            os.replace(tmp, path)
            return
        table = frame(rows, columns)
        if self.format == "csv":
            table.to_csv(tmp, index=False, header=False, encoding="utf-8")
        else:
            tmp.write_text(
                table.to_json(orient="records", lines=True, force_ascii=False) if len(table) else "", "utf-8"
            )
        os.replace(tmp, path)

    def _assemble(self, kind: str, target: Path, columns: tuple[str, ...]) -> Path:
        parts = [self.work / self._part_name(n, kind) for n in self.parts]
        if self.dataset:  # a partitioned Parquet dataset: the folder of parts under the target's name
            folder = self._temporary(target)
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            for i, part in enumerate(parts):
                os.replace(part, folder / f"part-{i:06d}.parquet")
            if not parts:
                frame([], columns).to_parquet(folder / "part-000000.parquet", index=False, schema=arrow_schema(columns))
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(folder, target)
            return target
        tmp = self._temporary(target)
        if self.format == "parquet":
            import pyarrow.parquet as pq

            with pq.ParquetWriter(tmp, arrow_schema(columns)) as writer:
                for part in parts:  # one part in memory at a time
                    writer.write_table(pq.read_table(part))
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as out:
                if self.format == "csv":
                    out.write(frame([], columns).to_csv(index=False))
                for part in parts:
                    out.write(part.read_text("utf-8"))
        os.replace(tmp, target)
        return target


def arrow_schema(columns: tuple[str, ...]):
    """One Parquet schema for every part, whatever values a part happens to hold (all-null columns too):
    the table dtypes of ``fazhi_ie.tables`` (integers and floats), text for every other column."""
    import pyarrow as pa

    kinds = {"Int64": pa.int64(), "int64": pa.int64(), "float64": pa.float64()}
    return pa.schema([(c, kinds[TABLE_DTYPES[c]] if c in TABLE_DTYPES else pa.string()) for c in columns])
