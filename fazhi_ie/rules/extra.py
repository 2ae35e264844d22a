"""Lexicon sections the rules read beyond ``fazhi_ie.lexicon.Lexicons``.

They were added for reports of other governments (city work reports, statistical
communiqués). Like every lexicon they are data: plain sections of the files in
``fazhi_ie/lexicons``, read once per process.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import WordSet, read_sections


@dataclass(frozen=True)
class Extra:
    small_count_units: WordSet  # 一/两 before these is a count: 两次, 一倍
    streak_units: WordSet  # 连续两年, 连续两个…: counted after 连续
    cn_name_units: WordSet  # 二期工程: after a Chinese numeral, a phase, never a count
    name_after: WordSet  # 75周年, 20万吨级, 6.0版, 全国10强: the number is part of a name
    name_duration_units: WordSet  # 15分钟社区: a duration that names a noun
    unit_variants: WordSet  # 件(次), 篇(条): the bracketed variant belongs to the UNIT
    statistic_names: WordSet  # 实际使用外资: a verb inside a statistic's name is never cut
    after_stop: WordSet  # 12个泊位竣工验收: the predicate after a counted noun
    formula_counters: WordSet  # “四个意识”: numeral + counter opens a formula, no MEASURE
    max_name_modifier: int  # 推进工业“智改数转”: longest modifier between verb and quote


def _words(sections, name):
    return WordSet(sections.get(name, ()))


@lru_cache(maxsize=1)
def load_extra() -> Extra:
    units = read_sections("units.txt")
    bounds = read_sections("metric_boundaries.txt")
    meas = read_sections("measures.txt")
    return Extra(
        small_count_units=_words(units, "small_count"),
        streak_units=_words(units, "streak"),
        cn_name_units=_words(units, "cn_name_unit"),
        name_after=_words(units, "name_after"),
        name_duration_units=_words(units, "name_duration"),
        unit_variants=_words(units, "unit_variant"),
        statistic_names=_words(bounds, "statistic_name"),
        after_stop=_words(bounds, "after_stop"),
        formula_counters=_words(meas, "formula_counter"),
        max_name_modifier=int(meas.get("max_name_modifier", ("0",))[0]),
    )
