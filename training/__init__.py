"""Training the token classifier: ``python -m training.train --help``."""
