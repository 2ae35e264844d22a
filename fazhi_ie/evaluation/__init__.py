"""Evaluation: gold ``Example``s (``corpus``), strict span and record scores (``scoring``), error
analysis with a Markdown report and plots (``report``), and F1 floors for CI (``floors``)."""
