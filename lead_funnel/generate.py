"""Entry point of the synthetic raw-data generator: ``python -m lead_funnel.generate``.

The generator is the package ``lead_funnel.generator`` (one module per role); this module keeps
the historical command and import path (``from lead_funnel.generate import generate``).
"""

from __future__ import annotations

import sys

from lead_funnel.generator.cli import add_arguments, main, run
from lead_funnel.generator.run import generate, planted_rates

__all__ = ["add_arguments", "generate", "main", "planted_rates", "run"]

if __name__ == "__main__":
    sys.exit(main())
