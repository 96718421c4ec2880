"""Helpers shared by the ecosystem tests (publish, semantic layer, report, audience export).

The session's fixture warehouse (conftest ``fixture_db``) is held open by ``fixture_con``;
DuckDB lets no other process (``mf``) or other database instance (an ATTACH) open a file held
that way. So these tests work on a copy of the built file, with the dbt artifacts of its build.
The copy keeps the file name: DuckDB names the catalog after it, and the manifests refer to it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ARTIFACTS = ("manifest.json", "run_results.json", "semantic_manifest.json")


def copy_fixture_build(fixture_db: Path, dest: Path) -> tuple[Path, Path]:
    """Copy the fixture warehouse and its target artifacts into ``dest``; returns (db, target)."""
    dest.mkdir(parents=True, exist_ok=True)
    db = dest / fixture_db.name
    shutil.copy2(fixture_db, db)
    target = dest / "target"
    target.mkdir(exist_ok=True)
    for name in ARTIFACTS:
        source = fixture_db.parent / "target" / name
        if source.exists():
            shutil.copy2(source, target / name)
    return db, target
