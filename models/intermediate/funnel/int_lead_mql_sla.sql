{#-
    Speed to lead per canonical lead. The first sales touch is the first sales-touch activity or
    status (int_funnel_sales_touches) at or after mql_at (for leads without a funnel MQL: at or
    after lead creation, for information only). The SLA target comes from seed sla_targets by the
    MQL's priority. sla_met: true when touched by mql_at + sla_minutes; false when the window has
    closed at as_of without a touch in it; null while the window is still open and nobody has
    touched the lead yet, and for leads without a funnel MQL.
-#}

with

stages as (
    select
        lead_id,
        lead_at,
        mql_at,
        mql_priority
    from {{ ref('int_lead_funnel_stages') }}
),

touches as (
    select
        lead_id,
        touched_at
    from {{ ref('int_funnel_sales_touches') }}
),

sla_targets as (
    select * from {{ ref('sla_targets') }}
),

first_touches as (
    select
        stages.lead_id,
        min(touches.touched_at) as first_sales_touch_at
    from stages
    inner join touches
        on
            stages.lead_id = touches.lead_id
            and touches.touched_at >= coalesce(stages.mql_at, stages.lead_at)
    group by 1
),

targeted as (
    select
        stages.lead_id,
        stages.mql_at,
        stages.mql_priority,
        first_touches.first_sales_touch_at,
        case when stages.mql_at is not null then sla_targets.sla_minutes end as sla_minutes
    from stages
    left join first_touches
        on stages.lead_id = first_touches.lead_id
    left join sla_targets
        on stages.mql_priority = sla_targets.priority
),

due as (
    select
        targeted.*,
        {{ dbt.dateadd('minute', 'targeted.sla_minutes', 'targeted.mql_at') }} as sla_due_at
    from targeted
),

final as (
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
    from due
)

select * from final
