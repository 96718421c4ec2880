"""The engine-parity comparison (devtools/parity.py) on hand-made rows: no DuckDB build, no Spark.

`make test-spark` trusts this comparison to fail when a mart built on Spark differs from DuckDB's;
these tests check that it does, and that it tolerates what is not a difference.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json

from devtools import parity

COLUMNS = ["lead_id", "fit_score", "lead_score_rate", "mql_at", "is_mql", "segment"]
ROWS = [
    ("L001", 50, 0.5833333333333334, dt.datetime(2026, 1, 5, 13, 45, 10), True, "smb"),
    ("L002", 35, None, None, False, "enterprise"),
    ("L003", -20, 1e-12, dt.datetime(2026, 1, 1), False, None),
]


def compare(left_rows, right_rows, right_columns=COLUMNS, key=("lead_id",)):
    return parity.compare_rows("dim_leads", COLUMNS, left_rows, right_columns, right_rows, key)


def test_equal_rows_in_another_order_and_column_order_are_equal():
    reordered_columns = list(reversed(COLUMNS))
    right = [tuple(reversed(row)) for row in reversed(ROWS)]
    assert compare(ROWS, right, reordered_columns) == []
    assert compare(ROWS, right, [c.upper() for c in reordered_columns]) == []


def test_a_differing_row_fails_naming_model_key_and_columns():
    right = list(ROWS)
    right[1] = ("L002", 36, None, None, True, "enterprise")
    differences = compare(ROWS, right)
    assert len(differences) == 1
    message = str(differences[0])
    assert message.startswith("dim_leads [lead_id='L002']")
    assert "fit_score: duckdb=35 spark=36" in message
    assert "is_mql: duckdb=False spark=True" in message
    assert "segment" not in message  # only the differing columns


def test_floats_within_1e_9_are_equal_and_beyond_are_not():
    close = [(*ROWS[0][:2], ROWS[0][2] + 4e-10, *ROWS[0][3:]), *ROWS[1:]]
    assert compare(ROWS, close) == []
    far = [(*ROWS[0][:2], 0.5833333, *ROWS[0][3:]), *ROWS[1:]]  # decimal arithmetic's 7 digits
    assert [d.key for d in compare(ROWS, far)] == ["lead_id='L001'"]


def test_decimals_compare_as_numbers():
    left = [("L001", decimal.Decimal("12.50"), None, None, None, None)]
    right = [("L001", 12.5, None, None, None, None)]
    assert compare(left, right) == []


def test_null_differs_from_any_value_and_equals_null():
    right = list(ROWS)
    right[1] = ("L002", 35, 0.0, None, False, "enterprise")
    assert "lead_score_rate: duckdb=None spark=0.0" in str(compare(ROWS, right)[0])
    right[1] = ("L002", 35, None, None, False, "")
    assert len(compare(ROWS, right)) == 1  # '' is not null


def test_timestamps_must_be_equal_to_the_microsecond():
    right = list(ROWS)
    right[0] = (*ROWS[0][:3], dt.datetime(2026, 1, 5, 13, 45, 10, 1), *ROWS[0][4:])
    assert "mql_at" in str(compare(ROWS, right)[0])
    aware = dt.datetime(2026, 1, 5, 14, 45, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    right[0] = (*ROWS[0][:3], aware, *ROWS[0][4:])
    assert compare(ROWS, right) == []  # the same instant


def test_missing_and_extra_rows_and_columns_fail():
    differences = compare(ROWS, ROWS[:2] + [("L004", *ROWS[2][1:])])
    assert sorted(d.key for d in differences) == ["lead_id='L003'", "lead_id='L004'"]
    assert "row only in duckdb" in str([d for d in differences if d.key == "lead_id='L003'"][0])
    columns = compare(ROWS, [row[:-1] for row in ROWS], COLUMNS[:-1])
    assert len(columns) == 1 and "only in duckdb: ['segment']" in str(columns[0])


def test_without_a_key_sorted_rows_are_compared():
    assert compare(ROWS, list(reversed(ROWS)), key=()) == []
    differences = compare(ROWS, ROWS[:2] + [("L003", -21, *ROWS[2][2:])], key=())
    assert differences and "fit_score" in str(differences[-1])
    assert "rows" in str(compare(ROWS, ROWS[:2], key=())[0])


def test_contracted_marts_come_from_the_manifest(tmp_path):
    manifest = {
        "nodes": {
            "model.p.dim_leads": {
                "resource_type": "model", "name": "dim_leads", "schema": "marts", "alias": "dim_leads",
                "config": {"enabled": True, "contract": {"enforced": True}},
                "columns": {"lead_id": {"constraints": [{"type": "not_null"}, {"type": "primary_key"}]},
                            "fit_score": {"constraints": []}},
                "constraints": [],
            },
            "model.p.int_leads": {
                "resource_type": "model", "name": "int_leads", "schema": "intermediate",
                "config": {"enabled": True, "contract": {"enforced": False}}, "columns": {},
            },
            "test.p.not_null": {"resource_type": "test", "name": "not_null", "config": {}},
        }
    }
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    assert parity.contracted_marts(path) == [
        parity.Mart("model.p.dim_leads", "dim_leads", "marts", "dim_leads", ("lead_id",))
    ]
