"""`python -m fazhi_ie …` is the `fazhi-ie` command."""
from .cli import main

raise SystemExit(main())
