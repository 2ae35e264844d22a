"""Text -> paragraphs: one non-empty line of the source is one paragraph (ANNOTATION.md).

Paragraphs are (start, end) offsets into the caller's text, surrounding white space
trimmed, so spans found in a paragraph shift back into the original by adding ``start``.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")
_EDGE_SPACE = " \t\u3000\xa0\ufeff"


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Offsets of the non-empty lines of ``text`` (line breaks of any platform)."""
    out = []
    for m in _LINE.finditer(text):
        s, e = m.span()
        while s < e and (text[s] in _EDGE_SPACE or text[s].isspace()):
            s += 1
        while e > s and (text[e - 1] in _EDGE_SPACE or text[e - 1].isspace()):
            e -= 1
        if e > s:
            out.append((s, e))
    return out


_SENTENCE_END = re.compile(r"[。；;！？!?]")


def sentence_bounds(text: str) -> list[int]:
    """Sorted offsets where sentences end (exclusive), the text end included."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


#: The longest piece of a paragraph tagged at once: longer paragraphs (a 10 MB line) are cut at sentence
#: ends into pieces of at most this many characters, so that memory stays bounded whatever the input.
MAX_PIECE_CHARS = 20_000
_PIECE_END = re.compile(r"[。；;！？!?\n]")
_SOFT_END = re.compile(r"[，,、：:\s]")


def _NUMERIC(ch: str) -> bool:  # noqa: N802 - reads like the character class it is
    return ch.isdigit() or ch in "零〇一二两三四五六七八九十百千万亿点.,%％"


def bounded_pieces(view: str, start: int, end: int, limit: int = MAX_PIECE_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` cut into pieces of at most ``limit`` characters, each ending at a sentence end
    where there is one in the last quarter of the piece, else at a comma or space, else not inside a
    number (a number longer than that stays whole in a longer piece). A paragraph no longer than
    ``limit`` is one piece: ordinary reports are never cut."""
    pieces = []
    while end - start > limit:
        floor, cut = start + limit * 3 // 4, None
        for pattern in (_PIECE_END, _SOFT_END):
            found = [m.end() for m in pattern.finditer(view, floor, start + limit)]
            if found:
                cut = found[-1]
                break
        if cut is None:
            cut = start + limit
            while cut > floor and _NUMERIC(view[cut - 1]) and _NUMERIC(view[cut]):
                cut -= 1  # never inside a number (1.4万, 二十三)
            if cut == floor:  # a number longer than a quarter piece (a 100,000-digit one): keep it whole,
                cut = start + limit  # with its unit, up to the next comma or sentence end
                while cut < end and _NUMERIC(view[cut - 1]) and _NUMERIC(view[cut]):
                    cut += 1
                after = _SOFT_END.search(view, cut, min(end, cut + 100)) or _PIECE_END.search(view, cut, end)
                cut = after.end() if after else end
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces
