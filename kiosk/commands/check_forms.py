"""``council-kiosk check-forms PATH...``: report every problem in definition files."""

from __future__ import annotations

import sys
from pathlib import Path

from forms.catalogue import load_catalogue


def run_check_forms(paths: list[Path]) -> int:
    """Print one line per problem on stderr and a summary; exit 1 if anything is wrong."""
    catalogue = load_catalogue(paths)
    if not catalogue.forms and not catalogue.problems:
        names = ", ".join(str(p) for p in paths)
        print(f"no form definitions (.yaml or .yml files) found in: {names}", file=sys.stderr)
        return 1
    for problem in catalogue.problems:
        print(problem, file=sys.stderr)
    broken = len({p.path for p in catalogue.problems})
    print(f"{len(catalogue.forms)} form(s) valid, {broken} file(s) with problems", file=sys.stderr)
    return 1 if catalogue.problems or not catalogue.forms else 0
