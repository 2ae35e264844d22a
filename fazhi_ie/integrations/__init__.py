"""Bridges to other libraries: ``spacy`` (a pipeline component and ``load_spacy``)."""
