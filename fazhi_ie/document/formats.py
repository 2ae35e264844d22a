"""Report files as governments publish them -> plain text with one paragraph per line.

``read_source(path)`` reads ``.txt`` (any encoding ``fazhi_ie.text`` knows), ``.html``/``.htm`` (the main
content, by trafilatura: navigation, scripts, styles and site footers dropped, paragraph breaks kept),
``.pdf`` with a text layer (pdfplumber: lines broken by the page layout joined back into paragraphs,
running headers, footers and page numbers dropped), ``.docx`` (python-docx: paragraphs and table rows in
document order) and, where LibreOffice is installed, legacy ``.doc``. Anything else, and a PDF without a
text layer, raises ``UnreadableReport`` naming the file and the reason. Scanned PDFs are read by OCR only
with the ``ocr`` extra (rapidocr-onnxruntime, which ships its models: nothing is downloaded).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from ..text import DecodeError, decode_report

#: Suffix -> format of the files read (folders are walked for these).
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
}
SUPPORTED_SUFFIXES = tuple(FORMATS)


class UnreadableReport(DecodeError):
    """A report file that cannot be read as text; the message names the file and the reason."""


class Source(NamedTuple):
    """The text of a report file and where it came from."""

    text: str
    format: str  # text, html, pdf, docx, doc
    sha256: str  # of the file's bytes: the same file has the same hash wherever it lies
    encoding: str | None = None  # text and html files
    replaced: tuple[tuple[int, int], ...] = ()  # byte ranges replaced by U+FFFD (text and html files)


def read_source(path: str | Path, ocr: bool = False) -> Source:
    """The text of a report file in any supported format (see the module docstring)."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnreadableReport(
            f"{path}: unsupported format {path.suffix or '(no suffix)'!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if fmt in ("text", "html"):
        decoded = decode_report(data, str(path))
        text = html_to_text(decoded.text, str(path)) if fmt == "html" else decoded.text
        return Source(text, fmt, digest, decoded.encoding, decoded.replaced)
    if fmt == "pdf":
        return Source(pdf_to_text(path, ocr=ocr), fmt, digest)
    if fmt == "docx":
        return Source(docx_to_text(path), fmt, digest)
    return Source(doc_to_text(path), fmt, digest)


def _need(module: str, extra: str, path: Path):
    try:
        return __import__(module)
    except ImportError:
        raise UnreadableReport(f"{path}: reading it needs {module} (pip install 'fazhi_ie[{extra}]')") from None


# --- HTML -------------------------------------------------------------------------------------


def html_to_text(html: str, name: str = "<html>") -> str:
    """The main content of a saved web page, one paragraph per line, its title first."""
    trafilatura = _need("trafilatura", "formats", Path(name))
    body = (
        trafilatura.extract(
            html, include_comments=False, include_tables=True, favor_recall=True, output_format="txt", deduplicate=False
        )
        or ""
    )
    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "").strip() if meta is not None else ""
    if title and title not in body[: len(title) + 200]:
        body = f"{title}\n{body}"
    if not body.strip():
        raise UnreadableReport(f"{name}: no text content in the page")
    return body


# --- PDF --------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(  # — 12 —, 第3页 共10页, 3/12; OCR reads the dashes as 一
    r"[-—–－_一\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／共]\s*\d{1,4}\s*页?)?[-—–－_一\s]*"
)
_PARAGRAPH_END = tuple("。！？；：!?;:")
_HEADING_START = re.compile(r"[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、]")
MIN_TEXT_CHARS_PER_PAGE = 20  # fewer on average: no text layer (a scan)


def pdf_to_text(path: str | Path, ocr: bool = False) -> str:
    """Paragraphs of a PDF's text layer; with ``ocr`` a PDF without one is read by OCR."""
    path = Path(path)
    pdfplumber = _need("pdfplumber", "formats", path)
    try:
        with pdfplumber.open(path) as pdf:
            pages = [(page.extract_text() or "").splitlines() for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        raise UnreadableReport(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    chars = sum(len("".join(lines).strip()) for lines in pages)
    if chars < MIN_TEXT_CHARS_PER_PAGE * max(1, len(pages)):
        if not ocr:
            raise UnreadableReport(
                f"{path}: a PDF without a text layer (a scan); OCR it with fazhi_ie[ocr] (ocr=True, --ocr)"
            )
        pages = ocr_pdf(path)
    return "\n".join(join_layout_lines(drop_running_lines(pages)))


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages without page numbers and without the header/footer lines that repeat on most pages."""
    edges = Counter()
    for lines in pages:
        for line in {*lines[:2], *lines[-2:]}:
            edges[_normalise_running(line)] += 1
    repeated = {k for k, n in edges.items() if k and len(pages) >= 3 and n >= 0.6 * len(pages)}
    out = []
    for lines in pages:
        kept = [
            line
            for i, line in enumerate(lines)
            if not _PAGE_NUMBER.fullmatch(line.strip() or "x")
            and not ((i < 2 or i >= len(lines) - 2) and _normalise_running(line) in repeated)
        ]
        out.append(kept)
    return out


def _normalise_running(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())  # "第 3 页" and "第 4 页" are the same running line


def join_layout_lines(pages: list[list[str]]) -> list[str]:
    """Lines broken by the page width joined back into paragraphs (also across pages).

    A line continues the one before when that one was full width (within 2 characters of the widest
    lines) and did not end a sentence; headings (一、 （一） 1.) always start a paragraph.
    """
    lines = [line.strip() for page in pages for line in page if line.strip()]
    if not lines:
        return []
    widths = sorted(len(line) for line in lines)
    full = widths[int(0.9 * (len(widths) - 1))]  # the width of a full line
    paragraphs = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        continues = len(prev) >= full - 2 and not prev.endswith(_PARAGRAPH_END) and not _HEADING_START.match(line)
        if continues:
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
    return paragraphs


def ocr_pdf(path: Path) -> list[list[str]]:
    """Lines of each page of a scanned PDF, by rapidocr (the ``ocr`` extra)."""
    try:
        import numpy as np
        import pypdfium2
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise UnreadableReport(
            f"{path}: a PDF without a text layer; OCR needs pip install 'fazhi_ie[ocr]' "
            "(rapidocr-onnxruntime ships its models, nothing is downloaded)"
        ) from None
    engine = RapidOCR()
    pages = []
    for page in pypdfium2.PdfDocument(str(path)):
        image = np.asarray(page.render(scale=200 / 72).to_pil().convert("RGB"))
        result, _ = engine(image)
        boxes = sorted(result or [], key=lambda r: (round(r[0][0][1] / 10), r[0][0][0]))  # rows, then left
        pages.append([text for _, text, _ in boxes])
    return pages


# --- Word ------------------------------------------------------------------------------------


def docx_to_text(path: str | Path) -> str:
    """Paragraphs and table rows (cells joined by a tab) of a .docx, in document order."""
    path = Path(path)
    docx = _need("docx", "formats", path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML and key errors on a damaged file
        raise UnreadableReport(f"{path}: not a readable .docx ({type(exc).__name__}: {exc})") from None
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))  # merged cells repeat
                lines.append("\t".join(cells))
    return "\n".join(lines)


def doc_to_text(path: str | Path) -> str:
    """A legacy .doc, converted to .docx by LibreOffice (``soffice``) when it is installed."""
    path = Path(path)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnreadableReport(f"{path}: a legacy .doc needs LibreOffice (soffice) to be read; save it as .docx")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run(
                [soffice, "--headless", "--convert-to", "docx", "--outdir", tmp, str(path)],
                check=True,
                capture_output=True,
                timeout=300,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise UnreadableReport(f"{path}: LibreOffice could not convert it ({exc})") from None
        converted = Path(tmp) / f"{path.stem}.docx"
        if not converted.is_file():
            raise UnreadableReport(f"{path}: LibreOffice wrote no .docx")
        return docx_to_text(converted)
