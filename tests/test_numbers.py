"""parse_quantity: the surface of a QUANTITY -> its value in base units (ANNOTATION.md, "Records")."""

from __future__ import annotations

import pytest

from fazhi_ie.numbers import parse_quantity

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


def test_huge_numbers_are_infinite_not_an_error():
    assert parse_quantity("9" * 100_000).value == float("inf")
    assert parse_quantity("九" * 100).value == float("inf")
