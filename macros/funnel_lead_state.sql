{#-
    The per-lead funnel views after the stages (int_lead_funnel_current_stage,
    int_funnel_sales_touches, int_lead_mql_sla) as CTE macros, one definition each
    (macros/funnel_lead_stages.sql says why). `stages` is the relation of int_lead_funnel_stages'
    rows to read (the view, or the CTE of funnel_lead_stages_ctes for the same leads).
-#}

{% macro funnel_lead_current_stage_ctes(name='final', stages=none, only_leads=none) -%}
    {#-
        int_lead_funnel_current_stage (its doc has the rules) as CTEs `<name>__stages` ..
        `<name>`; with `only_leads` the MQL events, statuses and opportunities of those leads only
        (`stages` then holds those leads' rows).
    -#}
{{ name }}__stages as (
    select
        lead_id,
        lead_at,
        won_at,
        is_disqualified
    from {{ stages or ref('int_lead_funnel_stages') }}
),

{{ name }}__mql_events as (
    select
        lead_id,
        mql_at
    from {{ ref('int_lead_mql_events') }}
    where
        mql_at <= {{ lead_funnel.as_of() }}
        {{- lead_funnel.funnel_only_leads_where(only_leads, name, keyword='and') }}
),

{{ name }}__statuses as (
    select
        lead_id,
        status_change_id,
        status,
        changed_at,
        lag(status) over (
            partition by lead_id
            order by changed_at, status_change_id
        ) as previous_status
    from {{ ref('int_lead_status_history_repointed') }}
    where
        is_known_status
        and changed_at <= {{ lead_funnel.as_of() }}
        {{- lead_funnel.funnel_only_leads_where(only_leads, name, keyword='and') }}
),

{{ name }}__opportunities as (
    select
        lead_id,
        created_at
    from {{ ref('int_opportunities_repointed') }}
    {{- lead_funnel.funnel_only_leads_where(only_leads, name) }}
),

{{ name }}__funnel_stages as (
    select
        stage,
        stage_order
    from {{ ref('funnel_stages') }}
),

{{ name }}__stage_events_named as (
    -- forward events name their stage, exits their exit stage
    select
        lead_id,
        lead_at as event_at,
        'lead' as forward_stage,
        cast(null as {{ dbt.type_string() }}) as exit_stage
    from {{ name }}__stages
    union all
    select
        lead_id,
        mql_at as event_at,
        'mql' as forward_stage,
        cast(null as {{ dbt.type_string() }}) as exit_stage
    from {{ name }}__mql_events
    union all
    select
        lead_id,
        created_at as event_at,
        'opportunity' as forward_stage,
        cast(null as {{ dbt.type_string() }}) as exit_stage
    from {{ name }}__opportunities
    union all
    select
        lead_id,
        changed_at as event_at,
        case status
            when 'open' then 'lead'
            when 'accepted' then 'sal'
            when 'qualified' then 'sql'
        end as forward_stage,
        case
            when status = 'rejected' then 'recycled'
            when status = 'nurture' and previous_status = 'rejected' then 'recycled'
            when status = 'nurture' then 'nurture'
            when status = 'disqualified' then 'disqualified'
        end as exit_stage
    from {{ name }}__statuses
    where status in ('open', 'accepted', 'qualified', 'rejected', 'nurture', 'disqualified')
),

{{ name }}__stage_events as (
    -- stage_rank: the forward stage's position in the funnel (seed funnel_stages)
    select
        stage_events_named.lead_id,
        stage_events_named.event_at,
        funnel_stages.stage_order as stage_rank,
        stage_events_named.exit_stage
    from {{ name }}__stage_events_named as stage_events_named
    left join {{ name }}__funnel_stages as funnel_stages
        on stage_events_named.forward_stage = funnel_stages.stage
),

{{ name }}__ranked_exits as (
    select
        lead_id,
        event_at as exited_at,
        exit_stage,
        row_number() over (
            partition by lead_id
            order by event_at desc, exit_stage asc
        ) as exit_rank
    from {{ name }}__stage_events
    where exit_stage is not null
),

{{ name }}__last_exits as (
    select
        lead_id,
        exited_at,
        exit_stage
    from {{ name }}__ranked_exits
    where exit_rank = 1
),

{{ name }}__furthest_since_exit as (
    -- the furthest forward stage reached strictly after the latest exit (or ever, without one)
    select
        stage_events.lead_id,
        max(stage_events.stage_rank) as stage_rank
    from {{ name }}__stage_events as stage_events
    left join {{ name }}__last_exits as last_exits
        on stage_events.lead_id = last_exits.lead_id
    where
        stage_events.stage_rank is not null
        and (last_exits.exited_at is null or stage_events.event_at > last_exits.exited_at)
    group by 1
),

{{ name }}__recycles as (
    select
        lead_id,
        count(*) as recycle_count
    from {{ name }}__statuses
    where status = 'rejected'
    group by 1
),

{{ name }}__mql_counts as (
    select
        lead_id,
        count(*) as mql_count
    from {{ name }}__mql_events
    group by 1
),

{{ name }} as (
    select
        stages.lead_id,
        case
            when stages.won_at is not null then 'customer'
            when furthest_stages.stage = 'lead' and stages.is_disqualified then 'disqualified'
            when furthest_stages.stage is not null then furthest_stages.stage
            else last_exits.exit_stage
        end as current_stage,
        last_exits.exited_at as last_exit_at,
        last_exits.exit_stage as last_exit_stage,
        cast(coalesce(mql_counts.mql_count, 0) as integer) as mql_count,
        cast(coalesce(recycles.recycle_count, 0) as integer) as recycle_count
    from {{ name }}__stages as stages
    left join {{ name }}__furthest_since_exit as furthest_since_exit
        on stages.lead_id = furthest_since_exit.lead_id
    left join {{ name }}__funnel_stages as furthest_stages
        on furthest_since_exit.stage_rank = furthest_stages.stage_order
    left join {{ name }}__last_exits as last_exits
        on stages.lead_id = last_exits.lead_id
    left join {{ name }}__recycles as recycles
        on stages.lead_id = recycles.lead_id
    left join {{ name }}__mql_counts as mql_counts
        on stages.lead_id = mql_counts.lead_id
)
{%- endmacro %}


{% macro funnel_sales_touches_ctes(name='final', only_leads=none) -%}
    {#-
        int_funnel_sales_touches (its doc has the rules) as CTEs `<name>__activities` ..
        `<name>`; with `only_leads` the activities (macro scored_activities_ctes, the definition
        of int_activities_scored, inlined: filtered to those leads' records at the scan; a caller
        declares depends_on stg_raw__activities, stg_raw__leads, int_scoring_model_versions and
        scoring_activity_points) and status changes of those leads only.
    -#}
{%- if only_leads is not none %}
{{ lead_funnel.scored_activities_ctes(name ~ '__scored', 'is_in_force_at_as_of', only_leads) }},
{%- endif %}

{{ name }}__activities as (
    -- int_activities_scored, or its definition (macro scored_activities_ctes) for only_leads
    select
        activity_id,
        lead_id,
        activity_type,
        occurred_at
    from {{ name ~ '__scored' if only_leads is not none else ref('int_activities_scored') }}
    where
        activity_type in {{ lead_funnel.scoring_sql_list(var('funnel_sales_touch_activity_types')) }}
        and occurred_at <= {{ lead_funnel.as_of() }}
),

{{ name }}__statuses as (
    select
        status_change_id,
        lead_id,
        status,
        changed_at
    from {{ ref('int_lead_status_history_repointed') }}
    where
        status in {{ lead_funnel.scoring_sql_list(var('funnel_sales_touch_statuses')) }}
        and changed_at <= {{ lead_funnel.as_of() }}
        {{- lead_funnel.funnel_only_leads_where(only_leads, name, keyword='and') }}
),

{{ name }}__activity_touches as (
    select
        lead_id,
        'activity' as touch_source,
        activity_type as touch_type,
        activity_id as source_record_id,
        occurred_at as touched_at
    from {{ name }}__activities
),

{{ name }}__status_touches as (
    select
        lead_id,
        'status' as touch_source,
        status as touch_type,
        status_change_id as source_record_id,
        changed_at as touched_at
    from {{ name }}__statuses
),

{{ name }}__unioned as (
    select * from {{ name }}__activity_touches
    union all
    select * from {{ name }}__status_touches
),

{{ name }} as (
    select
        {{ lead_funnel.row_key(['touch_source', 'source_record_id']) }} as sales_touch_id,
        lead_id,
        touch_source,
        touch_type,
        source_record_id,
        touched_at
    from {{ name }}__unioned
)
{%- endmacro %}


{% macro funnel_lead_mql_sla_ctes(name='final', stages=none, touches=none) -%}
    {#-
        int_lead_mql_sla (its doc has the rules) as CTEs `<name>__stages` .. `<name>`: the leads
        of `stages` (default the view int_lead_funnel_stages) and their sales touches in `touches`
        (default int_funnel_sales_touches).
    -#}
{{ name }}__stages as (
    select
        lead_id,
        lead_at,
        mql_at,
        mql_priority
    from {{ stages or ref('int_lead_funnel_stages') }}
),

{{ name }}__touches as (
    select
        lead_id,
        touched_at
    from {{ touches or ref('int_funnel_sales_touches') }}
),

{{ name }}__sla_targets as (
    select * from {{ ref('sla_targets') }}
),

{{ name }}__first_touches as (
    select
        stages.lead_id,
        min(touches.touched_at) as first_sales_touch_at
    from {{ name }}__stages as stages
    inner join {{ name }}__touches as touches
        on
            stages.lead_id = touches.lead_id
            and touches.touched_at >= coalesce(stages.mql_at, stages.lead_at)
    group by 1
),

{{ name }}__targeted as (
    select
        stages.lead_id,
        stages.mql_at,
        stages.mql_priority,
        first_touches.first_sales_touch_at,
        case when stages.mql_at is not null then sla_targets.sla_minutes end as sla_minutes
    from {{ name }}__stages as stages
    left join {{ name }}__first_touches as first_touches
        on stages.lead_id = first_touches.lead_id
    left join {{ name }}__sla_targets as sla_targets
        on stages.mql_priority = sla_targets.priority
),

{{ name }}__due as (
    select
        targeted.*,
        {{ dbt.dateadd('minute', 'targeted.sla_minutes', 'targeted.mql_at') }} as sla_due_at
    from {{ name }}__targeted as targeted
),

{{ name }} as (
    select
        lead_id,
        mql_at,
        mql_priority,
        first_sales_touch_at,
        case
            when mql_at is not null then {{ lead_funnel.elapsed_minutes('mql_at', 'first_sales_touch_at') }}
        end as minutes_to_first_touch,
        cast(sla_minutes as integer) as sla_minutes,
        sla_due_at,
        case
            when sla_due_at is null then null
            when first_sales_touch_at <= sla_due_at then true
            when sla_due_at <= {{ lead_funnel.as_of() }} then false
        end as sla_met
    from {{ name }}__due
)
{%- endmacro %}
