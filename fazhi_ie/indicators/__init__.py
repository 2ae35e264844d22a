"""Indicators: the step after records. Which catalogue indicator a record reports, and what its value is.

    from fazhi_ie.indicators import annotate, load_catalogue
    infos = annotate(extraction, year=2023)  # one RecordInfo per record: indicator, scope, role, period …

``catalogue.toml`` is the curated, versioned list of indicators (``load_catalogue()``); ``linking.py``
maps a metric to one, ``roles.py`` tells level, change, baseline, target and share apart, and
``annotate.py`` puts both together for every record of an ``Extraction``.
"""

from .annotate import RecordInfo, annotate, annotate_report
from .catalogue import Catalogue, CatalogueError, Indicator, load_catalogue, normalise, read_catalogue
from .linking import IndicatorMatch, link_metric
from .roles import ROLES

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Indicator",
    "IndicatorMatch",
    "RecordInfo",
    "ROLES",
    "annotate",
    "annotate_report",
    "link_metric",
    "load_catalogue",
    "normalise",
    "read_catalogue",
]
