"""Test, bench and CI tooling (not installed with the runtime package)."""
