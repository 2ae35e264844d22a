"""Numbered headings (一、 > （一） > 1. > （1） > ① > 一是) and the heading path of every paragraph.

Markers are found in the matching view, titles are cut from the original text, so heading
titles keep the caller's characters. A heading holds until a sibling or a parent replaces it;
一是/二是 items hold only for their own stretch of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import BODY_ROLES, small_int

#: Heading levels from outermost to innermost; ``Heading.level`` indexes this tuple + 1.
HEADING_LEVELS = ("一、", "（一）", "1.", "（1）", "①", "一是")
ITEM_LEVEL = 6  # 一是/二是 items hold for their own stretch of text, never for the next paragraph
HEADING_LABEL_CHARS = 40  # heading paths show at most this many characters of a heading's title


@dataclass(frozen=True)
class Heading:
    """A numbered heading (一、… （一）… 1.… （1）… ①… 一是…) found in the body.

    ``start``/``end`` cover marker and title in the original text (the title ends at the
    first 。；：！？ or at the next 一是-style item); ``label`` is what heading paths show.
    """

    level: int
    number: int
    marker: str
    title: str
    start: int
    end: int

    @property
    def label(self) -> str:
        """Marker and title; a long title is cut at its first comma, else after 40 characters."""
        title = self.title
        if len(title) > HEADING_LABEL_CHARS:
            comma = min((i for i in (title.find("，"), title.find(",")) if i >= 4), default=-1)
            title = title[:comma] if 0 < comma <= HEADING_LABEL_CHARS else title[:HEADING_LABEL_CHARS] + "…"
        return self.marker + title


_CN = "一二三四五六七八九十"
_LEADING = (
    (1, re.compile(rf"([{_CN}]{{1,3}})\s*[、，,．.]")),
    (2, re.compile(rf"[（(]\s*([{_CN}]{{1,3}})\s*[）)]")),
    (3, re.compile(r"(\d{1,2})\s*[.、](?!\d)")),
    (4, re.compile(r"[（(]\s*(\d{1,2})\s*[）)]")),
    (5, re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩])")),
)
_ITEM = re.compile(rf"([{_CN}]{{1,3}})是")
_ITEM_BOUNDARY = "。；;：:！？!?，,、 \u3000"
_TITLE_END = re.compile(r"[。；;：:！？!?]")


def leading_heading(line: str) -> tuple[int, int, int, int] | None:
    """(level, number, marker end, title end) of a heading that starts ``line``."""
    for level, pattern in _LEADING:
        m = pattern.match(line)
        if m:
            number = small_int(next(g for g in m.groups() if g))
            if number is None:
                return None
            return level, number, m.end(), _title_end(line, m.end())
    return None


def _title_end(line: str, start: int, limit: int | None = None) -> int:
    limit = len(line) if limit is None else limit
    m = _TITLE_END.search(line, start, limit)
    return m.start() if m else limit


def _items(line: str) -> list[tuple[int, int]]:
    """(number, start) of the 一是/二是/… items of a line, in order.

    An item counts when it starts the line, when its marker follows punctuation, or when it
    continues the count (三是 right after 二是's text without a full stop); 一是 inside a
    word (统一是) is taken only to open the first count of the line, with 二是 after it.
    """
    found: list[tuple[int, int]] = []
    expected = 1
    for m in _ITEM.finditer(line):
        number = small_int(m.group(1))
        if number is None:
            continue
        at_boundary = m.start() == 0 or line[m.start() - 1] in _ITEM_BOUNDARY
        if m.start() == 0:  # 二是… opening a paragraph goes on from the paragraph before
            found, expected = [(number, 0)], number + 1
        elif number == 1 and (at_boundary or (not found and "二是" in line[m.end() :])):  # a count starts
            found.append((1, m.start()))
            expected = 2
        elif found and number == expected:
            found.append((number, m.start()))
            expected += 1
    return found


def heading_paths(text: str, view: str, spans: list[tuple[int, int]], roles: list[str]):
    """(headings, items) of every paragraph; headings persist until a sibling or parent.

    Markers are found in the view, titles are cut from the original text.
    """
    stack: list[Heading] = []
    out = []
    for (s, e), role in zip(spans, roles):
        if role not in BODY_ROLES:
            out.append(((), ()))
            continue
        line = view[s:e]
        item_marks = _items(line)
        own = leading_heading(line)
        if own is not None:
            level, number, marker_end, title_end = own
            if item_marks:  # (三)优化服务依法履职便企利民一是政务服务提质增效 : the title stops at 一是
                title_end = min(title_end, item_marks[0][1])
            heading = Heading(
                level,
                number,
                text[s : s + marker_end].strip(),
                text[s + marker_end : s + title_end].strip(),
                s,
                s + title_end,
            )
            stack = [h for h in stack if h.level < level] + [heading]
        items = []
        for k, (number, start) in enumerate(item_marks):
            stop = item_marks[k + 1][1] if k + 1 < len(item_marks) else len(line)
            end = _title_end(line, start + 2, stop)
            items.append(
                Heading(
                    ITEM_LEVEL,
                    number,
                    text[s + start : s + start + 2],
                    text[s + start + 2 : s + end].strip(),
                    s + start,
                    s + end,
                )
            )
        out.append((tuple(stack), tuple(items)))
    return out
