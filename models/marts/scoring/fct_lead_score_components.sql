{#- Incremental (delete+insert on lead_id): a run recomputes the leads of int_leads_affected only. -#}

-- depends_on: {{ ref('int_lead_engagement_components') }}  (its definition is inlined below: lineage kept)
-- depends_on: {{ ref('stg_raw__activities') }}  (and the three below: the definition of
-- depends_on: {{ ref('stg_raw__leads') }}  int_activities_scored, inlined on incremental runs)
-- depends_on: {{ ref('int_scoring_model_versions') }}
-- depends_on: {{ ref('scoring_activity_points') }}
with

{{ lead_funnel.incremental_by_affected_leads() }}

fit_components as (
    -- the rules of the version in force at as_of (the version of dim_leads' score)
    select * from {{ ref('int_lead_fit_components') }}
    where {{ lead_funnel.scoring_model_version_is('is_in_force_at_as_of') }}
    {% if is_incremental() -%}
        and lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

-- int_lead_engagement_components, of the affected leads only on incremental runs (filtered
-- before its group-bys: macro lead_engagement_components_ctes)
{{ lead_funnel.lead_engagement_components_ctes(
    'engagement_components', 'affected' if is_incremental() else none
) }},

activity_points as (
    select * from {{ ref('scoring_activity_points') }}
    where {{ lead_funnel.scoring_model_version_is('is_in_force_at_as_of') }}
),

fit_rows as (
    select
        lead_id,
        'fit' as component_type,
        rule_id as component,
        rule_description as component_description,
        cast(points as integer) as points,
        cast(points as integer) as uncapped_points,
        cast(null as bigint) as activity_count,
        cast(null as {{ dbt.type_timestamp() }}) as earliest_occurred_at,
        cast(null as {{ dbt.type_timestamp() }}) as latest_occurred_at,
        cast(null as integer) as recency_window_days
    from fit_components
),

engagement_rows as (
    select
        engagement_components.lead_id,
        'engagement' as component_type,
        engagement_components.component,
        case
            when engagement_components.component = 'engagement_total_cap'
                then 'Engagement above the total cap is not counted'
            when activity_points.activity_type is null
                then 'Activity type without points in the scoring model'
            else activity_points.description
        end as component_description,
        cast(engagement_components.points as integer) as points,
        cast(engagement_components.uncapped_points as integer) as uncapped_points,
        cast(engagement_components.activity_count as bigint) as activity_count,
        engagement_components.earliest_occurred_at,
        engagement_components.latest_occurred_at,
        cast(engagement_components.recency_window_days as integer) as recency_window_days
    from engagement_components
    left join activity_points
        on engagement_components.component = activity_points.activity_type
),

unioned as (
    select * from fit_rows
    union all
    select * from engagement_rows
),

final as (
    select
        {{ lead_funnel.row_key(['lead_id', 'component_type', 'component']) }} as lead_score_component_id,
        lead_id,
        component_type,
        component,
        component_description,
        points,
        uncapped_points,
        activity_count,
        earliest_occurred_at,
        latest_occurred_at,
        recency_window_days
    from unioned
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='affected') }}
