{{
    config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key='lead_id',
        on_schema_change='fail',
        pre_hook="{{ lead_funnel.incremental_copy_loaded() }}",
        post_hook=[
            "{{ lead_funnel.incremental_delete_tombstones('lead_score_change_id') }}",
            "{{ lead_funnel.incremental_drop_loaded_copy() }}"
        ]
    )
}}
{#- Score history (grain in YAML): the timeline's set-based engagement with expiries, under the version
    in force at each change; incremental on the affected leads: int_leads_affected plus the leads whose
    window or version state moved since the latest loaded change (macro scoring_history_affected_keys_ctes). -#}

with

model_versions as (
    select * from {{ ref('int_scoring_model_versions') }}
    where has_been_in_force
),

activities as (
    select * from {{ ref('int_activities_scored_by_model_version') }}
    where
        {{ lead_funnel.scoring_model_version_is('has_been_in_force') }}
        and occurred_at <= {{ lead_funnel.as_of() }}
),

leads as (
    select * from {{ ref('int_leads_enriched_by_model_version') }}
    where {{ lead_funnel.scoring_model_version_is('has_been_in_force') }}
),

grade_bands as (
    select * from {{ ref('int_scoring_grade_bands') }}
    where grade_type = 'engagement'
),

{{ lead_funnel.scoring_history_affected_keys_ctes('leads', 'model_versions') }}

{{ lead_funnel.scoring_engagement_point_deltas_ctes('activities', 'leads') }},

lead_activity_counts as (
    select
        keyed_leads.lead_id,
        count(windowed.activity_id) as activity_count
    from keyed_leads
    left join windowed
        on keyed_leads.lead_key = windowed.lead_key
    group by 1
),

{{ lead_funnel.scoring_history_marker_ctes('keyed_leads', 'leads', 'model_versions') }},

history_deltas as (
    select * from point_deltas
    union all
    select * from markers
    where delta_at <= {{ lead_funnel.as_of() }}
),

{{ lead_funnel.scoring_capped_engagement_ctes('history_deltas', 'lead_key') }},

states as (
    -- the state after every delta at an instant and order (peers share it); hand-raisers in the window
    select
        lead_key,
        lead_id,
        model_version,
        delta_at as changed_at,
        delta_order as change_order,
        max(engagement_score) as engagement_score,
        sum(case when is_hand_raiser then 1 - 2 * delta_order end) as hand_raiser_delta
    from engagement_capped
    group by 1, 2, 3, 4, 5
),

in_force as (
    select
        states.lead_id,
        states.model_version,
        states.changed_at,
        states.change_order,
        cast(states.engagement_score as integer) as engagement_score,
        sum(coalesce(states.hand_raiser_delta, 0)) over (
            partition by states.lead_key
            order by states.changed_at, states.change_order
            rows between unbounded preceding and current row
        ) > 0 as has_hand_raiser_in_window,
        {{ lead_funnel.scoring_model_version_in_force_at('model_versions', 'states.changed_at') }} as is_in_force
    from states
    inner join model_versions
        on states.model_version = model_versions.model_version
),

scored as (
    select
        in_force.*,
        leads.fit_score,
        leads.fit_score + in_force.engagement_score as lead_score,
        leads.fit_grade,
        grade_bands.grade as engagement_grade,
        leads.segment,
        leads.mql_score_threshold,
        {{ lead_funnel.mql_meets_criteria(
            'leads.fit_score', 'in_force.engagement_score', 'leads.fit_score + in_force.engagement_score',
            'leads.mql_score_threshold', 'in_force.has_hand_raiser_in_window', 'leads.is_disqualified',
            'leads.is_hand_raiser_only_source'
        ) }} as meets_mql_criteria
    from in_force
    inner join leads
        on
            in_force.lead_id = leads.lead_id
            and in_force.model_version = leads.model_version
    left join grade_bands
        on
            in_force.model_version = grade_bands.model_version
            and {{ lead_funnel.scoring_in_grade_band('in_force.engagement_score', 'grade_bands') }}
    where in_force.is_in_force
),

changes as (
    -- keep a row when the score or the criteria state moved (the first row always)
    select
        scored.*,
        lag(scored.lead_score) over (partition by scored.lead_id order by scored.changed_at, scored.change_order)
            as previous_lead_score,
        lag(scored.meets_mql_criteria) over (
            partition by scored.lead_id order by scored.changed_at, scored.change_order
        ) as previous_meets_mql_criteria,
        lag(scored.model_version) over (partition by scored.lead_id order by scored.changed_at, scored.change_order)
            as previous_model_version
    from scored
),

kept as (
    select
        changes.*,
        lead_activity_counts.activity_count
    from changes
    inner join lead_activity_counts
        on changes.lead_id = lead_activity_counts.lead_id
    where
        changes.previous_lead_score is null
        or changes.previous_lead_score <> changes.lead_score
        or changes.previous_meets_mql_criteria <> changes.meets_mql_criteria
        or changes.previous_model_version <> changes.model_version
),

final as (
    select
        {{ lead_funnel.row_key(['lead_id', 'changed_at', 'change_order']) }} as lead_score_change_id,
        lead_id,
        model_version as scoring_model_version,
        cast({{ dbt.date_trunc('day', 'changed_at') }} as date) as score_date,
        changed_at,
        cast(change_order as integer) as change_order,
        cast(fit_score as integer) as fit_score,
        engagement_score,
        cast(lead_score as integer) as lead_score,
        fit_grade,
        engagement_grade,
        {{ dbt.concat(['fit_grade', 'engagement_grade']) }} as score_grade,
        has_hand_raiser_in_window,
        meets_mql_criteria,
        segment,
        cast(mql_score_threshold as integer) as mql_score_threshold,
        cast(activity_count as bigint) as activity_count,
        row_number() over (
            partition by lead_id, cast({{ dbt.date_trunc('day', 'changed_at') }} as date)
            order by changed_at desc, change_order desc
        ) = 1 as is_last_change_of_day
    from kept
    {% if is_incremental() -%}
        union all
        -- tombstones: affected leads left without rows (deleted by the post-hook)
        {{ lead_funnel.incremental_tombstones_select('affected_keys', 'lead_id', 'kept', [
            ('lead_score_change_id', dbt.type_string()), ('lead_id', none), ('scoring_model_version', dbt.type_string()),
            ('score_date', 'date'), ('changed_at', dbt.type_timestamp()), ('change_order', 'integer'),
            ('fit_score', 'integer'), ('engagement_score', 'integer'), ('lead_score', 'integer'),
            ('fit_grade', dbt.type_string()), ('engagement_grade', dbt.type_string()), ('score_grade', dbt.type_string()),
            ('has_hand_raiser_in_window', 'boolean'), ('meets_mql_criteria', 'boolean'), ('segment', dbt.type_string()),
            ('mql_score_threshold', 'integer'), ('activity_count', 'bigint'), ('is_last_change_of_day', 'boolean')
        ]) }}
    {%- endif %}
)

{{ lead_funnel.incremental_select('final', 'lead_id', tombstone_column='lead_score_change_id') }}
