"""The tagger registry: built-in backends on demand, third-party taggers by decorator or entry point,
and a name that is taken is an error, never a silent replacement."""

from __future__ import annotations

import pytest

import fazhi_ie.taggers as taggers
from fazhi_ie import Extractor, register_tagger
from fazhi_ie.types import Span


class UpperTagger:
    """Tags every run of ASCII digits as a QUANTITY: enough to see a custom backend work end to end."""

    name = "digits"

    def tag_batch(self, views):
        out = []
        for view in views:
            spans, i = [], 0
            while i < len(view):
                if view[i].isdigit():
                    j = i
                    while j < len(view) and view[j].isdigit():
                        j += 1
                    spans.append(Span(i, j, "QUANTITY", view[i:j]))
                    i = j
                else:
                    i += 1
            out.append(spans)
        return out


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(taggers, "_REGISTRY", dict(taggers._REGISTRY))


def test_a_registered_backend_runs_through_the_pipeline(clean_registry):
    register_tagger("digits")(lambda **options: UpperTagger())
    result = Extractor(backend="digits").extract("办理案件78件，办结73件。")
    assert [(s.text, s.label) for s in result.spans] == [("78", "QUANTITY"), ("73", "QUANTITY")]
    assert [(r.value, r.unit) for r in result.records] == [(78.0, None), (73.0, None)]
    assert "digits" in taggers.available_taggers()


def test_a_taken_name_is_an_error(clean_registry):
    taggers.get_tagger_factory("rules")
    with pytest.raises(ValueError, match="tagger 'rules' is already registered"):
        register_tagger("rules")(lambda **options: UpperTagger())
    register_tagger("digits")(lambda **options: UpperTagger())
    with pytest.raises(ValueError, match="tagger 'digits' is already registered"):
        register_tagger("digits")(lambda **options: UpperTagger())


def test_third_party_taggers_come_from_entry_points(clean_registry, monkeypatch):
    class EntryPoint:
        name = "digits"

        def load(self):
            return lambda **options: UpperTagger()

    monkeypatch.setattr(taggers, "_entry_points", lambda: {"digits": EntryPoint()})
    assert "digits" in taggers.available_taggers()
    assert Extractor(backend="digits").extract("共5件").spans[0].text == "5"


def test_an_unknown_backend_names_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown backend 'crf'; choose one of \[.*'hybrid'.*'rules'.*\]"):
        Extractor(backend="crf")
