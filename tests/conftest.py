"""Shared fixtures: one rule-based extractor per test session (the lexicons load once)."""

from __future__ import annotations

import pytest

from fazhi_ie import Extractor


@pytest.fixture(scope="session")
def rules() -> Extractor:
    return Extractor(backend="rules")
