{{ config(materialized='view') }}
{#-
    Score history, the public mart: the stored rows of int_lead_score_changes (incremental, the
    whole definition) with their row key computed on read, the md5 of lead_id, changed_at and
    change_order (macro row_key, the same call and so the same values as when the key was stored:
    63 MB of 494 blocks at tier S, ~6 GB at L, for a pure function of three stored columns). A
    reader that does not select lead_score_change_id hashes nothing (DuckDB prunes unused view
    columns); a filter (lead_id, changed_at) applies before the hash.
-#}

with

changes as (
    select * from {{ ref('int_lead_score_changes') }}
),

final as (
    select
        {{ lead_funnel.row_key(['lead_id', 'changed_at', 'change_order']) }} as lead_score_change_id,
        lead_id,
        scoring_model_version,
        score_date,
        changed_at,
        change_order,
        fit_score,
        engagement_score,
        lead_score,
        fit_grade,
        engagement_grade,
        score_grade,
        has_hand_raiser_in_window,
        meets_mql_criteria,
        segment,
        mql_score_threshold,
        activity_count,
        is_last_change_of_day
    from changes
)

select * from final
