"""Input text: type checks, decoding of report files, and the matching view.

Rules and models read a *view* of the caller's string that has exactly the same length,
so every offset found in the view indexes the original: full-width digits and Latin
letters become ASCII, traditional characters become simplified ones (1:1 table),
HTML tags, entities and URLs are blanked out, and so are invisible characters (zero-width and
bidi format characters, NUL and other controls, lone surrogates); ASCII double quotes become “ ” in pairs.
"""

from __future__ import annotations

import codecs
import re
import threading
import unicodedata
import warnings
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple


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


class Decoded(NamedTuple):
    """A decoded report file: its text, the encoding used and the byte ranges replaced by U+FFFD."""

    text: str
    encoding: str
    replaced: tuple[tuple[int, int], ...] = ()


#: Encodings a Chinese report is tried in when it is not UTF-8 (charset-normalizer's guess first).
FALLBACK_ENCODINGS = ("gb18030", "big5", "utf-16-le", "utf-16-be")
_GUESSABLE = {
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "hz": None,
    "big5": "big5",
    "big5hkscs": "big5hkscs",
    "cp950": "cp950",
}
MAX_REPLACED_SHARE = 0.01  # UTF-8 with at most 1% bad bytes keeps its text, with U+FFFD for the bad bytes
_replaced_ranges = threading.local()


def _record_replacement(exc: UnicodeDecodeError) -> tuple[str, int]:
    _replaced_ranges.found.append((exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error("fazhi_ie.record", _record_replacement)


def _decode_replacing(data: bytes, encoding: str) -> Decoded:
    _replaced_ranges.found = []
    text = data.decode(encoding, errors="fazhi_ie.record")
    return Decoded(text, encoding, tuple(_replaced_ranges.found))


def decode_report(data: bytes, name: str = "<bytes>") -> Decoded:
    """Decode a report file: BOM, UTF-8, UTF-16 without BOM, GB18030, Big5 (charset-normalizer's guess
    for long texts first); UTF-8 with a few bad bytes keeps its text with U+FFFD in their place.

    Raises ``DecodeError`` naming ``name`` for binary data or text in no known encoding.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            decoded = _decode_replacing(data[len(bom) :], encoding)
            if len(decoded.replaced) > MAX_REPLACED_SHARE * len(data):
                raise DecodeError(f"{name}: has a {encoding} byte-order mark but is not {encoding}")
            shift = len(bom)
            return decoded._replace(replaced=tuple((s + shift, e + shift) for s, e in decoded.replaced))
    if not data:
        return Decoded("", "utf-8")
    try:
        text = data.decode("utf-8")
        if "\x00" not in text:  # NULs: UTF-16 without BOM or binary data, checked below
            return Decoded(text, "utf-8")
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
                return Decoded(text, encoding)
        raise DecodeError(f"{name}: binary data (NUL bytes), not a text report")
    mostly_utf8 = _decode_replacing(data, "utf-8")
    if "\x00" not in mostly_utf8.text and len(mostly_utf8.replaced) <= MAX_REPLACED_SHARE * len(data):
        return mostly_utf8
    for encoding in _candidates(data):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text) and _plausible_chinese(text):
            return Decoded(text, encoding)
    raise DecodeError(f"{name}: not text in UTF-8, UTF-16, GB18030 or Big5 (binary data, or another encoding)")


def _candidates(data: bytes) -> list[str]:
    """charset-normalizer's guess (only reliable on longer texts) before the fallbacks."""
    out = []
    if len(data) >= 200:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
        guess = _GUESSABLE.get(best.encoding) if best is not None else None
        if guess:
            out.append(guess)
    return out + [e for e in FALLBACK_ENCODINGS if e not in out]


def _plausible_chinese(text: str) -> bool:
    """Mostly CJK ideographs, CJK and full-width punctuation, ASCII and white space: not a misdecoding."""
    sample = text[:4096]
    ok = sum(
        1
        for ch in sample
        if ch.isspace()
        or " " <= ch <= "~"
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or ch in "“”‘’—…·"
    )
    return ok >= 0.95 * len(sample)


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """The text of a report file's bytes (see ``decode_report``); warns when bytes were replaced."""
    decoded = decode_report(data, name)
    if decoded.replaced:
        warnings.warn(replacement_message(name, decoded), stacklevel=2)
    return decoded.text


def replacement_message(name: str, decoded: Decoded, limit: int = 5) -> str:
    where = ", ".join(f"{s}" if e == s + 1 else f"{s}-{e - 1}" for s, e in decoded.replaced[:limit])
    more = f" and {len(decoded.replaced) - limit} more" if len(decoded.replaced) > limit else ""
    return (
        f"{name}: {len(decoded.replaced)} undecodable byte sequence(s) in {decoded.encoding} replaced by U+FFFD "
        f"at byte offset(s) {where}{more}"
    )


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    bad = sum(1 for ch in text[:4096] if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad <= len(text[:4096]) // 100


def read_decoded(path: str | Path) -> Decoded:
    """Read and decode a report file (see ``decode_report``)."""
    p = Path(path)
    return decode_report(p.read_bytes(), str(p))


def read_text(path: str | Path) -> str:
    """Read a report file in any of the encodings ``decode_report`` knows; warns when bytes were replaced."""
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
    for code in _invisible_code_points():
        table[code] = " "
    return table


def _invisible_code_points() -> list[int]:
    """Format characters (zero-width space, joiners, bidi controls, BOM …), control characters that break
    no line (NUL …) and lone surrogates: blank in the view, so that they never sit inside a span or
    between a number and its unit, and a tokenizer never sees them. Line breaks stay (paragraphs)."""
    keep = {ord(c) for c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}
    codes = [c for c in range(0x10000) if unicodedata.category(chr(c)) in ("Cf", "Cc", "Cs") and c not in keep]
    return codes + [c for c in range(0xE0000, 0xE0080) if unicodedata.category(chr(c)) == "Cf"]


def matching_view(text: str) -> str:
    """A same-length copy of ``text`` normalised for matching (see module docstring)."""
    view = text.translate(_char_table())
    if "<" in view or "&" in view or "://" in view or "www." in view:
        view = _MASK.sub(lambda m: " " * len(m.group()), view)
    if '"' in view:
        view = _pair_quotes(view)
    assert len(view) == len(text)
    return view


def _pair_quotes(view: str) -> str:
    """ASCII double quotes (and full-width ones, already ASCII here) read as “ ” line by line, the marks
    every rule and the model know: 推行"一站式"办案模式 reads as 推行“一站式”办案模式. A quote closes the
    mark open before it, curly or not (推进“放管服"改革); an odd last one of a line stays as it is. One
    pass: linear in the text."""
    chars = list(view)
    opened: int | None = None  # where the open ASCII quote of this line is, or -1 for an open “
    for i, ch in enumerate(view):
        if ch == "\n":
            opened = None
        elif ch == "“":
            opened = -1
        elif ch == "”":
            opened = None
        elif ch == '"':
            if opened is None:
                opened = i
            else:
                if opened >= 0:
                    chars[opened] = "“"
                chars[i] = "”"
                opened = None
    return "".join(chars)
