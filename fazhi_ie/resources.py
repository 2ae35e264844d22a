"""Where the shipped data lives: the models and the seed gold, in a wheel or in a source checkout.

A built wheel carries ``models/`` and ``corpora/gold/`` inside the package as ``fazhi_ie/_data/``
(hatchling ``force-include``, see ``pyproject.toml``); they are found with ``importlib.resources``.
An editable install or a plain checkout has no ``_data``: the folders are then the checkout's own
``models/`` and ``corpora/`` beside the package. ``FAZHI_IE_DATA`` points both somewhere else.
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

DATA_ENV = "FAZHI_IE_DATA"
DEFAULT_MODEL = "fazhi-ie-char-small"
PKUSEG_MODEL = "pkuseg-fazhi"


def data_root() -> Path:
    """The folder that holds ``models/`` and ``corpora/``."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    package = Path(str(resources.files("fazhi_ie")))
    packaged = package / "_data"
    if packaged.is_dir():
        return packaged
    return package.parent  # an editable install or a checkout: the repository's own folders


def models_dir() -> Path:
    return data_root() / "models"


def default_model_dir() -> Path:
    """The shipped token-classification model (``save_pretrained`` layout)."""
    return models_dir() / DEFAULT_MODEL


def pkuseg_model_dir() -> Path:
    """The shipped spacy-pkuseg word segmentation model."""
    return models_dir() / PKUSEG_MODEL


def gold_dir() -> Path:
    """The seed gold: one JSONL file per report and ``split.json`` (train/dev by document)."""
    return data_root() / "corpora" / "gold"


def package_version() -> str:
    """The installed distribution's version (declared once, in ``pyproject.toml``)."""
    try:
        return version("fazhi_ie")
    except PackageNotFoundError:  # pragma: no cover - a checkout that was never installed
        return "0+unknown"
