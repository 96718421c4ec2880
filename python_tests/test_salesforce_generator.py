"""The Salesforce per-table staging files (base/stg/quarantine models, their YAML, the sources YAML,
macros/salesforce_tables.sql) are generated from one SPEC by devtools/generate_salesforce_staging.py:
they must be what it generates, or a hand edit drifts from the spec and the next regeneration undoes
it. Runs the generator's --check (no dbt; well under a second)."""

from __future__ import annotations

import subprocess
import sys

from python_tests.conftest import PROJECT_DIR


def test_generated_salesforce_files_match_the_spec():
    result = subprocess.run(
        [sys.executable, "-m", "devtools.generate_salesforce_staging", "--check"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
