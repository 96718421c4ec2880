{{
    config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key='lead_id',
        on_schema_change='fail',
        pre_hook="{{ lead_funnel.incremental_copy_loaded() }}",
        post_hook=[
            "{{ lead_funnel.full_build_insert_lead_buckets() }}",
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
    (delete+insert on lead_id). Affected (CTE affected_keys): the leads int_lead_input_fingerprints
    stamped within the lookback (changed_as_of from macro incremental_lookback_start on, as
    int_leads_changed reads them; not int_leads_changed itself, which holds every lead when
    engagement decays or a version takes force: the timeline's rows do not move then). A lead's
    rows are a function of its rows of int_leads_enriched_by_model_version (versions, windows) and
    of its activities up to as_of (re-pointed: id, type, time; the versions' points are seeds, whose
    changes need `--full-refresh`); the fingerprint covers both, so every change stamps the lead:
    - a new or late activity, or one dated after the previous as_of that as_of now reaches: the
      lead's activity count up to as_of moves (an as_of moved back drops activities: it moves too);
    - a re-pointed or merged lead record: the surviving lead's count moves (activities are counted
      under the canonical lead), the record merged away is removed (below);
    - a removed activity (quarantined, became a duplicate): the count moves;
    - an activity re-sent with another type (same id, lead and time): its content hash moves;
    - a re-dated activity: the summed seconds move;
    - a new lead, or a lead whose versions or recency window changed: every column of its rows of
      int_leads_enriched_by_model_version is hashed (so a window change alone is caught too);
    - a removed lead (merged away or deleted): kept in the fingerprints as is_removed and stamped;
      an affected lead left without activities is written as a tombstone (activity_id null) that
      deletes its rows; the post-hook removes it;
    - a run missed: the stamps of the runs since the previous run's as_of, or of the lookback
      (var incremental_lookback_days), whichever is longer, are read again.
    Leads with activities in the lookback that did not change are not recomputed (their rows are
    the same). Leads stamped for other inputs (status changes, opportunities, CRM identity) are
    recomputed too: a superset, a lead-scale read instead of counting every staged activity
    against every loaded row. Only the affected leads' activities are scored and windowed (macro
    scored_activities_ctes with only_leads: filtered on the lead map before the activities are
    joined, not after the view scored them all). The per-type windows partition on the integer
    activity_type_key (one per scored type; the unscored types share 0 and score 0 under any cap).

    A full build with var full_build_lead_buckets = K > 1 (DuckDB; docs/performance.md "Bucketed
    full builds") runs the same subset query K times, affected_keys being the leads of one bucket
    (macro full_build_lead_bucket_keys; post-hook full_build_insert_lead_buckets): each pass windows
    ~1/K of the activities.
-#}

{#- the refs of the incremental branch, recorded when dbt parses (is_incremental() is false then):
    the activities' definition, the fingerprints and, in the lookback start, int_incremental_runs -#}
{%- if not execute -%}
    {%- do lead_funnel.scored_activities_ctes('parsed') -%}
    {%- do ref('int_lead_input_fingerprints') -%}
    {%- do lead_funnel.incremental_lookback_start() -%}
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

    -- the leads whose inputs moved within the lookback (stamped by the fingerprints; see above)
    affected_keys as (
        select fingerprints.lead_id
        from {{ ref('int_lead_input_fingerprints') }} as fingerprints
        where fingerprints.changed_as_of >= {{ lead_funnel.incremental_lookback_start() }}
    ),

{% endif %}

{#- a bucketed full build (var full_build_lead_buckets > 1): affected_keys is one bucket's leads per pass #}
{{ lead_funnel.full_build_lead_bucket_keys('affected_keys', 'leads') }}

{% if lead_funnel.builds_lead_subset() %}

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
