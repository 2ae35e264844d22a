"""Reading a report: text -> paragraphs, line roles, headings, issuer/region, year and date -> ``Report``."""

from .headings import Heading
from .issuer import own_places, parse_organ, parse_place
from .paragraphs import sentence_bounds, split_paragraphs
from .report import Paragraph, Report, parse_report, read_report, read_reports
from .roles import ROLES

__all__ = [
    "Heading",
    "Paragraph",
    "Report",
    "ROLES",
    "own_places",
    "parse_organ",
    "parse_place",
    "parse_report",
    "read_report",
    "read_reports",
    "sentence_bounds",
    "split_paragraphs",
]
