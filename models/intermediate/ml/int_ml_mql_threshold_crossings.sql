{{
    config(
        materialized='table'
    )
}}
{#-
    Candidate thresholds run against the leads' history (docs/ml.md): for every lead and candidate
    threshold, the first activity at which the lead would have become an MQL had its segment's
    threshold been that value; all other MQL rules unchanged (fit and engagement gates, no
    score path for hand-raiser-only sources, the hand-raiser fast track, never when disqualified).
    Leads that would never qualify at a threshold have no row for it.
    Set-based: only the activities at which a lead's gated score beats all its earlier ones (a few
    per lead) are joined to the thresholds, each to the thresholds between the previous record
    and its own score: the first crossing of each threshold, without ranking the crossings.
    At a segment's current threshold the crossing is the lead's first MQL (singular test
    assert_ml_crossing_at_current_threshold_is_first_mql).
    A table: it replays the engagement timeline (int_lead_mql_evaluations), which should run once
    per build, not once per test and reader.
-#}

with

evaluations as (
    select
        lead_id,
        activity_id,
        occurred_at,
        segment,
        is_hand_raiser,
        is_disqualified,
        is_hand_raiser_only_source,
        fit_score,
        engagement_score,
        lead_score
    from {{ ref('int_lead_mql_evaluations') }}
    -- the scoring-model version in force at as_of, whose thresholds the grid varies
    where {{ lead_funnel.scoring_model_version_is('is_in_force_at_as_of') }}
),

grid as (
    select
        segment,
        mql_threshold,
        is_current_threshold,
        volume_window_start_at,
        volume_window_end_at
    from {{ ref('int_ml_threshold_grid') }}
),

score_path as (
    -- activities at which the score path is open (macro mql_qualifies_by_score: gates, source,
    -- not disqualified) at the lowest candidate threshold (lower scores cross nothing and
    -- cannot hide a later record of a candidate threshold)
    select
        *,
        max(lead_score) over (
            partition by lead_id
            order by occurred_at, activity_id
            rows between unbounded preceding and 1 preceding
        ) as best_earlier_score
    from evaluations
    where {{ lead_funnel.mql_qualifies_by_score(mql_score_threshold=lead_funnel.ml_threshold_values() | min) }}
),

score_records as (
    select * from score_path
    where best_earlier_score is null or lead_score > best_earlier_score
),

score_crossings as (
    -- a record's score beats every earlier one, so the records of a lead rise strictly: the first
    -- activity at or above a threshold is the one record whose score reaches it while the record
    -- before (best_earlier_score) did not - a range join, no ranking of every crossing
    select
        score_records.lead_id,
        score_records.segment,
        grid.mql_threshold,
        score_records.activity_id,
        score_records.occurred_at,
        score_records.fit_score,
        score_records.engagement_score,
        score_records.lead_score
    from score_records
    inner join grid
        on
            score_records.segment = grid.segment
            and score_records.lead_score >= grid.mql_threshold
            and (score_records.best_earlier_score is null or score_records.best_earlier_score < grid.mql_threshold)
),

ranked_fast_tracks as (
    select
        *,
        row_number() over (
            partition by lead_id
            order by occurred_at, activity_id
        ) as fast_track_rank
    from evaluations
    where {{ lead_funnel.mql_qualifies_by_hand_raiser() }}
),

fast_track_crossings as (
    -- the fast track does not depend on the threshold: one row per candidate threshold
    select
        ranked_fast_tracks.lead_id,
        ranked_fast_tracks.segment,
        grid.mql_threshold,
        ranked_fast_tracks.activity_id,
        ranked_fast_tracks.occurred_at,
        ranked_fast_tracks.fit_score,
        ranked_fast_tracks.engagement_score,
        ranked_fast_tracks.lead_score
    from ranked_fast_tracks
    inner join grid
        on ranked_fast_tracks.segment = grid.segment
    where ranked_fast_tracks.fast_track_rank = 1
),

crossings as (
    -- the earlier path wins; at the same activity time the score path does (as for MQL events)
    select
        coalesce(score_crossings.lead_id, fast_track_crossings.lead_id) as lead_id,
        coalesce(score_crossings.segment, fast_track_crossings.segment) as segment,
        coalesce(score_crossings.mql_threshold, fast_track_crossings.mql_threshold) as mql_threshold,
        case
            when fast_track_crossings.lead_id is null then 'score'
            when score_crossings.lead_id is null then 'hand_raiser'
            when score_crossings.occurred_at <= fast_track_crossings.occurred_at then 'score'
            else 'hand_raiser'
        end as projected_trigger,
        score_crossings.activity_id as score_activity_id,
        score_crossings.occurred_at as score_occurred_at,
        score_crossings.fit_score as score_fit_score,
        score_crossings.engagement_score as score_engagement_score,
        fast_track_crossings.activity_id as fast_track_activity_id,
        fast_track_crossings.occurred_at as fast_track_occurred_at,
        fast_track_crossings.fit_score as fast_track_fit_score,
        fast_track_crossings.engagement_score as fast_track_engagement_score
    from score_crossings
    full outer join fast_track_crossings
        on
            score_crossings.lead_id = fast_track_crossings.lead_id
            and score_crossings.mql_threshold = fast_track_crossings.mql_threshold
),

resolved as (
    select
        lead_id,
        segment,
        mql_threshold,
        projected_trigger,
        case when projected_trigger = 'score' then score_activity_id else fast_track_activity_id end
            as activity_id,
        case when projected_trigger = 'score' then score_occurred_at else fast_track_occurred_at end
            as projected_mql_at,
        case when projected_trigger = 'score' then score_fit_score else fast_track_fit_score end
            as fit_score,
        case
            when projected_trigger = 'score' then score_engagement_score
            else fast_track_engagement_score
        end as engagement_score
    from crossings
),

final as (
    select
        {{ lead_funnel.row_key(['resolved.lead_id', 'resolved.mql_threshold']) }} as threshold_crossing_id,
        resolved.lead_id,
        resolved.segment,
        cast(resolved.mql_threshold as integer) as mql_threshold,
        grid.is_current_threshold,
        resolved.projected_mql_at,
        resolved.projected_trigger,
        resolved.activity_id,
        cast(resolved.fit_score as integer) as fit_score,
        cast(resolved.engagement_score as integer) as engagement_score,
        cast(resolved.fit_score + resolved.engagement_score as integer) as lead_score,
        (
            resolved.projected_mql_at >= grid.volume_window_start_at
            and resolved.projected_mql_at < grid.volume_window_end_at
        ) as is_in_volume_window
    from resolved
    inner join grid
        on
            resolved.segment = grid.segment
            and resolved.mql_threshold = grid.mql_threshold
)

select * from final
