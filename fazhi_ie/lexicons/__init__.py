"""Loads the rule lexicons (plain-text data files in ``fazhi_ie/lexicons``).

Rules are data: a newcomer adds a unit or a verb by editing a text file, not code.
Files hold one entry per line; ``#`` starts a comment; ``[name]`` starts a section.
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
            if text[pos:pos + n] in self.words:
                return text[pos:pos + n]
        return None

    def match_before(self, text: str, end: int, floor: int = 0) -> str | None:
        """Longest word that ends at ``end`` (and starts at or after ``floor``)."""
        for n in range(min(self.max_len, end - floor), 0, -1):
            if text[end - n:end] in self.words:
                return text[end - n:end]
        return None


@dataclass(frozen=True)
class Lexicons:
    units: WordSet
    numeric_names: WordSet
    approx_before: WordSet
    approx_after: WordSet
    scope: WordSet
    adverbs: WordSet
    links: WordSet
    change_verbs: WordSet
    prepositions: WordSet
    governing_verbs: WordSet
    strong_verbs: WordSet
    weak_verbs: WordSet
    light_verbs: WordSet
    rate_suffixes: WordSet
    count_suffixes: WordSet
    trailing_words: WordSet
    words_with_adverb: WordSet
    not_metrics: WordSet
    single_nouns: WordSet
    not_units: WordSet
    event_units: WordSet
    rate_units: WordSet
    duration_units: WordSet
    measure_heads: WordSet
    title_heads: WordSet
    measure_verbs: WordSet
    document_verbs: WordSet
    slogans: WordSet
    offices: WordSet
    person_units: WordSet
    numeric_names_pattern: re.Pattern
    code_prefixes: WordSet
    not_places: WordSet
    name_endings: WordSet
    adjacent_heads: WordSet


@lru_cache(maxsize=1)
def load() -> Lexicons:
    """All lexicons, read once per process."""
    approx = read_sections("approximations.txt")
    bounds = read_sections("metric_boundaries.txt")
    meas = read_sections("measures.txt")
    verbs = read_sections("governing_verbs.txt")
    units = read_sections("units.txt")
    return Lexicons(
        units=WordSet(units[""]),
        numeric_names=WordSet(read_list("numeric_names.txt")),
        approx_before=WordSet(approx["before"]),
        approx_after=WordSet(approx["after"]),
        scope=WordSet(bounds["scope"]),
        adverbs=WordSet(bounds["adverb"]),
        links=WordSet(bounds["link"]),
        change_verbs=WordSet(bounds["change"]),
        prepositions=WordSet(bounds["preposition"]),
        governing_verbs=WordSet(verbs["strong"] + verbs["weak"]),
        strong_verbs=WordSet(verbs["strong"]),
        weak_verbs=WordSet(verbs["weak"]),
        light_verbs=WordSet(verbs["light"]),
        rate_suffixes=WordSet(bounds["rate_suffix"]),
        count_suffixes=WordSet(bounds["count_suffix"]),
        trailing_words=WordSet(bounds["trailing"]),
        words_with_adverb=WordSet(bounds["word_with_adverb"]),
        not_metrics=WordSet(bounds["not_metric"]),
        single_nouns=WordSet(bounds["single_noun"]),
        not_units=WordSet(units["not_unit"]),
        event_units=WordSet(bounds["event_unit"]),
        rate_units=WordSet(bounds["rate_unit"]),
        duration_units=WordSet(bounds["duration_unit"]),
        measure_heads=WordSet(meas["head"]),
        title_heads=WordSet(meas["title_head"]),
        measure_verbs=WordSet(meas["measure_verb"]),
        document_verbs=WordSet(meas["document_verb"]),
        slogans=WordSet(meas["slogan"]),
        offices=WordSet(meas["office"]),
        person_units=WordSet(meas["person_unit"]),
        name_endings=WordSet(meas["name_ending"]),
        adjacent_heads=WordSet(meas["adjacent_head"]),
        not_places=WordSet(meas["not_place"]),
        numeric_names_pattern=_alternation(read_list("numeric_names.txt")),
        code_prefixes=WordSet(read_sections("numeric_names.txt")["code_prefix"]),
    )


def _alternation(words) -> re.Pattern:
    """One regex matching any of ``words`` (longest first); plain strings, so it runs in linear time."""
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered) or r"(?!)")
