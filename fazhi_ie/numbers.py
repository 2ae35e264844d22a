"""Numbers as written in reports -> floats in base units, or no value and the reason why.

``parse_quantity("1.4万余")`` -> ``ParsedNumber(14000.0, "余")``. A value is either right or
absent: a surface that cannot be read with certainty raises ``NumberError`` (a ``ValueError``
whose ``reason`` says why) from ``parse_quantity``; ``read_quantity`` returns the same result
without raising (``value=None`` and ``error`` set), which is what the record linker uses.

What is read (after mapping traditional characters, full-width forms and the financial
numerals 壹贰叁… to their plain forms):

- Arabic digits with ``,`` thousands separators and a decimal point; Chinese numerals with
  零/〇 fillers, 两 and 点; a mix of both: ``7万5千4百`` = 75400, ``1亿5千万`` = 150000000,
  ``4.78万亿`` = 4.78e12. Magnitudes compose as in Chinese: 十百千 inside a group of four
  digits, 万 after them, 亿 after 万 (``万亿`` = 1e12). A digit after a magnitude
  stands for the next lower one only in Chinese (``一万二`` = 12000); in Arabic digits it
  must fill the places exactly (``3万2000`` = 32000, ``3万2`` has no value).
- a sign: ``负10000``/``-10000`` = -10000 (a decrease written in words stays positive).
- percentages in words (``百分之九十四点三``: ``is_percent``) and fractions, which are their
  ratio at full precision: ``三分之一``, ``千分之五``, ``3/5`` = 0.6.
- ranges keep their lower bound; a magnitude written once at the end is shared:
  ``3至5万`` = 30000, ``三十至五十万`` = 300000, but ``5千至1万`` = 5000.
- approximation marks inside the number (余, 多, and 几 right after a magnitude) give the
  ``qualifier`` and leave the value at its written lower bound: ``500余万`` = 5000000.

No value (``NumberError``) for anything else, e.g. 几 or 数 standing for a digit (``几十``),
adjacent digits that may be a range or digits read one by one (``七八``), magnitudes out of
order or repeated (``1.2亿万``, ``5百4千``), a decimal followed by more digits (``1.2亿5千万``),
a zero denominator, a range whose bounds are out of order, a surface longer than
``MAX_LENGTH`` characters or a value too large for a float (no ``inf``).

Pure Chinese numerals are cross-checked with cn2an where it reads them: a disagreement gives
no value. Everything is linear in the length of the surface (and cn2an only sees short ones).
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿"
MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
RANGE_SEPARATORS = "至到-~～—－–"
SIGNS = "负-"
#: Longer surfaces are not reported values (a 100,000-digit number): no value, and no work.
MAX_LENGTH = 64

_CN_VALUE = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "亿": 10**8}
# Financial numerals and variants -> plain ones (same length). Traditional characters and
# full-width forms come from the matching view's table (fazhi_ie.text).
_EXTRA = str.maketrans(
    {
        "壹": "一",
        "贰": "二",
        "貳": "二",
        "叁": "三",
        "參": "三",
        "肆": "四",
        "伍": "五",
        "陆": "六",
        "陸": "六",
        "柒": "七",
        "捌": "八",
        "玖": "九",
        "拾": "十",
        "佰": "百",
        "仟": "千",
        "○": "〇",
        "Ｏ": "〇",
        "−": "-",
        "﹣": "-",
        "．": ".",
        "﹒": ".",
        # a decimal point the layout wrote as a middle dot (价格上涨1·8%); the tagger takes it
        # as a point only between digits before a percent sign
        "·": ".",
        "・": ".",
    }
)
_CONTEXT = decimal.Context(prec=40, Emax=999_999, Emin=-999_999)


@lru_cache(maxsize=1)
def _approximations() -> str:
    """余, 多, 几 (``lexicons/approximations.txt`` [inside]): written inside a number, they qualify it."""
    from .lexicons import load

    return "".join(sorted(load().approx_inside.words))


@lru_cache(maxsize=1)
def _without_approximations() -> dict:
    return str.maketrans("", "", _approximations())


@dataclass(frozen=True)
class ParsedNumber:
    """A quantity read from its surface. ``value`` is None exactly when ``error`` says why."""

    value: float | None
    qualifier: str | None = None  # 余/多/几 written inside the number
    is_percent: bool = False  # 百分之… : the record's unit is "%"
    error: str | None = None  # why there is no value


class NumberError(ValueError):
    """A surface whose value cannot be read with certainty; ``reason`` says why."""

    def __init__(self, surface: str, reason: str):
        shown = surface if len(surface) <= 40 else surface[:20] + "…" + surface[-5:]
        super().__init__(f"cannot read number {shown!r}: {reason}")
        self.surface = surface
        self.reason = reason


class _Fail(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    from .text import _char_table

    table = dict(_char_table())
    table.update(_EXTRA)
    return table


def normalise(surface: str) -> str:
    """The plain form of a number surface: simplified, ASCII digits, same length."""
    return surface.translate(_table())


def parse_quantity(surface: str) -> ParsedNumber:
    """Value of a QUANTITY surface in base units (the magnitude is applied, the unit is not).

    Raises ``NumberError`` (a ``ValueError``) when the value cannot be read with certainty.
    """
    parsed = read_quantity(surface)
    if parsed.error is not None:
        raise NumberError(surface, parsed.error)
    return parsed


def read_quantity(surface: str) -> ParsedNumber:
    """Like ``parse_quantity`` but never raises: ``value=None`` and ``error`` instead."""
    s = "".join(normalise(surface).split())  # 4.5 万, 1 234: a space the layout put inside the number
    is_percent = s.lstrip(SIGNS).startswith("百分之")
    try:
        if not s:
            raise _Fail("empty quantity")
        if len(s) > MAX_LENGTH:
            raise _Fail(f"{len(s)} characters, too long for a reported value")
        value, qualifier = _read(s)
        result = float(value)
        if result != result or result in (float("inf"), float("-inf")):
            raise _Fail("too large for a float")
        if value != 0 and result == 0:
            raise _Fail("too small for a float")
    except _Fail as exc:
        return ParsedNumber(None, None, is_percent, exc.reason)
    except decimal.DecimalException:
        return ParsedNumber(None, None, is_percent, "too large for a float")
    return ParsedNumber(result, qualifier, is_percent)


def _read(s: str) -> tuple[Decimal, str | None]:
    sign, s = _sign(s)
    if not s:
        raise _Fail("a sign without a number")
    if s.startswith("百分之"):
        value, qualifier = _range(s[3:])
        return sign * value, qualifier
    if "分之" in s:
        den, num = s.split("分之", 1)
        return sign * _ratio(_plain(den), _plain(num)), None
    if "/" in s:
        num, _, den = s.partition("/")
        if not (_is_arabic(num) and _is_arabic(den)):
            raise _Fail("a fraction with a slash takes plain digits on both sides")
        return sign * _ratio(_plain(den), _plain(num)), None
    value, qualifier = _range(s, sign)
    return value, qualifier


def _sign(s: str) -> tuple[int, str]:
    if s and s[0] in SIGNS:
        if s[1:2] and s[1] in SIGNS:
            raise _Fail("two signs")
        return -1, s[1:]
    return 1, s


def _is_arabic(s: str) -> bool:
    return bool(s) and all(c.isascii() and (c.isdigit() or c in ".,") for c in s)


def _ratio(den: Decimal, num: Decimal) -> Decimal:
    if den == 0:
        raise _Fail("zero denominator")
    return _CONTEXT.divide(num, den)


def _plain(s: str) -> Decimal:
    """A number without sign, range or approximation (parts of a fraction)."""
    if not s:
        raise _Fail("a fraction without a number on one side")
    if any(c in _approximations() or c in RANGE_SEPARATORS or c in SIGNS for c in s):
        raise _Fail("a fraction takes plain numbers")
    return _number(s).value


def _range(s: str, sign: int = 1) -> tuple[Decimal, str | None]:
    """A number or a range (lower bound kept, the magnitude written once shared)."""
    cut = next((i for i, c in enumerate(s) if c in RANGE_SEPARATORS), -1)
    if cut < 0:
        n = _number(s)
        return sign * n.value, n.qualifier
    lower_text, upper_text = s[:cut], s[cut + 1 :]
    upper_sign, upper_text = _sign(upper_text) if upper_text else (1, "")
    if not lower_text or not upper_text:
        raise _Fail("a range without one of its bounds")
    if any(c in RANGE_SEPARATORS for c in upper_text):
        raise _Fail("more than one range separator")
    lower, upper = _number(lower_text), _number(upper_text)
    low, high = sign * lower.value, upper_sign * upper.value
    if not lower.has_big and upper.has_magnitude:
        # 3至5万, 三十至五十万, 三至五千: the magnitude written once at the end is shared …
        if not lower.has_magnitude:
            suffix = upper.shared_run
            if not suffix:
                raise _Fail("the range does not say which magnitude its lower bound has")
        else:
            suffix = upper.shared_run.lstrip("十百千")
        if suffix:
            shared = sign * _number(lower_text + suffix).value
            if shared <= high:
                low = shared
            elif not lower.has_magnitude:
                raise _Fail("range bounds out of order")
            # … unless that puts it above the upper bound: 5千至1万 is 5000
    if low > high:
        raise _Fail("range bounds out of order")
    return low, lower.qualifier


@dataclass
class _Number:
    value: Decimal
    qualifier: str | None
    has_magnitude: bool  # any of 十百千万亿
    has_big: bool  # 万 or 亿
    shared_run: str  # the magnitudes after the only digits: 5万 -> 万, 五十万 -> 十万; else ""


def _tokens(s: str) -> list[tuple[str, object]]:
    """('num', (value, 'arabic' or 'cn', text)), ('zero', None), ('mag', ch), ('approx', ch), ('point', fraction)."""
    out: list[tuple[str, object]] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c.isascii() and c.isdigit():
            j = i
            while j < n and s[j].isascii() and (s[j].isdigit() or s[j] in ",."):
                j += 1
            out.append(("num", (_arabic(s[i:j]), "arabic", s[i:j])))
            i = j
        elif c in _CN_VALUE:
            j = i
            while j < n and s[j] in _CN_VALUE:
                j += 1
            run = s[i:j]
            if i == 0 and j == n or i == 0 and s[j : j + 1] == "点":
                out.append(("num", (_cn_digits(run), "cn", run)))  # 二〇二三, 零点五
            else:
                k = 0
                while k < len(run) and run[k] in "零〇":
                    k += 1
                if k > 1:
                    raise _Fail("several 零 in a row")
                if k:
                    out.append(("zero", None))
                if k < len(run):
                    digits = run[k:]
                    if len(digits) > 1:
                        raise _Fail(f"adjacent digits {digits!r}: a range or digits read one by one")
                    out.append(("num", (Decimal(_CN_VALUE[digits]), "cn", digits)))
            i = j
        elif c in MAGNITUDES:
            out.append(("mag", c))
            i += 1
        elif c in _approximations():
            out.append(("approx", c))
            i += 1
        elif c == "点":
            j = i + 1
            while j < n and s[j] in _CN_VALUE and s[j] != "两":
                j += 1
            if j == i + 1:
                raise _Fail("点 without digits after it")
            out.append(("point", _cn_digits("0" + s[i + 1 : j], point=True)))
            i = j
        elif c == "数":
            raise _Fail("数 stands for an unknown digit")
        else:
            raise _Fail(f"unexpected character {c!r}")
    return out


def _arabic(text: str) -> Decimal:
    whole, point, frac = text.partition(".")
    if point and (not frac or not frac.isdigit()):
        raise _Fail(f"malformed decimal {text!r}")
    if "," in whole:
        groups = whole.split(",")
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise _Fail(f"misplaced thousands separator in {text!r}")
        whole = "".join(groups)
    if not whole.isdigit():
        raise _Fail(f"malformed number {text!r}")
    return Decimal(whole + point + frac)


def _cn_digits(run: str, point: bool = False) -> Decimal:
    """Digits read one by one: 二〇二三 -> 2023; after 点: 0.三 -> 0.3."""
    if point:
        return Decimal("0." + "".join(str(_CN_VALUE[c]) for c in run[1:]))
    if len(run) == 2 and run[0] == "零" and run[1] not in "零〇":
        return Decimal(_CN_VALUE[run[1]])  # 一年零九个月: 零 joins the 9 to what comes before
    if "两" in run and len(run) > 1:
        raise _Fail("两 in digits read one by one")
    if 1 < len(run) < 3:
        raise _Fail(f"adjacent digits {run!r}: a range or digits read one by one")
    if len(run) > 1 and run[0] in "零〇":
        raise _Fail(f"digits read one by one with a leading zero {run!r}")
    return Decimal("".join(str(_CN_VALUE[c]) for c in run))


def _number(s: str) -> _Number:
    """One number: digits, magnitudes and at most one approximation mark."""
    tokens = _tokens(s)
    if not any(kind in ("num", "mag") for kind, _ in tokens):
        raise _Fail("no digits")
    total = Decimal(0)  # committed at 亿
    wan: Decimal | None = None  # committed at 万 within the current 亿 group
    section = Decimal(0)  # below 万
    pending: Decimal | None = None  # the last digits, waiting for their magnitude
    pending_kind = pending_text = ""
    last_small = 10**4  # magnitudes inside a section must decrease: 千 > 百 > 十
    prev = ""  # kind of the previous token
    last_mag = ""  # the last magnitude written
    stacked = False  # it followed another magnitude (十万, 千万, 万亿, 千余万)
    after_zero = False  # 零 stands between the last magnitude and the pending digits
    zero_after_yi = False  # 1亿零5千
    decimal_seen = False
    qualifier = None
    yi_seen = False
    nums = 0
    run = ""  # magnitudes written since the last digits

    for kind, val in tokens:
        if qualifier is not None and not (kind == "mag" and val in _BIG):
            raise _Fail("digits or 十百千 after an approximation mark")
        if kind == "num":
            value, pending_kind, pending_text = val
            if pending is not None:
                raise _Fail("two numbers in a row")
            if decimal_seen:
                raise _Fail("more digits after a decimal number")
            pending = value
            decimal_seen = value != value.to_integral_value()
            nums += 1
            run = ""
        elif kind == "point":
            whole = pending is not None and pending_kind == "cn" or pending is None and prev == "mag"
            if not whole or total or wan is not None:
                raise _Fail("点 without a whole number before it, or after 万/亿")
            pending = section + (pending or 0) + val  # 九十四点三, 十点二
            pending_text = ""
            section = Decimal(0)
            last_small = 10**4
            last_mag = ""
            decimal_seen = True
        elif kind == "zero":
            if prev != "mag":
                raise _Fail("零 in an unexpected place")
            after_zero = True
            zero_after_yi = zero_after_yi or last_mag == "亿"
        elif kind == "approx":
            if val == "几" and prev != "mag":
                raise _Fail("几 stands for an unknown digit")
            if prev not in ("num", "mag", "point"):
                raise _Fail(f"{val} in an unexpected place")
            qualifier = val  # the digits before the mark keep their place: 500余万, 30余
        else:  # a magnitude
            if prev == "zero":
                raise _Fail(f"零 right before {val}")
            started = bool(nums or last_mag)
            m = MAGNITUDES[val]
            if val in _SMALL:
                if pending is None:
                    if started:
                        raise _Fail(f"{val} without a digit before it")
                    pending = Decimal(1)  # 十二, 百余, 千万: a bare magnitude at the start
                elif pending <= 0:
                    raise _Fail(f"0 before {val}")
                elif pending >= 10 and (section or wan is not None or yi_seen):
                    raise _Fail(f"{pending_text or pending} before {val} inside a larger number")  # 1万12千
                if m >= last_small:
                    raise _Fail("十百千 out of order")
                section += pending * m
                last_small = m
            else:
                group = (wan or 0) + section + (pending or 0) if val == "亿" else section + (pending or 0)
                if val == "万" and wan is not None or val == "亿" and yi_seen:
                    raise _Fail(f"{val} twice")
                if pending is None and section == 0 and (val == "万" or wan is None):
                    if started:
                        raise _Fail(f"{val} without a number before it")
                    group = Decimal(1)  # 万余, 亿
                if val == "万":
                    if yi_seen and group >= 10**4:
                        raise _Fail("too many digits before 万 after 亿")
                    wan = group * m
                else:
                    total, wan, yi_seen = group * m, None, True
                section = Decimal(0)
                last_small = 10**4
            stacked = prev == "mag" or prev == "approx" and pending is None
            pending = None
            after_zero = False
            last_mag = val
            run += val
        prev = kind
    if prev == "zero":
        raise _Fail("零 at the end")

    tail = Decimal(0)
    if pending is not None:
        tail = _tail(pending, pending_kind, pending_text, last_mag, stacked, after_zero)
        if last_mag and tail >= MAGNITUDES[last_mag]:
            raise _Fail(f"digits after {last_mag} too large")
    if yi_seen and wan is None and section and not zero_after_yi:
        raise _Fail("1亿5千 may be 1亿5千万: write 零 or 万")
    value = total + (wan or 0) + section + tail
    _cross_check(s, value)
    return _Number(
        value,
        qualifier,
        bool(last_mag) or yi_seen or wan is not None,
        yi_seen or wan is not None,
        run if nums == 1 and pending is None else "",
    )


def _tail(pending: Decimal, kind: str, text: str, last_mag: str, stacked: bool, after_zero: bool) -> Decimal:
    """The digits written last, after the last magnitude (or alone)."""
    if not last_mag or after_zero:
        return pending  # 78, 1.5, 一千零五
    if pending != pending.to_integral_value():
        raise _Fail("a decimal after a magnitude")
    m = MAGNITUDES[last_mag]
    if kind == "cn":
        if last_mag == "十":
            return pending  # 二十五
        if stacked:
            raise _Fail(f"a digit after {last_mag} that follows another magnitude")
        return pending * m / 10  # 一万二 = 12000, 三千五 = 3500
    # Arabic digits after a magnitude must fill its places: 3万2000, not 3万2
    if len(text) != len(str(m)) - 1 or stacked:
        raise _Fail(f"{text} after {last_mag} is ambiguous")
    return pending


@lru_cache(maxsize=4096)
def _cn2an(text: str) -> float | None:
    """cn2an's reading of a Chinese numeral, or None where it has none."""
    try:
        return float(cn2an.cn2an(text, "smart"))
    except Exception:  # noqa: BLE001 - whatever cn2an raises, it has no reading to compare
        return None


def _cross_check(s: str, value: Decimal) -> None:
    """Where cn2an reads a pure Chinese numeral, its reading must agree with the grammar's.

    cn2an alone guesses (七八 -> 78, 零五 -> 5, 一万零 -> 10000, 二点 -> 2, and it drops the 零
    that 1亿零5千 needs); the grammar rejects those before this check. A disagreement on a
    numeral that both read means one of them is wrong, so there is no value.
    """
    s = s.translate(_without_approximations())  # 二十余万: the mark does not change the value
    if not s or len(s) > 32 or not all(c in CN_NUMERAL_CHARS or c == "点" for c in s):
        return
    if s[0] in "百千万亿":  # cn2an does not read bare magnitudes (千万, 万亿)
        return
    theirs = _cn2an(s)
    if theirs is not None and abs(theirs - float(value)) > 1e-9 * max(1.0, abs(float(value))):
        raise _Fail(f"cn2an reads {theirs:g}, the grammar {float(value):g}")
