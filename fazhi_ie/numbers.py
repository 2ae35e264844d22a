"""Numbers as written in reports -> floats in base units.

``parse_quantity("1.4万余")`` -> ``ParsedNumber(14000.0, "余")``. Chinese numerals are
handed to cn2an (a maintained converter); Arabic digits, magnitudes (万, 亿), ranges
(lower bound kept) and word percentages/fractions are handled here because cn2an
does not know them. Everything is linear in the length of the surface.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from .lexicons import load as load_lexicons

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿"
MAGNITUDES = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}
RANGE_SEPARATORS = "至到-~～—－–"

# Full-width digits and punctuation that may appear inside a number.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_RANGE_SPLIT = re.compile("[" + re.escape(RANGE_SEPARATORS) + "]")


@dataclass(frozen=True)
class ParsedNumber:
    value: float
    qualifier: str | None = None  # 余/多 written inside the number
    is_percent: bool = False  # 百分之… : the record's unit is "%"


def _cn_to_float(text: str) -> float:
    """Chinese numeral string (may contain 点) -> float via cn2an."""
    text = text.replace("〇", "零")
    if len(text) > 64:  # far beyond any real count; cn2an would be slow and meaningless
        return float("inf")
    if text and text[0] in "十百千万亿" and text[0] != "十":
        text = "一" + text
    return float(cn2an.cn2an(text, "smart"))


def _base_to_float(text: str) -> float:
    """One number without range or approximation: '1.4万', '三千五百', '40万', '1,234'."""
    text = text.replace(",", "")
    m = _ARABIC.match(text)
    if m:
        digits = m.group()
        rest = text[m.end() :]
        try:
            value = float(digits)  # huge strings give inf, never an exception
        except OverflowError:  # pragma: no cover - float() returns inf instead
            value = float("inf")
        for ch in rest:
            value *= MAGNITUDES.get(ch, 1.0)
        return value
    return _cn_to_float(text)


def parse_quantity(surface: str) -> ParsedNumber:
    """Value of a QUANTITY surface in base units (the magnitude is applied, the unit is not).

    Raises ``ValueError`` for text that holds no number.
    """
    s = surface.translate(_FULLWIDTH).strip()
    if not s:
        raise ValueError("empty quantity")
    try:
        if s.startswith("百分之"):
            return ParsedNumber(_cn_or_arabic(s[3:]), None, True)
        if "分之" in s:
            den, num = s.split("分之", 1)
            d = _cn_or_arabic(den)
            return ParsedNumber(_cn_or_arabic(num) / d if d else float("inf"))
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise ValueError(f"cannot read number {surface!r}") from exc
    qualifier = None
    for q in sorted(load_lexicons().approx_inside.words):  # 余/多 written inside the number
        if q in s:
            qualifier = q
            s = s.replace(q, "")
    lower = _RANGE_SPLIT.split(s, maxsplit=1)[0]  # a range keeps its lower bound
    if not lower:
        raise ValueError(f"no number in {surface!r}")
    # '3至5万' : the magnitude written once at the end applies to the lower bound too
    if lower != s and lower[-1] not in MAGNITUDES and s[-1] in "万亿":
        lower += s[-1]
    try:
        return ParsedNumber(_base_to_float(lower), qualifier)
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"cannot read number {surface!r}") from exc


def _cn_or_arabic(text: str) -> float:
    if not text:
        raise ValueError("no digits")
    return _base_to_float(text) if text[:1].isdigit() else _cn_to_float(text)
