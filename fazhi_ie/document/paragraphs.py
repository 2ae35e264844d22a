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
