"""Input text: type checks, decoding of report files, and the matching view.

Rules and models read a *view* of the caller's string that has exactly the same length,
so every offset found in the view indexes the original: full-width digits and Latin
letters become ASCII, traditional characters become simplified ones (1:1 table),
HTML tags, entities and URLs are blanked out.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path


class DecodeError(ValueError):
    """A report file could not be decoded as text."""


def ensure_text(text: object) -> str:
    """Return ``text`` if it is a ``str``; raise a ``TypeError`` that says what to pass."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(
            "expected str, got bytes: decode it first, e.g. fazhi_ie.decode_bytes(data) or fazhi_ie.read_text(path)"
        )
    raise TypeError(f"expected str, got {type(text).__name__}")


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """Decode a report: BOM-marked UTF-8/16/32, then UTF-8, UTF-16 without BOM, GB18030.

    Raises ``DecodeError`` naming ``name`` for binary data or an unknown encoding.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"{name}: has a {encoding} byte-order mark but is not {encoding}") from exc
    if not data:
        return ""
    try:
        text = data.decode("utf-8")
        if "\x00" not in text:  # NULs: UTF-16 without BOM or binary data, checked below
            return text
    except UnicodeDecodeError:
        pass
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: NULs sit in every other byte for ASCII, and CJK text decodes cleanly
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text
        raise DecodeError(f"{name}: binary data (NUL bytes), not a text report")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"{name}: not UTF-8, UTF-16 or GB18030 text") from exc
    if not _looks_like_text(text):
        raise DecodeError(f"{name}: binary data, not a text report")
    return text


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for ch in text[:4096] if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad <= len(text[:4096]) // 100


def read_text(path: str | Path) -> str:
    """Read a report file in any of the encodings ``decode_bytes`` knows."""
    p = Path(path)
    return decode_bytes(p.read_bytes(), str(p))


# --- the matching view -------------------------------------------------------------

_MASK = re.compile(
    r"<[A-Za-z/!][^<>\n]{0,300}>"  # HTML/XML tags (bounded: no backtracking blow-up)
    r"|&(?:[A-Za-z]{2,8}|#\d{1,7}|#x[0-9A-Fa-f]{1,6});"  # entities
    r"|(?:https?|ftp)://[\x21-\x7e]{1,2000}"  # URLs
    r"|www\.[\x21-\x7e]{1,2000}"
)


@lru_cache(maxsize=1)
def _char_table() -> dict[int, str]:
    table = {0xFF01 + i: chr(0x21 + i) for i in range(94)}  # full-width ASCII
    table[0x3000] = " "
    for ch in "，。；：！？（）《》“”、":  # keep Chinese punctuation as it is
        table.pop(ord(ch), None)
    table[ord("（")] = "（"
    table[ord("）")] = "）"
    data = resources.files("fazhi_ie.lexicons").joinpath("traditional.txt").read_text("utf-8")
    for line in data.splitlines():
        if len(line) == 3 and line[1] == " ":
            table[ord(line[0])] = line[2]
    return table


def matching_view(text: str) -> str:
    """A same-length copy of ``text`` normalised for matching (see module docstring)."""
    view = text.translate(_char_table())
    if "<" in view or "&" in view or "://" in view or "www." in view:
        view = _MASK.sub(lambda m: " " * len(m.group()), view)
    assert len(view) == len(text)
    return view
