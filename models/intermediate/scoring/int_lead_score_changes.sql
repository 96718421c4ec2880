{{
    config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key='lead_id',
        on_schema_change='fail',
        pre_hook="{{ lead_funnel.incremental_copy_loaded() }}",
        post_hook=[
            "{{ lead_funnel.full_build_insert_lead_buckets() }}",
            "{{ lead_funnel.incremental_delete_tombstones('changed_at') }}",
            "{{ lead_funnel.incremental_drop_loaded_copy() }}"
        ]
    )
}}
{#- Score history, stored (grain in YAML; the mart fct_lead_score_daily is this plus the row key, a view):
    the timeline's set-based engagement with expiries, under the version in force at each change;
    incremental on the affected leads: int_leads_affected plus the leads whose window or version state
    moved since the latest loaded change (macro scoring_history_affected_keys_ctes);
    a full build in K passes of one bucket of leads each with var full_build_lead_buckets = K (docs/performance.md). -#}

with

model_versions as (
    select
        *,
        -- an integer per version: the engagement grade is joined on it and the score after the windows
        row_number() over (order by model_version) as model_version_key
    from {{ ref('int_scoring_model_versions') }}
    where has_been_in_force
),

leads as (
    select * from {{ ref('int_leads_enriched_by_model_version') }}
    where {{ lead_funnel.scoring_model_version_is('has_been_in_force') }}
),

grade_scores as (
    select * from {{ ref('int_scoring_grade_scores') }}
    where grade_type = 'engagement'
),

version_grade_scores as (
    -- the engagement grade of every integer score, by integer version key
    select
        model_versions.model_version_key,
        grade_scores.score,
        grade_scores.grade
    from grade_scores
    inner join model_versions
        on grade_scores.model_version = model_versions.model_version
),

{{ lead_funnel.scoring_history_affected_keys_ctes('leads', 'model_versions') }}

-- the scored activities of the versions that have been in force (macro scored_activities_ctes: the
-- definition of int_activities_scored_by_model_version); on an incremental run or a bucket pass only
-- the affected leads', chosen on the lead map before the activities are scored (not filtered out afterwards)
{{ lead_funnel.scored_activities_ctes(
    'scored_activities', 'has_been_in_force', only_leads='affected_keys' if lead_funnel.builds_lead_subset() else none
) }},

activities as (
    select * from scored_activities
    where occurred_at <= {{ lead_funnel.as_of() }}
),

{{ lead_funnel.scored_activities_ctes(
    'scored_activity_leads', 'has_been_in_force', only_leads='affected_keys' if lead_funnel.builds_lead_subset() else none
) }},

activity_leads as (
    -- for the activity counts: read apart from `activities` (a CTE read twice is materialized whole)
    select
        lead_id,
        model_version
    from scored_activity_leads
    where occurred_at <= {{ lead_funnel.as_of() }}
),

{{ lead_funnel.scoring_engagement_point_deltas_ctes('activities', 'leads') }},

{{ lead_funnel.scoring_history_lead_lookup_ctes('keyed_leads', 'leads', 'model_versions', 'activity_leads') }},

{{ lead_funnel.scoring_history_marker_ctes('keyed_leads', 'leads', 'model_versions') }},

{{ lead_funnel.scoring_capped_engagement_ctes('history_deltas', 'lead_key', {'hand_raisers_in_window':
    'case when engagement_type_changes.is_hand_raiser then 1 - 2 * engagement_type_changes.delta_order else 0 end'
}, with_last_of_peers=true, type_key='activity_type_key') }},

states as (
    -- the state after every delta at an instant and order: peers share it, one row of them kept
    -- (is_last_of_peers, from the windows' sort: no second grouping of the ~60M deltas at tier M)
    select
        lead_key,
        delta_at as changed_at,
        delta_order as change_order,
        cast(engagement_score as integer) as engagement_score,
        hand_raisers_in_window > 0 as has_hand_raiser_in_window
    from engagement_capped
    where is_last_of_peers
),

scored as (
    -- the states under the version in force at the time, narrow (integer keys) for the sorts below
    select
        lead_lookup.lead_number,
        states.lead_key,
        states.changed_at,
        states.change_order,
        states.engagement_score,
        states.has_hand_raiser_in_window,
        lead_lookup.fit_score + states.engagement_score as lead_score,
        {{ lead_funnel.mql_meets_criteria(
            'lead_lookup.fit_score', 'states.engagement_score', 'lead_lookup.fit_score + states.engagement_score',
            'lead_lookup.mql_score_threshold', 'states.has_hand_raiser_in_window', 'lead_lookup.is_disqualified',
            'lead_lookup.is_hand_raiser_only_source'
        ) }} as meets_mql_criteria
    from states
    inner join lead_lookup
        on states.lead_key = lead_lookup.lead_key
    where {{ lead_funnel.scoring_model_version_in_force_at('lead_lookup', 'states.changed_at') }}
),

changes as (
    -- one sort per lead (all versions) shared by the lag()s; a lead_key change is a version change
    select
        *,
        lag(lead_score) over (partition by lead_number order by changed_at, change_order) as previous_lead_score,
        lag(meets_mql_criteria) over (partition by lead_number order by changed_at, change_order)
            as previous_meets_mql_criteria,
        lag(lead_key) over (partition by lead_number order by changed_at, change_order) as previous_lead_key
    from scored
),

kept as (
    -- keep a row when the score or the criteria state moved (the first row always); the next kept one
    select
        *,
        lead(changed_at) over (partition by lead_number order by changed_at, change_order) as next_changed_at
    from changes
    where
        previous_lead_score is null
        or previous_lead_score <> lead_score
        or previous_meets_mql_criteria <> meets_mql_criteria
        or previous_lead_key <> lead_key
),

described as (
    -- the wide attributes after the windows: one integer-keyed lookup, the grade by exact score
    select
        lead_lookup.lead_id,
        lead_lookup.model_version as scoring_model_version,
        cast({{ dbt.date_trunc('day', 'kept.changed_at') }} as date) as score_date,
        kept.changed_at,
        cast(kept.change_order as integer) as change_order,
        cast(lead_lookup.fit_score as integer) as fit_score,
        kept.engagement_score,
        cast(kept.lead_score as integer) as lead_score,
        lead_lookup.fit_grade,
        version_grade_scores.grade as engagement_grade,
        {{ dbt.concat(['lead_lookup.fit_grade', 'version_grade_scores.grade']) }} as score_grade,
        kept.has_hand_raiser_in_window,
        kept.meets_mql_criteria,
        lead_lookup.segment,
        cast(lead_lookup.mql_score_threshold as integer) as mql_score_threshold,
        cast(lead_lookup.activity_count as bigint) as activity_count,
        coalesce(
            cast({{ dbt.date_trunc('day', 'kept.changed_at') }} as date)
            <> cast({{ dbt.date_trunc('day', 'kept.next_changed_at') }} as date),
            true
        ) as is_last_change_of_day
    from kept
    inner join lead_lookup
        on kept.lead_key = lead_lookup.lead_key
    left join version_grade_scores
        on
            lead_lookup.model_version_key = version_grade_scores.model_version_key
            and kept.engagement_score = version_grade_scores.score
),

final as (
    select * from described
    {% if is_incremental() -%}
        union all
        -- tombstones: affected leads left without rows (deleted by the post-hook)
        {{ lead_funnel.incremental_tombstones_select('affected_keys', 'lead_id', 'described', [
            ('lead_id', none), ('scoring_model_version', dbt.type_string()),
            ('score_date', 'date'), ('changed_at', dbt.type_timestamp()), ('change_order', 'integer'),
            ('fit_score', 'integer'), ('engagement_score', 'integer'), ('lead_score', 'integer'),
            ('fit_grade', dbt.type_string()), ('engagement_grade', dbt.type_string()), ('score_grade', dbt.type_string()),
            ('has_hand_raiser_in_window', 'boolean'), ('meets_mql_criteria', 'boolean'), ('segment', dbt.type_string()),
            ('mql_score_threshold', 'integer'), ('activity_count', 'bigint'), ('is_last_change_of_day', 'boolean')
        ]) }}
    {%- endif %}
)

{{ lead_funnel.incremental_select('final', 'lead_id', tombstone_column='changed_at') }}
