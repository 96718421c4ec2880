{{
    config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key='lead_id',
        on_schema_change='fail',
        pre_hook="{{ lead_funnel.incremental_copy_loaded() }}",
        post_hook=[
            "{{ lead_funnel.incremental_delete_tombstones('activity_id') }}",
            "{{ lead_funnel.incremental_drop_loaded_copy() }}"
        ]
    )
}}
{#-
    Engagement at each activity under each scoring-model version evaluated (the versions in force
    over the history and the draft: int_scoring_model_versions), set-based. Each activity adds its points when it occurs and
    takes them back once it is older than the lead's recency window (strictly after
    occurred_at + window days, so at equal timestamps additions are ordered first and an
    activity exactly `window` days old still counts). A running sum per lead and type gives the
    type's points in the window; its capped value changes only at that type's deltas, so the
    running sum of those changes per lead is the sum of capped type points at every moment.
    The total cap is applied last. No activity x type cross join: two sorts of 2 rows per activity,
    narrow ones (integer keys, the type, the delta and the arrival's activity_id: macro
    scoring_engagement_point_deltas_ctes); the lead and version come back from keyed_leads.

    Incremental (docs/performance.md): a lead's timeline depends on all its earlier activities,
    so a run recomputes the whole timeline of the affected leads only and replaces their rows
    (delete+insert on lead_id). Affected: leads with activities dated in the lookback
    (var incremental_lookback_days before the latest loaded activity or as_of), leads with loaded
    rows there, and leads whose number of activities before the lookback no longer matches the
    loaded rows (late, re-pointed, re-decided or removed activities). An affected lead left without
    activities is written as a tombstone (activity_id null) that deletes its rows; the post-hook
    removes it. Changes of the scoring seeds or vars (var scoring_draft_model_version included), or
    of a lead's recency window alone, need `--full-refresh`. The counts read each activity once
    (weighted by its lead's versions: incremental_affected_keys row_weight), and only the affected
    leads' activities are scored and windowed (macro scored_activities_ctes with only_leads: filtered
    on the lead map before the activities are joined, not after the view scored them all). The
    per-type windows partition on the integer activity_type_key (one per scored type; the
    unscored types share 0 and score 0 under any cap).
-#}

{#- the refs of the incremental branch, recorded when dbt parses (is_incremental() is false then) -#}
{%- if not execute -%}
    {%- do lead_funnel.scored_activities_ctes('parsed') -%}
{%- endif %}

with

leads as (
    select
        lead_id,
        model_version,
        recency_window_days
    from {{ ref('int_leads_enriched_by_model_version') }}
),

{% if is_incremental() %}

    -- every lead's activities, key and time only, counted per activity (before the versions multiply
    -- them): the staged activities re-pointed through the lead map of macro scored_activities_ctes
    -- (the definition of int_activities_scored_by_model_version), each standing for its lead's rows
    -- in `leads` under the versions evaluated: the view's rows (one per activity and version
    -- evaluated: the seed is unique per type and version) that join `leads` (unique per lead and version)
    {{ lead_funnel.scored_activities_ctes('scored') }},

    lead_version_counts as (
        select
            leads.lead_id,
            count(*) as version_count
        from leads
        inner join scored__model_versions
            on leads.model_version = scored__model_versions.model_version
        group by 1
    ),

    lead_activities as (
        select
            scored__leads.canonical_lead_id as lead_id,
            scored__activities.occurred_at,
            lead_version_counts.version_count
        from scored__activities
        inner join scored__leads
            on scored__activities.lead_id = scored__leads.lead_id
        inner join lead_version_counts
            on scored__leads.canonical_lead_id = lead_version_counts.lead_id
        where scored__activities.occurred_at <= {{ lead_funnel.as_of() }}
    ),

    {{ lead_funnel.incremental_affected_keys(
        'lead_activities', 'lead_id', 'occurred_at', lead_funnel.as_of(), row_weight='version_count'
    ) }},

    -- the affected leads' activities only, scored after the filter (macro scored_activities_ctes:
    -- the definition of int_activities_scored_by_model_version, filtered on its lead map)
    {{ lead_funnel.scored_activities_ctes('scored_activities', only_leads='affected_keys') }},

    activities as (
        select * from scored_activities
        where occurred_at <= {{ lead_funnel.as_of() }}
    ),

{% else %}

    activities as (
        select * from {{ ref('int_activities_scored_by_model_version') }}
        where occurred_at <= {{ lead_funnel.as_of() }}
    ),

{% endif %}

{{ lead_funnel.scoring_engagement_point_deltas_ctes('activities', 'leads') }},

{{ lead_funnel.scoring_capped_engagement_ctes('point_deltas', 'lead_key', type_key='activity_type_key') }},

timeline as (
    -- the arrivals: the activity's columns came through the windows; its lead and version from keyed_leads
    select
        keyed_leads.lead_id,
        keyed_leads.model_version,
        engagement_capped.activity_id,
        engagement_capped.activity_type,
        engagement_capped.delta_at as occurred_at,
        engagement_capped.point_delta as points,
        engagement_capped.is_hand_raiser,
        cast(engagement_capped.type_capped_points as integer) as type_capped_points,
        cast(engagement_capped.engagement_before_total_cap as integer) as engagement_before_total_cap,
        cast(engagement_capped.engagement_score as integer) as engagement_score
    from engagement_capped
    inner join keyed_leads
        on engagement_capped.lead_key = keyed_leads.lead_key
    where engagement_capped.delta_order = 0
),

final as (
    select * from timeline
    {% if is_incremental() -%}
        union all
        -- tombstones: affected leads left without activities (deleted by the post-hook)
        select
            affected_keys.lead_id,
            cast(null as {{ dbt.type_string() }}) as model_version,
            cast(null as {{ dbt.type_string() }}) as activity_id,
            cast(null as {{ dbt.type_string() }}) as activity_type,
            cast(null as {{ dbt.type_timestamp() }}) as occurred_at,
            cast(null as integer) as points,
            cast(null as boolean) as is_hand_raiser,
            cast(null as integer) as type_capped_points,
            cast(null as integer) as engagement_before_total_cap,
            cast(null as integer) as engagement_score
        from affected_keys
        where affected_keys.lead_id not in (select timeline.lead_id from timeline)
    {%- endif %}
)

{{ lead_funnel.incremental_select('final', 'lead_id', tombstone_column='activity_id') }}
