"""The indicator catalogue: the indicators these reports publish, as data (``catalogue.toml``).

``load_catalogue()`` reads and checks the file once per process. Each ``Indicator`` has an id, its
Chinese and English name, the unit families its values may have, and the surfaces that name it:
``forms`` (exact metric names), ``patterns`` (regular expressions), and ``bare`` verbs or nouns that
name it only after its ``subject`` (受理 after 行政复议申请). ``verbs`` tell apart indicators that
share a form (审结行政复议案件 vs 办理行政复议案件). How to add an indicator: CONTRIBUTING.md.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CATALOGUE_FILE = "catalogue.toml"
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
#: Units of a change (growth rate), whatever the indicator's family.
CHANGE_UNITS = ("%", "‰", "个百分点")


class CatalogueError(ValueError):
    """A catalogue file that breaks its rules (unknown family or subject, duplicate id, bad pattern …)."""


def normalise(metric: str) -> str:
    """The form a metric is compared in: NFKC (（）-> (), ％ -> %), no quotes, brackets or spaces, Latin upper case."""
    text = unicodedata.normalize("NFKC", metric)
    text = re.sub(r"[\s“”\"‘’'《》〈〉「」『』]", "", text)
    return text.upper()


@dataclass(frozen=True)
class Indicator:
    id: str
    zh: str
    en: str
    families: tuple[str, ...]
    units: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()
    subject: str | None = None
    bare: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()

    def accepts_unit(self, unit: str | None, family_of: dict[str, str], change: bool = False) -> bool:
        """Can a value in ``unit`` be a value of this indicator? (None: a bare number, always.)"""
        if unit is None:
            return True
        unit = unicodedata.normalize("NFKC", unit)
        if change and unit in CHANGE_UNITS:
            return True
        if self.units:
            return unit in self.units
        return family_of.get(unit) in self.families


@dataclass(frozen=True)
class Catalogue:
    """All indicators, and the lookups the linker uses."""

    version: str
    indicators: tuple[Indicator, ...]
    families: dict[str, tuple[str, ...]]
    subjects: dict[str, tuple[str, ...]]
    scope_pattern: re.Pattern
    neutral: tuple[str, ...]
    by_id: dict[str, Indicator] = field(default_factory=dict)
    by_form: dict[str, tuple[Indicator, ...]] = field(default_factory=dict)
    by_bare: dict[str, tuple[Indicator, ...]] = field(default_factory=dict)
    family_of: dict[str, str] = field(default_factory=dict)
    subject_words: tuple[tuple[str, str], ...] = ()  # (word, subject id), longest words first

    def __len__(self) -> int:
        return len(self.indicators)

    def __iter__(self):
        return iter(self.indicators)

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self.by_id[indicator_id]

    def to_frame(self):
        """The catalogue as a pandas DataFrame: id, zh, en, family, subject, forms (one row per indicator)."""
        import pandas as pd

        rows = [
            {
                "id": i.id,
                "zh": i.zh,
                "en": i.en,
                "family": "|".join(i.families),
                "units": "|".join(i.units),
                "subject": i.subject,
                "forms": "|".join(i.forms),
                "patterns": "|".join(p.pattern for p in i.patterns),
                "bare": "|".join(i.bare),
            }
            for i in self.indicators
        ]
        return pd.DataFrame(rows)


def _strings(value, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CatalogueError(f"{where}: {name} must be a list of non-empty strings")
    return tuple(value)


def parse_catalogue(data: dict, source: str = CATALOGUE_FILE) -> Catalogue:
    """A ``Catalogue`` from the parsed TOML; ``CatalogueError`` names the first problem."""
    families = {name: _strings(units, f"{source} [families]", name) for name, units in data.get("families", {}).items()}
    family_of: dict[str, str] = {}
    for name, units in families.items():
        for unit in units:
            unit = unicodedata.normalize("NFKC", unit)
            if unit in family_of:
                raise CatalogueError(f"{source}: unit {unit} is in families {family_of[unit]} and {name}")
            family_of[unit] = name
    subjects: dict[str, tuple[str, ...]] = {}
    for entry in data.get("subject", []):
        sid = entry.get("id")
        if not sid or sid in subjects:
            raise CatalogueError(f"{source}: subject without an id or defined twice: {sid!r}")
        subjects[sid] = _strings(entry.get("words"), f"{source} subject {sid}", "words")
    scope = data.get("scope", {})
    try:
        scope_pattern = re.compile(scope.get("pattern", r"(?!)"))
    except re.error as exc:
        raise CatalogueError(f"{source} [scope]: bad pattern ({exc})") from None
    indicators = []
    seen: set[str] = set()
    for n, entry in enumerate(data.get("indicator", []), 1):
        iid = entry.get("id", "")
        where = f"{source} indicator {iid or f'#{n}'}"
        unknown = set(entry) - {"id", "zh", "en", "family", "units", "forms", "patterns", "subject", "bare", "verbs"}
        if unknown:
            raise CatalogueError(f"{where}: unknown fields {', '.join(sorted(unknown))}")
        if not ID_PATTERN.fullmatch(iid):
            raise CatalogueError(f"{where}: the id must look like domain.name (lower-case ASCII)")
        if iid in seen:
            raise CatalogueError(f"{where}: the id is used twice")
        seen.add(iid)
        for key in ("zh", "en"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise CatalogueError(f"{where}: no {key} name")
        fams = _strings(entry.get("family"), where, "family")
        if not fams or any(f not in families for f in fams):
            raise CatalogueError(f"{where}: family must be one or more of {', '.join(families)}")
        units = tuple(unicodedata.normalize("NFKC", u) for u in _strings(entry.get("units"), where, "units"))
        if any(family_of.get(u) not in fams for u in units):
            raise CatalogueError(f"{where}: its units must be units of its families")
        subject = entry.get("subject")
        if subject is not None and subject not in subjects:
            raise CatalogueError(f"{where}: unknown subject {subject}")
        bare = _strings(entry.get("bare"), where, "bare")
        if bare and subject is None:
            raise CatalogueError(f"{where}: bare forms need a subject")
        patterns = []
        for p in _strings(entry.get("patterns"), where, "patterns"):
            try:
                patterns.append(re.compile(p))
            except re.error as exc:
                raise CatalogueError(f"{where}: bad pattern {p!r} ({exc})") from None
        forms = tuple(dict.fromkeys(normalise(f) for f in _strings(entry.get("forms"), where, "forms")))
        if not forms and not patterns and not bare:
            raise CatalogueError(f"{where}: no forms, patterns or bare forms: nothing can name it")
        indicators.append(
            Indicator(
                id=iid,
                zh=entry["zh"],
                en=entry["en"],
                families=fams,
                units=units,
                forms=forms,
                patterns=tuple(patterns),
                subject=subject,
                bare=tuple(normalise(b) for b in bare),
                verbs=_strings(entry.get("verbs"), where, "verbs"),
            )
        )
    by_form: dict[str, list[Indicator]] = {}
    by_bare: dict[str, list[Indicator]] = {}
    for ind in indicators:
        for form in ind.forms:
            by_form.setdefault(form, []).append(ind)
        for b in ind.bare:
            by_bare.setdefault(b, []).append(ind)
    _check_claims(by_form, source, "form")
    _check_claims(by_bare, source, "bare form", by_subject=True)
    words = sorted(((w, s) for s, ws in subjects.items() for w in ws), key=lambda ws: -len(ws[0]))
    return Catalogue(
        version=str(data.get("version", "")),
        indicators=tuple(indicators),
        families=families,
        subjects=subjects,
        scope_pattern=scope_pattern,
        neutral=_strings(scope.get("neutral"), f"{source} [scope]", "neutral"),
        by_id={i.id: i for i in indicators},
        by_form={k: tuple(v) for k, v in by_form.items()},
        by_bare={k: tuple(v) for k, v in by_bare.items()},
        family_of=family_of,
        subject_words=tuple(words),
    )


def _check_claims(claims: dict[str, list[Indicator]], source: str, what: str, by_subject: bool = False) -> None:
    """Indicators sharing a surface must be told apart: by subject, units or families, or verbs (one default)."""
    for surface, inds in claims.items():
        groups: dict[tuple, list[Indicator]] = {}
        for ind in inds:
            key = (ind.subject if by_subject else None, ind.units or ind.families)
            groups.setdefault(key, []).append(ind)
        for group in groups.values():
            defaults = [i.id for i in group if not i.verbs]
            if len(group) > 1 and len(defaults) > 1:
                raise CatalogueError(
                    f"{source}: {what} {surface} names {', '.join(defaults)}: give all but one of them verbs, "
                    "units or another family"
                )


def read_catalogue(path: str | Path) -> Catalogue:
    """A catalogue from a TOML file of your own (same layout as the shipped ``catalogue.toml``)."""
    path = Path(path)
    with path.open("rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise CatalogueError(f"{path}: {exc}") from None
    return parse_catalogue(data, str(path))


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The shipped catalogue (``fazhi_ie/indicators/catalogue.toml``), read once per process."""
    raw = resources.files("fazhi_ie.indicators").joinpath(CATALOGUE_FILE).read_bytes()
    return parse_catalogue(tomllib.loads(raw.decode("utf-8")), CATALOGUE_FILE)


def find_subjects(text: str, catalogue: Catalogue) -> Iterable[tuple[int, int, str]]:
    """``(start, end, subject id)`` of every subject word in ``text``, longest first where they overlap."""
    taken: list[tuple[int, int]] = []
    found = []
    for word, sid in catalogue.subject_words:
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                found.append((start, end, sid))
            start = text.find(word, start + 1)
    return sorted(found)
