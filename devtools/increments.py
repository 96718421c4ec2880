"""Split a generated raw data set into "yesterday" and "today" to exercise incremental runs.

``split_last_day(full, day0, day1, day)`` writes two raw folders from one generated folder:

* ``day0``: what the warehouse had loaded by the end of the day before ``day``: every table
  without the rows dated on or after ``day`` (leads by created_at, activities by occurred_at,
  status changes by changed_at, opportunities by created_at, spend by spend_date), and without
  a share of the activities of the two days before (``late_share``: they arrive late);
* ``day1``: the full data set plus, when ``duplicates`` is true, an exact copy of a recent
  activity, a re-sent old activity (same activity_id, new content dated on ``day``, so the
  old staged row becomes a duplicate) and a late activity at the same instant and of the same
  type as one of its lead's loaded before (a tie, id ``<that activity_id>-tie``). With ``withhold_lead`` one long-standing lead (with
  activities weeks old) is missing from day0 and present in day1: its old activities are
  quarantined as unknown_lead on day0 and must be staged on day1. With ``duplicates``, day1's
  opportunities also close one open deal lost without a close date (a stage change that moves
  no count, time, win or amount of the lead's opportunities: only its status), and its leads
  a second record of a known person (``<lead_id>-dup``, same email as a lead with activities in
  the 20 days before ``day``) with one activity of its own on ``day``: re-pointed to the
  surviving record, whose recomputation must read both records' activities.

``split_days(full, folders, days)`` chains it for consecutive daily increments: with days
``[d1, d2]`` and folders ``[day0, day1, day2]``, day2 is ``full`` plus the duplicates (dated
d2), day1 everything before d2 minus its late share (late rows of d1 and d2 - 1), day0
everything before d1 minus its late share (and, with ``withhold_lead``, without the withheld
lead). Duplicates only on the last day: each load then holds every row of the one before it,
as a loader appends (a re-sent correction that disappears again the next day leaves its old
original row, outside the re-read window, undecided until ``--full-refresh``).

``resend_with_new_type(raw, out, since, lead_active_since)`` copies a raw folder and re-sends one
recent activity with another type (same activity_id, lead and occurred_at);
``resend_with_new_asset(raw, out, since, lead_active_since, skip_lead)`` the same with another asset.

Used by ``python_tests/test_incremental.py`` and ``bench/bench.py``. DuckDB does the work, so
memory stays bounded at the 30M-activity tier. Undated (unparseable) rows stay in both days.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb

from lead_funnel import settings

# table -> the column that dates its rows (tables not listed, i.e. accounts, are kept whole)
DATED = {
    "leads": "created_at",
    "activities": "occurred_at",
    "lead_status_history": "changed_at",
    "opportunities": "created_at",
    "campaign_spend": "spend_date",
}


def _copy(con, query: str, out: Path) -> None:
    con.execute(f"copy ({query}) to '{out}' (format parquet)")


def split_last_day(
    full_dir,
    day0_dir,
    day1_dir,
    day: dt.date,
    late_share: float = 0.1,
    duplicates: bool = True,
    withhold_lead: bool = False,
    duplicate_person: bool = True,
) -> dict:
    """Write day0/day1 raw folders from ``full_dir`` (see the module docstring); returns counts.
    ``duplicate_person`` (with ``duplicates``): add the second lead record of a known person."""
    full, day0, day1 = Path(full_dir), Path(day0_dir), Path(day1_dir)
    for folder in (day0, day1):
        folder.mkdir(parents=True, exist_ok=True)
    start = f"timestamp '{day.isoformat()} 00:00:00'"
    late_from = f"timestamp '{(day - dt.timedelta(days=2)).isoformat()} 00:00:00'"
    con = duckdb.connect()
    con.execute("set preserve_insertion_order = false")
    counts: dict = {}

    def dated(table: str) -> str:
        return f"try_cast({DATED[table]} as timestamp)"

    withheld_lead = None
    if withhold_lead:
        withheld_lead = con.execute(
            f"""
            select lead_id from read_parquet('{full}/activities.parquet')
            where try_cast(occurred_at as timestamp) < {start} - interval 40 day
            group by 1 having count(*) >= 3
            order by hash(lead_id) limit 1
            """
        ).fetchone()[0]
    counts["withheld_lead"] = withheld_lead

    for table in settings.raw_tables():
        src = f"read_parquet('{full}/{table}.parquet')"
        shutil.copyfile(full / f"{table}.parquet", day1 / f"{table}.parquet")
        if table == "accounts":
            shutil.copyfile(full / f"{table}.parquet", day0 / f"{table}.parquet")
            continue
        keep = f"coalesce({dated(table)} < {start}, true)"
        if table == "activities":
            # the late ones: a deterministic share of the two days before `day`
            keep += (
                f" and not coalesce({dated(table)} >= {late_from} and {dated(table)} < {start}"
                f" and hash(activity_id) % 1000 < {int(late_share * 1000)}, false)"
            )
        if table == "leads" and withheld_lead is not None:
            keep += f" and coalesce(lead_id <> '{withheld_lead}', true)"
        _copy(con, f"select * from {src} where {keep}", day0 / f"{table}.parquet")
        counts[f"{table}_day0"] = con.execute(f"select count(*) from '{day0}/{table}.parquet'").fetchone()[0]
        counts[f"{table}_day1"] = con.execute(f"select count(*) from {src}").fetchone()[0]

    if duplicates:
        src = f"read_parquet('{full}/activities.parquet')"
        types = dict(con.execute(f"select column_name, column_type from (describe select * from {src})").fetchall())
        occurred_type = types["occurred_at"]
        type_type = types["activity_type"]
        exact_copy = (
            f"(select * from {src} where try_cast(occurred_at as timestamp) >= {start} - interval 1 day"
            f" and try_cast(occurred_at as timestamp) < {start} order by activity_id limit 1)"
        )
        resent_old = (
            f"(select activity_id, lead_id, cast('page_view' as {type_type}) as activity_type,"
            f" cast({start} + interval 12 hour as {occurred_type}) as occurred_at, asset, campaign_id"
            f" from {src} where try_cast(occurred_at as timestamp) < {start} - interval 30 day"
            f" and try_cast(occurred_at as timestamp) >= {start} - interval 60 day"
            f" order by activity_id limit 1)"
        )
        # a late activity at the very instant of another of its lead's (same type), loaded a day
        # or two before: peers at one instant, staged on different days
        tie = (
            f"(select activity_id || '-tie' as activity_id, lead_id, activity_type, occurred_at, asset, campaign_id"
            f" from {src} where try_cast(occurred_at as timestamp) >= {start} - interval 3 day"
            f" and try_cast(occurred_at as timestamp) < {start} - interval 2 day and lead_id is not null"
            f" order by activity_id limit 1)"
        )
        # a second lead record of a known person (the same email as a lead with activities in the
        # last 20 days), created today with an activity of its own: the activity is re-pointed to
        # the surviving (earliest) record, whose recomputation must read both records' activities
        merged = ""
        if duplicate_person:
            person, activity = _add_duplicate_person(con, full, day1, start)
            counts["duplicate_person"] = person
            merged = f" union all {activity}"
            counts["activities_day1"] += 1
            counts["leads_day1"] += 1
        tmp = day1 / "activities.tmp.parquet"
        _copy(con, f"select * from {src} union all {exact_copy} union all {resent_old} union all {tie}{merged}", tmp)
        tmp.replace(day1 / "activities.parquet")
        counts["activities_day1"] += 3
        counts["closed_without_date"] = _close_lost_without_date(con, full, day1, start)
    con.close()
    return counts


def _add_duplicate_person(con, full: Path, day1: Path, start: str):
    """Append to ``day1``'s leads a new record ``<lead_id>-dup`` of a lead whose email no other
    record has and which has two or more activities in the 20 days before ``start`` (created
    before it), created at ``start`` + 1 hour. Returns the surviving lead_id and a select of the
    new record's one activity (a page view at ``start`` + 2 hours, id ``<lead_id>-dup-visit``)."""
    leads = f"read_parquet('{full}/leads.parquet')"
    activities = f"read_parquet('{full}/activities.parquet')"
    person = con.execute(
        f"""
        select leads.lead_id from {leads} as leads
        where leads.lead_id is not null and leads.email is not null
            and try_cast(leads.created_at as timestamp) < {start} - interval 20 day
            and not coalesce(try_cast(leads.is_deleted as boolean), false)
            and (select count(*) from {leads} as other
                 where lower(trim(other.email)) = lower(trim(leads.email))) = 1
            and leads.lead_id in (
                select lead_id from {activities}
                where try_cast(occurred_at as timestamp) >= {start} - interval 20 day
                    and try_cast(occurred_at as timestamp) < {start}
                group by 1 having count(*) >= 2)
        order by hash(leads.lead_id) limit 1
        """
    ).fetchone()[0]
    lead_types = dict(con.execute(f"select column_name, column_type from (describe select * from {leads})").fetchall())
    replaced = {
        "lead_id": f"'{person}-dup'",
        "created_at": f"cast({start} + interval 1 hour as {lead_types['created_at']})",
        "updated_at": f"cast({start} + interval 1 hour as {lead_types['updated_at']})",
    }
    columns = ", ".join(f"{replaced.get(name, name)} as {name}" for name in lead_types)
    tmp = day1 / "leads.tmp.parquet"
    _copy(con, f"select * from {leads} union all select {columns} from {leads} where lead_id = '{person}'", tmp)
    tmp.replace(day1 / "leads.parquet")
    activity_types = dict(con.execute(f"select column_name, column_type from (describe select * from {activities})").fetchall())
    visit = {
        "activity_id": f"'{person}-dup-visit'",
        "lead_id": f"'{person}-dup'",
        "activity_type": f"cast('page_view' as {activity_types['activity_type']})",
        "occurred_at": f"cast({start} + interval 2 hour as {activity_types['occurred_at']})",
    }
    merged = (
        f"(select {', '.join(f'{visit.get(name, name)} as {name}' for name in activity_types)}"
        f" from {activities} where lead_id = '{person}' order by activity_id limit 1)"
    )
    return person, merged


def _close_lost_without_date(con, full: Path, day1: Path, start: str):
    """Rewrite ``day1``'s opportunities (a CRM snapshot export): one open opportunity, created more
    than 80 days before ``start``, of a lead quiet since then (no activity or status change: no
    window of it moves), is now stage closed_lost with no close date. Only its status moves
    (open -> lost): no count, time, win or amount. Returns its opportunity_id (None if none)."""
    src = f"read_parquet('{full}/opportunities.parquet')"
    found = con.execute(
        f"""
        with last_dated as (
            select lead_id, try_cast(occurred_at as timestamp) as dated_at
            from read_parquet('{full}/activities.parquet')
            union all
            select lead_id, try_cast(changed_at as timestamp) as dated_at
            from read_parquet('{full}/lead_status_history.parquet')
        ),
        recent_leads as (
            select lead_id from last_dated where coalesce(dated_at >= {start} - interval 80 day, true)
        )
        select opportunity_id from {src}
        where not coalesce(is_closed, false) and not coalesce(is_won, false) and closed_at is null
            and stage in ('discovery', 'proposal', 'negotiation')
            and try_cast(created_at as timestamp) < {start} - interval 80 day
            and lead_id is not null and lead_id not in (select lead_id from recent_leads where lead_id is not null)
        order by opportunity_id
        limit 1
        """
    ).fetchone()
    if found is None:
        return None
    types = dict(con.execute(f"select column_name, column_type from (describe select * from {src})").fetchall())
    replaced = {"stage": "'closed_lost'", "is_closed": "true", "is_won": "false"}
    select = ", ".join(
        f"case when opportunity_id = '{found[0]}' then cast({replaced[column]} as {column_type}) else {column} end"
        f" as {column}" if column in replaced else column
        for column, column_type in types.items()
    )
    tmp = day1 / "opportunities.tmp.parquet"
    _copy(con, f"select {select} from {src}", tmp)
    tmp.replace(day1 / "opportunities.parquet")
    return found[0]


def split_days(full_dir, folders, days, late_share: float = 0.1, duplicates: bool = True,
               withhold_lead: bool = False) -> dict:
    """Raw folders for consecutive daily increments (module docstring): ``folders[i]`` holds what
    was loaded by the end of the day before ``days[i]`` (``folders[-1]``: everything). Returns
    the counts of each split, keyed ``"<day>:<count>"``; the lead is withheld from ``folders[0]``."""
    folders = [Path(folder) for folder in folders]
    if len(folders) != len(days) + 1 or sorted(days) != list(days):
        raise ValueError("split_days needs one folder more than days, and the days in order")
    counts: dict = {}
    source = Path(full_dir)
    # from the last day back: each split's "before" folder is the next split's source
    for index in range(len(days) - 1, -1, -1):
        before, after = folders[index], folders[index + 1]
        if index < len(days) - 1:
            # the "after" folder of this split is the source itself plus this day's duplicates
            staged = after.with_name(after.name + ".before")
            after.rename(staged)
            source = staged
        split = split_last_day(
            source, before, after, days[index], late_share=late_share,
            duplicates=duplicates and index == len(days) - 1,
            withhold_lead=withhold_lead and index == 0,
        )
        if source != Path(full_dir):
            shutil.rmtree(source)
        counts.update({f"{days[index].isoformat()}:{key}": value for key, value in split.items()})
    return counts


def resend_with_new_type(raw_dir, out_dir, since: dt.datetime, lead_active_since: dt.datetime,
                         new_type: str = "demo_request"):
    """Write ``out_dir``: the raw folder ``raw_dir`` plus one activity re-sent with another type (same
    activity_id, lead_id and occurred_at): an email open dated from ``since`` on, of a lead whose
    activities all date from ``lead_active_since`` on and none of which is a hand-raiser, re-sent
    as ``new_type``. Among raw rows of one activity_id at the same instant the lower raw_row_hash
    wins (base_raw__activities), so it is one whose re-sent row wins. Returns its activity_id (None
    when no activity qualifies)."""
    return _resend_with(
        raw_dir, out_dir, "activity_type", new_type, since, lead_active_since,
        conditions=["activities.activity_type = 'email_open'", "leads.hand_raisers = 0"],
    )


def resend_with_new_asset(raw_dir, out_dir, since: dt.datetime, lead_active_since: dt.datetime,
                          skip_lead: str | None = None, new_asset: str = "re-sent-asset"):
    """Write ``out_dir``: the raw folder ``raw_dir`` plus one activity re-sent with another asset
    (same activity_id, lead_id, activity_type and occurred_at): one dated from ``since`` on, of a
    lead other than ``skip_lead`` whose activities all date from ``lead_active_since`` on, whose
    re-sent row wins (the lower raw_row_hash at the same instant, as resend_with_new_type). No
    count, time or type moves: only the content hash of int_lead_input_fingerprints can see it.
    Returns its activity_id (None when no activity qualifies)."""
    return _resend_with(raw_dir, out_dir, "asset", new_asset, since, lead_active_since, skip_lead=skip_lead)


def _resend_with(raw_dir, out_dir, column: str, new_value: str, since: dt.datetime,
                 lead_active_since: dt.datetime, conditions: list[str] | None = None,
                 skip_lead: str | None = None):
    """The one re-send of resend_with_new_type / resend_with_new_asset: ``raw_dir`` copied to
    ``out_dir`` plus the first activity (by activity_id) dated from ``since`` on, of a lead other
    than ``skip_lead`` whose activities all date from ``lead_active_since`` on, unique by id,
    meeting ``conditions`` (SQL over ``activities`` and ``leads``: hand_raisers, first_at), whose
    row re-sent with ``column`` = ``new_value`` wins (the lower raw_row_hash at the same instant)."""
    raw, out = Path(raw_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for table in settings.raw_tables():
        if table != "activities":
            shutil.copyfile(raw / f"{table}.parquet", out / f"{table}.parquet")
    src = f"read_parquet('{raw}/activities.parquet')"
    con = duckdb.connect()
    types = dict(con.execute(f"select column_name, column_type from (describe select * from {src})").fetchall())
    row_columns = ("activity_id", "lead_id", "activity_type", "occurred_at", "asset", "campaign_id")

    def row_hash(replaced: str) -> str:
        # base_raw__activities' raw_row_hash (macro row_key) of the row with `column` from `replaced`
        parts = " || '|' || ".join(
            f"coalesce(cast(activities.{replaced if name == column else name} as varchar), '~null~')"
            for name in row_columns
        )
        return f"md5({parts})"

    where = " and ".join(conditions or ["true"])
    found = con.execute(
        f"""
        with activities as (
            select *, cast(? as {types[column]}) as new_value from {src}
        ),
        leads as (
            select
                lead_id,
                min(try_cast(occurred_at as timestamp)) as first_at,
                count(*) filter (where activity_type in ('demo_request', 'contact_form')) as hand_raisers
            from {src}
            where lead_id is not null
            group by 1
        ),
        per_id as (
            select activity_id, count(*) as id_count from {src} group by 1
        )
        select activities.activity_id
        from activities
        inner join leads on activities.lead_id = leads.lead_id
        inner join per_id on activities.activity_id = per_id.activity_id
        where try_cast(activities.occurred_at as timestamp) >= ?
            and leads.first_at >= ?
            and activities.lead_id is distinct from ?
            and activities.{column} is distinct from activities.new_value
            and per_id.id_count = 1
            and {where}
            and {row_hash('new_value')} < {row_hash(column)}
        order by activities.activity_id
        limit 1
        """,
        [new_value, since, lead_active_since, skip_lead],
    ).fetchone()
    activity_id = found[0] if found else None
    selected = ", ".join(
        f"cast('{new_value}' as {types[column]}) as {column}" if name == column else name for name in types
    )
    _copy(
        con,
        f"select * from {src} union all select {selected} from {src}"
        f" where activity_id = '{(activity_id or '').replace(chr(39), chr(39) * 2)}'",
        out / "activities.parquet",
    )
    con.close()
    return activity_id
