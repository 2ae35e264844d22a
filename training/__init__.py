"""Training the token classifier: ``python -m training.train --help``."""

from __future__ import annotations

import argparse


def parse_arguments(classes, description: str | None, argv: list[str] | None = None) -> tuple:
    """The argument dataclasses ``classes`` (one or a tuple) parsed from ``argv`` like transformers'
    examples, the module's docstring as the help text."""
    from transformers import HfArgumentParser

    parser = HfArgumentParser(classes, description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    return tuple(parser.parse_args_into_dataclasses(args=argv))
