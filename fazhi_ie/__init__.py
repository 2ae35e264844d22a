"""fazhi_ie: Chinese rule-of-law government reports (法治政府建设年度报告) -> data.

    from fazhi_ie import Extractor, extract
    res = Extractor(backend="rules").extract(text)
    res.spans, res.records
"""
from .pipeline import TAGGERS, Extractor, extract, register_tagger
from .report import Report, read_report, read_reports
from .spans import LABELS, Extraction, Record, Span
from .table import Tables, to_dataframe
from .text import DecodeError, decode_bytes, read_text

__version__ = "0.1.0"


def load_spacy(*args, **kwargs):
    """A Chinese spaCy pipeline with pkuseg words and the ``fazhi_ie`` component (needs fazhi_ie[spacy]).

    Imported lazily so that ``import fazhi_ie`` does not import spaCy.
    """
    from .spacy_component import load_spacy as _load_spacy

    return _load_spacy(*args, **kwargs)

__all__ = [
    "Extractor", "extract", "Span", "Record", "Extraction", "LABELS", "TAGGERS", "register_tagger",
    "read_text", "decode_bytes", "DecodeError", "__version__", "load_spacy",
    "read_report", "read_reports", "Report", "to_dataframe", "Tables",
]
