"""The set-based recency-bin movers of ml_lead_predictions (lead_funnel.ml_features
recency_bin_changed_sql) select exactly the leads recency_bin_changed selects in pandas."""

import duckdb
import pandas as pd

from lead_funnel.ml_features import recency_bin_changed, recency_bin_changed_sql


def test_recency_bin_changed_sql_matches_the_pandas_rule():
    as_of = pd.Timestamp("2026-06-30 23:59:59")
    con = duckdb.connect()
    # last activities every 6 hours over 100 days (each bin bound crossed), plus one lead without any
    con.execute(
        "create table last as select 'l' || i as lead_id,"
        f" timestamp '{as_of}' - to_hours(6 * i) as last_activity_at from range(400) as t(i)"
        " union all select 'none', null"
    )
    frame = con.table("last").df()
    for lookback_days in (1, 3, 4.5):
        expected = set(frame.loc[recency_bin_changed(frame["last_activity_at"], as_of, lookback_days), "lead_id"])
        sql = recency_bin_changed_sql("last_activity_at", as_of, lookback_days)
        got = {lead for (lead,) in con.execute(f"select lead_id from last where {sql}").fetchall()}
        assert got == expected and len(got) >= 3 * lookback_days
