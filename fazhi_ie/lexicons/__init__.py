"""The rule lexicons: every word list and named pattern, as plain-text data files in this folder.

Rules are data: a newcomer adds a unit or a verb by editing a text file, not code.
Files hold one entry per line; ``#`` starts a comment; ``[name]`` starts a section.
``patterns.txt`` holds named regular expressions (one per section), written so that they run
in linear time. ``load()`` checks that every section of every file it reads is used: a section
that no rule reads is an error, not dead data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def read_sections(filename: str) -> dict[str, tuple[str, ...]]:
    """``{section: entries}`` of a lexicon file; entries before any header go to ``""``."""
    text = resources.files("fazhi_ie.lexicons").joinpath(filename).read_text("utf-8")
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    return {k: tuple(dict.fromkeys(v)) for k, v in sections.items()}


def read_list(filename: str) -> tuple[str, ...]:
    return read_sections(filename)[""]


class LexiconError(ValueError):
    """A lexicon file that does not fit the code reading it (unknown or unread section)."""


class SectionReader:
    """Reads sections of lexicon files and remembers which ones were read.

    ``check_all_read()`` raises ``LexiconError`` naming any section that no rule asked for.
    """

    def __init__(self, *filenames: str):
        self.files = {name: read_sections(name) for name in filenames}
        self.read: set[tuple[str, str]] = set()

    def __call__(self, filename: str, section: str = "") -> tuple[str, ...]:
        sections = self.files[filename]
        if section not in sections:
            raise LexiconError(f"{filename}: no section [{section}]")
        self.read.add((filename, section))
        return sections[section]

    def check_all_read(self) -> None:
        unread = [
            f"{name} [{section}]"
            for name, sections in self.files.items()
            for section, entries in sections.items()
            if (name, section) not in self.read and (section or entries)
        ]
        if unread:
            raise LexiconError(f"lexicon sections that no rule reads: {', '.join(unread)}")


class WordSet:
    """A set of words with longest-match lookups at a position, forwards or backwards."""

    def __init__(self, words):
        self.words = frozenset(w for w in words if w)
        self.max_len = max((len(w) for w in self.words), default=0)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def match_at(self, text: str, pos: int, limit: int | None = None) -> str | None:
        """Longest word that starts at ``pos`` (and ends at or before ``limit``)."""
        end = len(text) if limit is None else min(limit, len(text))
        for n in range(min(self.max_len, end - pos), 0, -1):
            if text[pos : pos + n] in self.words:
                return text[pos : pos + n]
        return None

    def match_before(self, text: str, end: int, floor: int = 0) -> str | None:
        """Longest word that ends at ``end`` (and starts at or after ``floor``)."""
        for n in range(min(self.max_len, end - floor), 0, -1):
            if text[end - n : end] in self.words:
                return text[end - n : end]
        return None


class VerbSet(WordSet):
    """Verbs, except where a noun that starts with one stands (基层立法联系点: 联系 is no verb there),
    unless a word that starts at the noun's last character breaks it (招聘会计人员: 会计)."""

    def __init__(self, words, nouns: WordSet, breakers: WordSet):
        super().__init__(words)
        self.nouns, self.breakers = nouns, breakers
        # the verbs that begin some noun: only these need the noun lookup
        self.noun_verbs = frozenset(v for v in self.words if any(n.startswith(v) for n in nouns.words))

    def _in_noun(self, text: str, pos: int, verb: str | None) -> bool:
        noun = self.nouns.match_at(text, pos) if verb in self.noun_verbs else None
        if noun is None or len(noun) <= len(verb):
            return False
        return not self.breakers.match_at(text, pos + len(noun) - 1)

    def match_at(self, text: str, pos: int, limit: int | None = None) -> str | None:
        verb = super().match_at(text, pos, limit)
        return None if self._in_noun(text, pos, verb) else verb

    def match_before(self, text: str, end: int, floor: int = 0) -> str | None:
        verb = super().match_before(text, end, floor)
        return None if verb and self._in_noun(text, end - len(verb), verb) else verb


@dataclass(frozen=True)
class Lexicons:
    units: WordSet
    magnitude_units: WordSet  # 450万方: units only right after 万 or 亿
    approx_before: WordSet
    approx_after: WordSet
    approx_after_count: WordSet  # 实施200个以上老旧小区改造项目: a counted noun may follow
    approx_inside: WordSet
    bare_magnitude_before: WordSet  # 突破千亿元: a magnitude without a digit reports a value after these
    bare_magnitude_end: WordSet  # 突破千亿元大关: these after its unit still close the value
    scope: WordSet
    adverbs: WordSet
    links: WordSet
    change_verbs: WordSet
    governing_verbs: WordSet
    strong_verbs: WordSet
    weak_verbs: WordSet
    light_verbs: WordSet
    left_out_verbs: WordSet  # 生猪出栏260万头: a governing verb after its object, left out
    rate_suffixes: WordSet
    count_suffixes: WordSet
    statistic_heads: WordSet
    meeting_ends: WordSet
    trailing_words: WordSet
    words_with_adverb: WordSet
    not_metrics: WordSet
    single_nouns: WordSet
    not_units: WordSet
    event_units: WordSet
    event_bodies: WordSet  # 区政府常务会议集体学法: the body that holds a counted event
    event_leads: WordSet  # 集体学法, 会前学法: the event's verb phrase after its body
    rate_units: WordSet
    duration_units: WordSet
    measure_heads: WordSet
    title_heads: WordSet
    measure_verbs: WordSet
    document_verbs: WordSet
    name_issuing_verbs: WordSet  # 出台“稳外贸十条”: a quoted short name of a document issued
    implementing_verbs: WordSet  # 出台贯彻落实《纲要》方案: the title right after them is carried out, not issued
    slogans: WordSet
    offices: WordSet
    person_units: WordSet
    result_nouns: WordSet  # 巩固“十年禁渔”成果: the quote alone is the measure
    measure_predicates: WordSet  # “高效办成一件事”全面推进: a clause-initial quote carried out
    open_heads: WordSet  # “四好农村路”全国示范县: heads that name a measure only at the end of the phrase
    listed_kinds: WordSet  # “东坡大米”等品牌: heads that after 等 name things, not measures
    product_heads: WordSet  # “某某大米”区域公用品牌: a head phrase that names a product's brand
    activities_after_head: WordSet  # “某某”服务平台|建设: the building of the thing named, not its name
    numeric_names_pattern: re.Pattern
    code_prefixes: WordSet
    counter_prefixes: tuple[str, ...]
    not_places: WordSet
    name_endings: WordSet
    adjacent_heads: WordSet
    small_count_units: WordSet  # 一/两 before these is a count: 两次, 一倍
    streak_units: WordSet  # 连续两年, 连续两个…: counted after 连续
    cn_name_units: WordSet  # 二期工程: after a Chinese numeral, a phase, never a count
    time_frame: tuple[str, ...]
    name_after: WordSet  # 75周年, 20万吨级, 6.0版, 全国10强: the number is part of a name
    name_after_unit: WordSet  # 20万吨级航道: a size class after the unit
    numbered_names: WordSet  # 5大产业集群: a bare number opens a numbered name
    name_duration_units: WordSet  # 15分钟社区: a duration that names a noun
    category_units: WordSet  # 65岁以上老年人: before a noun the value names a class
    per_units: WordSet  # 7万吨/日, 640元/人/年: a slash and one of these continue the UNIT
    statistic_names: WordSet  # 实际使用外资: a verb inside a statistic's name is never cut
    after_stop: WordSet  # 12个泊位竣工验收: the predicate after a counted noun
    zhong_nouns: WordSet  # 普通高中, 调解中心: 中 inside a noun, no frame's end
    not_frame_open: WordSet  # 在校生: 在 inside a word, no frame's start
    count_verbs: WordSet  # 完成“个转企”160户: a counted quoted name after them is a MEASURE
    formula_counters: WordSet  # “四个意识”: numeral + counter opens a formula, no MEASURE
    formula_weak_heads: WordSet  # 围绕“五个示范”建设: a head that leaves a formula a formula
    max_name_modifier: int  # 推进工业“智改数转”: longest modifier between verb and quote
    name_joiners: WordSet  # 结案率和服判息诉率: joiners between names that share or split values
    name_joiner_pattern: re.Pattern
    leading_function: tuple[str, ...]
    leading_content: WordSet  # 在建项目, 对外投资额, 全国百强县: kept at the start of a METRIC
    predicate_adverb: tuple[str, ...]
    da_word: frozenset[str]
    measure_connector: tuple[str, ...]
    not_name_after_de: tuple[str, ...]
    lookback_skip: tuple[str, ...]
    other_branch: tuple[str, ...]
    higher_level: tuple[str, ...]
    own_party_prefix: tuple[str, ...]
    own_organs: tuple[str, ...]
    organ_levels: tuple[tuple[str, str], ...]
    organ_posts: tuple[str, ...]
    distributive: tuple[str, ...]
    clause_before_event: tuple[str, ...]
    year_word: tuple[str, ...]
    threshold_marks: WordSet  # 投资10亿元以上的重大项目58个: a category threshold
    threshold_before: WordSet  # 超10亿元项目46个: a category threshold before its noun
    aside_starts: WordSet  # 固定资产投资（含房地产投资）: a bracket that is an aside, not the name's
    phrase_stop_words: WordSet
    announced_list: re.Pattern  # 重点抓好七个方面工作：: a list announced, not a count
    numbered_name: re.Pattern  # 十项重点任务, 五项举措: a numbered name, not a count
    comparison: re.Pattern  # 由2021年的, 较去年: a point of comparison between a metric and its value
    comparison_before: re.Pattern  # the same, ending where a search stops (``search(text, lo, pos)``)


#: Function characters (的, 和, 在, 从 …) that end a noun phrase: no METRIC runs across one, and a
#: modifier between a count and its measure holds none (rules and record linker alike).
FUNCTION_CHARS = frozenset("的等和与及对在向从以为于将把含")


#: Punctuation that ends a clause (a comma or more).
CLAUSE_STOPS = "，。；！？,;!?"


def clause_start(text: str, floor: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts, looking back no further than ``floor``."""
    return max(floor, max(text.rfind(c, floor, pos) for c in CLAUSE_STOPS) + 1)


def is_cjk(ch: str) -> bool:
    """Is ``ch`` a CJK unified ideograph of the basic block, the characters names are written in
    (rules and record linker alike)?"""
    return "\u4e00" <= ch <= "\u9fff"


RULE_FILES = (
    "approximations.txt",
    "metric_boundaries.txt",
    "measures.txt",
    "governing_verbs.txt",
    "units.txt",
    "numeric_names.txt",
    "patterns.txt",
    "grammar.txt",
)


@lru_cache(maxsize=1)
def load() -> Lexicons:
    """All lexicons of the span rules and the record linker, read once per process."""
    read = SectionReader(*RULE_FILES)
    nouns = WordSet(read("governing_verbs.txt", "verb_noun"))
    breakers = WordSet(read("governing_verbs.txt", "verb_noun_breaker"))
    lex = Lexicons(
        units=WordSet(read("units.txt")),
        magnitude_units=WordSet(read("units.txt", "after_magnitude")),
        approx_before=WordSet(read("approximations.txt", "before")),
        approx_after=WordSet(read("approximations.txt", "after")),
        approx_after_count=WordSet(read("approximations.txt", "after_count")),
        approx_inside=WordSet(read("approximations.txt", "inside")),
        bare_magnitude_before=WordSet(read("approximations.txt", "before_bare_magnitude")),
        bare_magnitude_end=WordSet(read("approximations.txt", "bare_magnitude_end")),
        scope=WordSet(read("metric_boundaries.txt", "scope")),
        adverbs=WordSet(read("metric_boundaries.txt", "adverb")),
        links=WordSet(read("metric_boundaries.txt", "link")),
        change_verbs=WordSet(read("metric_boundaries.txt", "change")),
        governing_verbs=VerbSet(
            read("governing_verbs.txt", "strong") + read("governing_verbs.txt", "weak"), nouns, breakers
        ),
        strong_verbs=VerbSet(read("governing_verbs.txt", "strong"), nouns, breakers),
        weak_verbs=VerbSet(read("governing_verbs.txt", "weak"), nouns, breakers),
        light_verbs=WordSet(read("governing_verbs.txt", "light")),
        left_out_verbs=WordSet(read("governing_verbs.txt", "left_out_after")),
        rate_suffixes=WordSet(read("metric_boundaries.txt", "rate_suffix")),
        count_suffixes=WordSet(read("metric_boundaries.txt", "count_suffix")),
        statistic_heads=WordSet(read("metric_boundaries.txt", "statistic_head")),
        meeting_ends=WordSet(read("metric_boundaries.txt", "meeting_end")),
        trailing_words=WordSet(read("metric_boundaries.txt", "trailing")),
        words_with_adverb=WordSet(read("metric_boundaries.txt", "word_with_adverb")),
        not_metrics=WordSet(read("metric_boundaries.txt", "not_metric")),
        single_nouns=WordSet(read("metric_boundaries.txt", "single_noun")),
        not_units=WordSet(read("units.txt", "not_unit")),
        event_units=WordSet(read("metric_boundaries.txt", "event_unit")),
        event_bodies=WordSet(read("metric_boundaries.txt", "event_body")),
        event_leads=WordSet(read("metric_boundaries.txt", "event_lead")),
        rate_units=WordSet(read("metric_boundaries.txt", "rate_unit")),
        duration_units=WordSet(read("metric_boundaries.txt", "duration_unit")),
        measure_heads=WordSet(read("measures.txt", "head")),
        title_heads=WordSet(read("measures.txt", "title_head")),
        measure_verbs=WordSet(read("measures.txt", "measure_verb")),
        document_verbs=WordSet(read("measures.txt", "document_verb")),
        name_issuing_verbs=WordSet(read("measures.txt", "name_issuing_verb")),
        implementing_verbs=WordSet(read("measures.txt", "implementing_verb")),
        slogans=WordSet(read("measures.txt", "slogan")),
        offices=WordSet(read("measures.txt", "office")),
        person_units=WordSet(read("measures.txt", "person_unit")),
        result_nouns=WordSet(read("measures.txt", "result_noun")),
        measure_predicates=WordSet(read("measures.txt", "measure_predicate")),
        open_heads=WordSet(read("measures.txt", "open_head")),
        listed_kinds=WordSet(read("measures.txt", "listed_kind")),
        product_heads=WordSet(read("measures.txt", "product_head")),
        activities_after_head=WordSet(read("measures.txt", "activity_after_head")),
        name_endings=WordSet(read("measures.txt", "name_ending")),
        adjacent_heads=WordSet(read("measures.txt", "adjacent_head")),
        not_places=WordSet(read("measures.txt", "not_place")),
        numeric_names_pattern=_alternation(read("numeric_names.txt")),
        code_prefixes=WordSet(read("numeric_names.txt", "code_prefix")),
        counter_prefixes=tuple(read("numeric_names.txt", "counter_prefix")),
        small_count_units=WordSet(read("units.txt", "small_count")),
        streak_units=WordSet(read("units.txt", "streak")),
        cn_name_units=WordSet(read("units.txt", "cn_name_unit")),
        time_frame=tuple(read("units.txt", "time_frame")),
        name_after=WordSet(read("units.txt", "name_after")),
        name_after_unit=WordSet(read("units.txt", "name_after_unit")),
        numbered_names=WordSet(read("units.txt", "numbered_name")),
        name_duration_units=WordSet(read("units.txt", "name_duration")),
        category_units=WordSet(read("units.txt", "category_unit")),
        per_units=WordSet(read("units.txt", "per_unit")),
        statistic_names=WordSet(read("metric_boundaries.txt", "statistic_name")),
        after_stop=VerbSet(read("metric_boundaries.txt", "after_stop"), nouns, breakers),
        zhong_nouns=WordSet(read("metric_boundaries.txt", "zhong_noun")),
        not_frame_open=WordSet(read("metric_boundaries.txt", "not_frame_open")),
        count_verbs=WordSet(read("measures.txt", "count_verb")),
        formula_counters=WordSet(read("measures.txt", "formula_counter")),
        formula_weak_heads=WordSet(read("measures.txt", "formula_weak_head")),
        max_name_modifier=int(read("measures.txt", "max_name_modifier")[0]),
        name_joiners=WordSet(read("metric_boundaries.txt", "name_joiner")),
        name_joiner_pattern=_alternation(read("metric_boundaries.txt", "name_joiner")),
        leading_function=tuple(read("grammar.txt", "leading_function")),
        leading_content=WordSet(read("grammar.txt", "leading_content")),
        predicate_adverb=tuple(read("grammar.txt", "predicate_adverb")),
        da_word=frozenset(read("grammar.txt", "da_word")),
        measure_connector=tuple(read("grammar.txt", "measure_connector")),
        not_name_after_de=tuple(read("grammar.txt", "not_name_after_de")),
        lookback_skip=tuple(read("grammar.txt", "lookback_skip")),
        other_branch=tuple(read("grammar.txt", "other_branch")),
        higher_level=tuple(read("grammar.txt", "higher_level")),
        own_party_prefix=tuple(read("grammar.txt", "own_party_prefix")),
        own_organs=tuple(read("grammar.txt", "own_organs")),
        organ_levels=tuple(_pair(line, "grammar.txt [organ_level]") for line in read("grammar.txt", "organ_level")),
        organ_posts=tuple(read("grammar.txt", "organ_post")),
        distributive=tuple(read("grammar.txt", "distributive")),
        clause_before_event=tuple(read("grammar.txt", "clause_before_event")),
        year_word=tuple(read("grammar.txt", "year_word")),
        threshold_marks=WordSet(read("grammar.txt", "threshold_mark")),
        threshold_before=WordSet(read("grammar.txt", "threshold_before")),
        aside_starts=WordSet(read("grammar.txt", "aside_start")),
        phrase_stop_words=WordSet(read("grammar.txt", "phrase_stop")),
        announced_list=pattern(read, "announced_list"),
        numbered_name=pattern(read, "numbered_name"),
        comparison=pattern(read, "comparison"),
        comparison_before=re.compile(f"(?:{pattern(read, 'comparison').pattern})$"),
    )
    read.check_all_read()
    return lex


def _pair(line: str, where: str) -> tuple[str, str]:
    """A lexicon line of two words (``地区 地``); any other shape is a ``LexiconError`` naming ``where``."""
    words = line.split()
    if len(words) != 2:
        raise LexiconError(f"{where}: expected two words, got {line!r}")
    return words[0], words[1]


def pattern(read: SectionReader, name: str) -> re.Pattern:
    """The named regular expression ``[name]`` of ``patterns.txt`` (one line, or lines joined)."""
    return re.compile("".join(read("patterns.txt", name)))


def _alternation(words) -> re.Pattern:
    """One regex matching any of ``words`` (longest first); plain strings, so it runs in linear time."""
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered) or r"(?!)")
