"""fazhi_ie: Chinese rule-of-law government reports (法治政府建设年度报告) -> data.

    from fazhi_ie import Extractor, extract
    res = Extractor(backend="rules").extract(text)
    res.spans, res.records

The package follows the data: ``text`` (decoding, the same-length normalised view) ->
``document`` (a report's paragraphs, roles, headings, issuer, year) -> ``taggers`` (rules,
model, hybrid) -> ``records`` -> ``pipeline`` (``Extractor``) -> ``tables``; ``evaluation``
scores it on gold data, ``integrations`` plugs it into spaCy, ``cli`` is the command.
"""

from .document import Report, read_report, read_reports
from .indicators import annotate, load_catalogue
from .panel import to_panel
from .pipeline import Extractor, extract
from .resources import package_version
from .tables import Tables, to_dataframe
from .taggers import available_taggers, register_tagger
from .text import DecodeError, decode_bytes, read_text
from .types import LABELS, Extraction, Label, Record, Span

__version__ = package_version()


def load_spacy(*args, **kwargs):
    """A Chinese spaCy pipeline with pkuseg words and the ``fazhi_ie`` component (needs fazhi_ie[spacy]).

    Imported lazily so that ``import fazhi_ie`` does not import spaCy.
    """
    from .integrations.spacy import load_spacy as _load_spacy

    return _load_spacy(*args, **kwargs)


__all__ = [
    "Extractor",
    "extract",
    "Span",
    "Record",
    "Extraction",
    "Label",
    "LABELS",
    "available_taggers",
    "register_tagger",
    "read_text",
    "decode_bytes",
    "DecodeError",
    "__version__",
    "load_spacy",
    "read_report",
    "read_reports",
    "Report",
    "to_dataframe",
    "Tables",
    "to_panel",
    "annotate",
    "load_catalogue",
]
