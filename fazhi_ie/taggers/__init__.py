"""Taggers: components that turn paragraph views into labelled spans, registered by name.

A tagger is any object with ``name`` and ``tag_batch(views) -> spans per view`` (offsets relative
to each view, see ``fazhi_ie.text.matching_view``). Backends are chosen by configuration
(``Extractor(backend="rules")``), like spaCy's registered components:

- built-in: ``rules`` (``taggers/rules``), ``model`` (``taggers/model.py``), ``hybrid``
  (``taggers/hybrid.py``); the last two need torch and are imported only when asked for;
- third-party: a package declares an entry point in the group ``fazhi_ie.taggers`` whose value is a
  factory ``(**options) -> Tagger``;
- in code: ``@register_tagger("name")`` on a factory. A name that is already taken is an error.

When a whole report is extracted (``Extractor.extract_report``) the extractor also knows about the
report: a tagger whose ``tag_batch`` takes a keyword ``context`` gets a ``TagContext`` (the places
that name the reporting government); other taggers are called as before and never see it.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Protocol

from ..types import Span

ENTRY_POINT_GROUP = "fazhi_ie.taggers"
#: Built-in backends and the module that registers each (imported on first use).
BUILTIN_TAGGERS = {
    "rules": "fazhi_ie.taggers.rules",
    "model": "fazhi_ie.taggers.model",
    "hybrid": "fazhi_ie.taggers.hybrid",
}


class Tagger(Protocol):
    name: str

    def tag_batch(self, views: list[str]) -> list[list[Span]]:
        """Spans for each paragraph view, offsets relative to that paragraph.

        A tagger may also take ``context: TagContext | None = None`` (see ``tag_views``).
        """


@dataclass(frozen=True)
class TagContext:
    """What is known about the report the paragraphs come from.

    ``own_places``: the names of the reporting government's place (丰都县, 丰都), longest first:
    a 《丰都…办法》 in its report is its own document.
    """

    own_places: tuple[str, ...] = ()


def takes_context(tagger: Tagger) -> bool:
    """Does ``tagger.tag_batch`` take the keyword ``context``?"""
    try:
        return "context" in inspect.signature(tagger.tag_batch).parameters
    except (TypeError, ValueError):
        return False


def tag_views(tagger: Tagger, views: list[str], context: TagContext | None = None) -> list[list[Span]]:
    """``tagger.tag_batch(views)``, with ``context`` for a tagger that takes one."""
    if context is not None and takes_context(tagger):
        return tagger.tag_batch(views, context=context)
    return tagger.tag_batch(views)


TaggerFactory = Callable[..., Tagger]
_REGISTRY: dict[str, TaggerFactory] = {}


def register_tagger(name: str) -> Callable[[TaggerFactory], TaggerFactory]:
    """Register a tagger factory under ``name`` (the ``backend`` of ``Extractor``).

    Raises ``ValueError`` when ``name`` is taken: a second backend never silently replaces one.
    """

    def decorate(factory: TaggerFactory) -> TaggerFactory:
        if name in _REGISTRY:
            taken = _REGISTRY[name]
            raise ValueError(f"tagger {name!r} is already registered (by {taken.__module__}.{taken.__qualname__})")
        _REGISTRY[name] = factory
        return factory

    return decorate


def _entry_points() -> dict:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def available_taggers() -> list[str]:
    """Names of every tagger that can be asked for: built-in, registered and from entry points."""
    return sorted(set(BUILTIN_TAGGERS) | set(_REGISTRY) | set(_entry_points()))


def get_tagger_factory(name: str) -> TaggerFactory:
    """The factory registered as ``name``, importing its module or entry point when needed.

    Raises ``ValueError`` for an unknown name and ``ImportError`` when a built-in backend's
    dependencies (torch, transformers) are missing.
    """
    if name not in _REGISTRY:
        if name in BUILTIN_TAGGERS:
            importlib.import_module(BUILTIN_TAGGERS[name])
        elif name in (eps := _entry_points()):
            register_tagger(name)(eps[name].load())
        if name not in _REGISTRY:
            raise ValueError(f"unknown backend {name!r}; choose one of {available_taggers()}")
    return _REGISTRY[name]


def create_tagger(name: str, **options) -> Tagger:
    return get_tagger_factory(name)(**options)
