"""parse_quantity: the surface of a QUANTITY -> its value in base units (ANNOTATION.md, "Records").

A value is right or absent (issue 13): surfaces that cannot be read with certainty give no value
and a reason, never a guess.
"""

from __future__ import annotations

import pytest

from fazhi_ie.numbers import parse_quantity, read_quantity

VALUES = [
    # Arabic digits, separators, decimals
    ("78", 78),
    ("0", 0),
    ("3,200", 3200),
    ("1,234,567", 1234567),
    ("12.5", 12.5),
    ("0.5", 0.5),
    ("661.72", 661.72),
    # full-width digits and point
    ("１２３", 123),
    ("９８．５", 98.5),
    ("１．５万", 15000),
    # magnitudes
    ("1.4万", 14000),
    ("661.72万", 6617200),
    ("10.8亿", 1.08e9),
    ("3000万", 3e7),
    ("1万亿", 1e12),
    ("１０万", 100000),
    # approximations inside the number (the qualifier is tested below)
    ("30余", 30),
    ("5000余", 5000),
    ("100多", 100),
    ("40余万", 400000),
    ("1.4万余", 14000),
    ("5亿余", 5e8),
    ("１２万余", 120000),
    # ranges keep the lower bound; a magnitude written once applies to both ends
    ("3至5", 3),
    ("3-5", 3),
    ("3~5", 3),
    ("3到5", 3),
    ("3~5万", 30000),
    ("1.2万至1.5万", 12000),
    # Chinese numerals, 两, 零, 〇
    ("三千", 3000),
    ("十", 10),
    ("十二", 12),
    ("二十", 20),
    ("一百零八", 108),
    ("三千五百", 3500),
    ("两千", 2000),
    ("两百五十", 250),
    ("两千零五十", 2050),
    ("一千零五", 1005),
    ("十万", 100000),
    ("二〇二三", 2023),
    ("零点五", 0.5),
    ("十余", 10),
    ("二十余万", 200000),
    ("六十多", 60),
    ("一百多万", 1e6),
    ("两万余", 20000),
    ("千", 1000),
    # percentages and fractions in words
    ("百分之九十四点三", 94.3),
    ("百分之九十八", 98),
    ("百分之百", 100),
    ("百分之五", 5),
    ("百分之九十九点九", 99.9),
    ("三分之一", 1 / 3),
    ("五分之二", 0.4),
    ("2分之1", 0.5),
    ("十分之三", 0.3),
]


@pytest.mark.parametrize(("surface", "value"), VALUES)
def test_value(surface, value):
    assert parse_quantity(surface).value == pytest.approx(value, rel=1e-12)


def test_fraction_keeps_full_precision():
    assert parse_quantity("三分之一").value == 1 / 3


@pytest.mark.parametrize(
    ("surface", "qualifier"),
    [
        ("30余", "余"),
        ("100多", "多"),
        ("40余万", "余"),
        ("1.4万余", "余"),
        ("六十多", "多"),
        ("78", None),
        ("1.4万", None),
        ("3至5", None),
    ],
)
def test_qualifier_inside_the_number(surface, qualifier):
    assert parse_quantity(surface).qualifier == qualifier


@pytest.mark.parametrize(
    ("surface", "is_percent"),
    [
        ("百分之九十四点三", True),
        ("百分之百", True),
        ("94.3", False),
        ("三分之一", False),
        ("九十四", False),
    ],
)
def test_percent_in_words_is_flagged(surface, is_percent):
    assert parse_quantity(surface).is_percent is is_percent


NOT_NUMBERS = ["", " ", "abc", "件", "%", ",", "..", "余", "多", "至5", "数", "hello"]


@pytest.mark.parametrize("surface", NOT_NUMBERS)
def test_not_a_number_raises_value_error(surface):
    with pytest.raises(ValueError):
        parse_quantity(surface)


@pytest.mark.parametrize(
    "surface",
    [
        "abc",
        "件",
        "至5",
        "百分之",
        "三分之",
    ],
)
def test_value_error_names_the_surface(surface):
    with pytest.raises(ValueError, match=surface):
        parse_quantity(surface)


# --- issue 13: every surface below was read wrong, without an error, before the fix ----------------
# (surface, value, qualifier); simplified and traditional / full-width script.
FIXED = [
    # digits mixed with several magnitudes: 千/百 after 万, 万 after 亿
    ("7万5千4百", 75400, None),
    ("7萬5千4百", 75400, None),
    ("７万５千４百", 75400, None),
    ("5亿1万4千6百", 500014600, None),
    ("5億1萬4千6百", 500014600, None),
    ("1亿5千万", 150000000, None),
    ("1億5千萬", 150000000, None),
    ("3万2千", 32000, None),
    ("3萬2千", 32000, None),
    ("3万2000", 32000, None),
    ("1亿零5千", 100005000, None),
    ("12千5百", 12500, None),
    # a magnitude in traditional script (萬/億) was ignored
    ("661.72萬", 6617200, None),
    ("3.5億", 350000000, None),
    ("10.8億", 1080000000, None),
    ("4.78萬億", 4.78e12, None),
    # Chinese decimals before a magnitude
    ("一点五万", 15000, None),
    ("一點五萬", 15000, None),
    ("十二点五万", 125000, None),
    ("四点七八万亿", 4.78e12, None),
    # a written minus sign
    ("负10000", -10000, None),
    ("負10000", -10000, None),
    ("-3.5", -3.5, None),
    ("－５", -5, None),
    ("负3.5亿", -350000000, None),
    ("负5至负3", -5, None),
    # slash fractions are their ratio
    ("3/5", 0.6, None),
    ("1/3", 1 / 3, None),
    ("３／５", 0.6, None),
    ("1/4", 0.25, None),
    # approximation marks inside the number, in any script (几 right after a magnitude)
    ("500余萬", 5000000, "余"),
    ("500餘萬", 5000000, "余"),
    ("1.4萬餘", 14000, "余"),
    ("1亿5千余万", 150000000, "余"),
    ("1億5千餘萬", 150000000, "余"),
    ("萬餘", 10000, "余"),
    ("十几", 10, "几"),
    ("二十几万", 200000, "几"),
    ("十幾", 10, "几"),
    # ranges: the magnitude written once is shared, in any script
    ("三千至五千万", 30000000, None),
    ("3至5萬", 30000, None),
    ("百分之三十至四十", 30, None),
]


@pytest.mark.parametrize(("surface", "value", "qualifier"), FIXED)
def test_issue13_value_and_qualifier(surface, value, qualifier):
    parsed = parse_quantity(surface)
    assert (parsed.value, parsed.qualifier) == (pytest.approx(value, rel=1e-12), qualifier)


def test_exact_values_without_float_noise():
    """Magnitudes are applied exactly: 661.72萬 is 6617200, not 661.72 nor 6617200.000000001."""
    assert parse_quantity("661.72萬").value == 6617200
    assert parse_quantity("4.78萬億").value == 4780000000000
    assert parse_quantity("1/3").value == 1 / 3


# Every magnitude alone, after Arabic and Chinese digits, stacked, in both scripts (most of them
# were right before; 5十, 2万3千4百5十6, 1万2千亿 and 一亿二 were not).
MAGNITUDE_TABLE = [
    ("十", 10),
    ("百", 100),
    ("千", 1000),
    ("万", 1e4),
    ("亿", 1e8),
    ("十万", 1e5),
    ("百万", 1e6),
    ("千万", 1e7),
    ("万亿", 1e12),
    ("十亿", 1e9),
    ("5十", 50),
    ("5百", 500),
    ("5千", 5000),
    ("5万", 5e4),
    ("5亿", 5e8),
    ("5千万", 5e7),
    ("5百万", 5e6),
    ("5万亿", 5e12),
    ("五十", 50),
    ("五百", 500),
    ("五千", 5000),
    ("五万", 5e4),
    ("五亿", 5e8),
    ("五十万", 5e5),
    ("五千亿", 5e11),
    ("五万亿", 5e12),
    ("五億", 5e8),
    ("五萬", 5e4),
    ("兩萬", 20000),
    ("伍佰", 500),
    ("伍仟", 5000),
    ("拾", 10),
    ("壹萬貳仟", 12000),
    ("百分之九十八點五", 98.5),
    ("负一万", -10000),
    # groups: 万 group then the units, 亿 group then the 万 group
    ("一万二千三百四十五", 12345),
    ("一亿二千三百四十五万六千七百八十九", 123456789),
    ("三万零五", 30005),
    ("一亿零二", 100000002),
    ("五亿零一万四千六百", 500014600),
    ("2万3千4百5十6", 23456),
    ("1万2千亿", 1.2e12),
    # a digit after a magnitude stands for the next lower one in Chinese only
    ("一万二", 12000),
    ("三千五", 3500),
    ("一百二", 120),
    ("一亿二", 1.2e8),
    ("二十五", 25),
    # 零 joining a digit to what comes before (一年零九个月); Chinese decimals after a magnitude
    ("零九", 9),
    ("十点二", 10.2),
    ("百分之十点二", 10.2),
]


@pytest.mark.parametrize(("surface", "value"), MAGNITUDE_TABLE)
def test_magnitudes(surface, value):
    assert parse_quantity(surface).value == pytest.approx(value, rel=1e-12)


# --- no value, and a reason: cannot be read with certainty -------------------------------------------
# Each gave a (wrong) value before the fix.
NO_VALUE = [
    "1.2亿万",
    "1.2億萬",  # 万 after 亿 with nothing before it
    "7万5",
    "3万2",
    "1亿5000",
    "1万20000",  # digits after a magnitude that do not fill its places
    "1亿5千",
    "1億5千",  # may be 1亿5千万
    "1.2亿5千万",  # a decimal followed by more digits
    "5百4千",
    "1万12千",  # magnitudes out of order / too large a digit inside a larger number
    "七八",
    "两三",
    "〇五",  # a range (七八 = 7 or 8) or digits read one by one
    "一万零",
    "二点",  # a dangling 零 or 点
    "8至5万",
    "5-3",  # range bounds out of order
    "3/0",
    "零分之一",  # zero denominator
    "9" * 400,
    "9" * 100_000,
    "九" * 100,  # not a reported value (and no inf)
]


@pytest.mark.parametrize("surface", NO_VALUE, ids=lambda s: s if len(s) < 20 else f"{s[0]}x{len(s)}")
def test_no_value_rather_than_a_guess(surface):
    with pytest.raises(ValueError, match="cannot read number"):
        parse_quantity(surface)


@pytest.mark.parametrize(
    ("surface", "reason"),
    [
        ("1.2亿万", "万 without a number"),
        ("7万5", "ambiguous"),
        ("1亿5千", "1亿5千万"),
        ("几十", "unknown digit"),
        ("数十", "unknown digit"),
        ("三百几十", "approximation"),
        ("七八", "adjacent digits"),
        ("8至5万", "out of order"),
        ("3/0", "zero denominator"),
        ("9" * 100_000, "too long"),
        ("5百4千", "out of order"),
    ],
    ids=lambda s: s if len(s) < 20 else f"{s[0]}x{len(s)}",
)
def test_read_quantity_gives_the_reason_instead_of_a_value(surface, reason):
    parsed = read_quantity(surface)
    assert parsed.value is None and reason in parsed.error


def test_read_quantity_keeps_percent_and_has_no_error_for_a_value():
    assert read_quantity("百分之三十至四十").error is None
    assert read_quantity("百分之几十").is_percent and read_quantity("百分之几十").value is None


def test_a_disagreement_with_cn2an_gives_no_value(monkeypatch):
    import fazhi_ie.numbers as numbers

    monkeypatch.setattr(numbers, "_cn2an", lambda text: 3001.0)
    parsed = numbers.read_quantity("三千")
    assert parsed.value is None and "cn2an" in parsed.error
    assert numbers.read_quantity("3千").value == 3000  # digits are not handed to cn2an


def test_long_surfaces_are_linear():
    import time

    t = time.perf_counter()
    for surface in ("9" * 1_000_000, "九" * 1_000_000, "1万" * 500_000, "负" * 1_000_000):
        assert read_quantity(surface).value is None
    assert time.perf_counter() - t < 5
