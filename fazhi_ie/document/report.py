"""A whole report: who reports, for which year, when it was published, and its structure.

``read_report`` sorts the report's lines (paragraphs, ``split_paragraphs``) into the body
and the rest (``roles.py``), reads the reporting body (``issuer.py``), the year it covers and
its date (``dates.py``), and gives each body paragraph its heading path (``headings.py``).
All offsets index the caller's original text.
"""

from __future__ import annotations

import bisect
import re
import warnings
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from ..text import Decoded, ensure_text, matching_view, replacement_message
from .dates import BODY_ROLES, covered_year, published_date
from .formats import SUPPORTED_SUFFIXES, read_source
from .headings import Heading, heading_paths
from .issuer import own_places, reporting_body
from .paragraphs import split_paragraphs
from .roles import line_roles


@dataclass(frozen=True)
class Paragraph:
    """One non-empty line of the report.

    ``id`` is ``<document>-<0-based line number, 4 digits>`` as in the gold JSONL files.
    ``headings``: the headings this paragraph sits under, outermost first, its own
    heading included. ``items``: the 一是/二是 items inside the paragraph.
    """

    id: str
    line: int
    start: int
    end: int
    text: str
    role: str
    headings: tuple[Heading, ...] = ()
    items: tuple[Heading, ...] = ()

    @property
    def is_body(self) -> bool:
        return self.role in BODY_ROLES

    @property
    def heading_path(self) -> tuple[str, ...]:
        """Labels of the headings, plus the 一是 item the paragraph starts with, if any."""
        path = [h.label for h in self.headings]
        if self.items and self.items[0].start == self.start:
            path.append(self.items[0].label)
        return tuple(path)

    def heading_path_at(self, offset: int) -> tuple[str, ...]:
        """The heading path of the text at ``offset`` (an index of the report's text)."""
        path = [h.label for h in self.headings]
        item = None
        for it in self.items:
            if it.start <= offset:
                item = it
        if item is not None:
            path.append(item.label)
        return tuple(path)


@dataclass(frozen=True)
class Report:
    """A report read by ``read_report``.

    ``region``: the reporting body's place name as written (重庆市黔江区); ``issuer``: the
    body's full name(s) (重庆市黔江区人民政府); ``year``: the year the report covers
    (关于2023年… -> 2023, not the year of publication); ``published``: the publication or
    signing date in ISO 8601, as precise as the text gives it ("2024-01-09", "2024-02").
    """

    text: str
    name: str | None = None
    title: str | None = None
    issuer: str | None = None
    region: str | None = None
    year: int | None = None
    published: str | None = None
    paragraphs: tuple[Paragraph, ...] = field(default_factory=tuple)
    encoding: str | None = None  # of the file it was read from
    replaced_bytes: tuple[tuple[int, int], ...] = ()  # byte ranges of the file replaced by U+FFFD
    format: str | None = None  # of the file: text, html, pdf, docx, doc
    sha256: str | None = None  # of the file's bytes

    @property
    def own_places(self) -> tuple[str, ...]:
        """How the report names its own place (重庆市黔江区, 黔江区, 黔江); empty without a region."""
        return own_places(self.region)

    @property
    def body(self) -> tuple[Paragraph, ...]:
        """The paragraphs of the report's body (headings and text), in order."""
        return tuple(p for p in self.paragraphs if p.is_body)

    @cached_property
    def _starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph that contains ``offset``, or None (a line break, blank space)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    def heading_path_at(self, offset: int) -> tuple[str, ...]:
        """The heading path of the text at ``offset``; empty outside the body."""
        p = self.paragraph_at(offset)
        return p.heading_path_at(offset) if p is not None and p.is_body else ()


# --- reading ---------------------------------------------------------------------------


def read_report(source: str | Path, name: str | None = None, ocr: bool = False) -> Report:
    """Read a report from a file (a ``Path`` or the string of an existing file's path) or text.

    Files may be .txt, .html/.htm, .pdf (with a text layer, or ``ocr``), .docx or .doc (see
    ``document/formats.py``). ``name`` names the document (paragraph ids, tables); it defaults to a
    file's stem.
    """
    if isinstance(source, Path) or (isinstance(source, str) and _is_file(source)):
        path = Path(source)
        source = read_source(path, ocr=ocr)
        warning = replacement_warning(source, path)
        if warning:
            warnings.warn(warning, stacklevel=2)
        return report_of_source(source, path.stem if name is None else name)
    return parse_report(ensure_text(source), name=name)


def replacement_warning(source, path: str | Path) -> str | None:
    """What to tell the user when bytes of the file were replaced by U+FFFD (``read_source``), else None."""
    if not source.replaced:
        return None
    return replacement_message(str(path), Decoded(source.text, source.encoding or "", source.replaced))


def report_of_source(source, name: str | None) -> Report:
    """The ``Report`` of a file read by ``read_source``, with its encoding, replaced bytes, format and hash."""
    report = parse_report(source.text, name=name)
    return replace(
        report, encoding=source.encoding, replaced_bytes=source.replaced, format=source.format, sha256=source.sha256
    )


def read_reports(folder: str | Path, pattern: str | None = None) -> list[Report]:
    """Every report file under ``folder`` (subfolders too; all supported formats, or ``pattern``), sorted."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder}: not a folder")
    files = (
        folder.rglob(pattern) if pattern else (p for p in folder.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
    )
    return [read_report(p) for p in sorted(files) if p.is_file()]


def _is_file(text: str) -> bool:
    if not text or len(text) > 1024 or "\n" in text or "\x00" in text:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def parse_report(text: str, name: str | None = None) -> Report:
    """The ``Report`` of a text already in memory."""
    text = ensure_text(text)
    view = matching_view(text)
    spans = split_paragraphs(view)
    lines = [view[s:e] for s, e in spans]
    roles = line_roles(lines)
    headings = heading_paths(text, view, spans, roles)

    line_breaks = [m.start() for m in _LINE_BREAK.finditer(text)]
    paragraphs = []
    for (s, e), role, (heads, items) in zip(spans, roles, headings):
        line = bisect.bisect_left(line_breaks, s)
        pid = f"{name}-{line:04d}" if name else f"{line:04d}"
        paragraphs.append(Paragraph(pid, line, s, e, text[s:e], role, heads, items))

    title_lines = [i for i, role in enumerate(roles) if role == "title"]  # a title may take two or three lines
    title_i = title_lines[0] if title_lines else None
    title = "".join(text[spans[i][0] : spans[i][1]] for i in title_lines) or None
    title_view = "".join(lines[i] for i in title_lines)
    issuer, region = reporting_body(lines, roles, title_i, title_view)
    year = covered_year(lines, roles, title_view)
    return Report(
        text=text,
        name=name,
        title=title,
        issuer=issuer,
        region=region,
        year=year,
        published=published_date(lines, roles),
        paragraphs=tuple(paragraphs),
    )


_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
