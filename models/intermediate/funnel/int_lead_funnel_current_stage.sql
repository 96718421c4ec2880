{#-
    The stage each canonical lead is in at as_of. Events up to as_of are either forward (lead
    creation or status `open` = lead, every MQL event = mql, `accepted` = sal, `qualified` = sql,
    an opportunity created = opportunity) or exits (`rejected` = recycled, `nurture` right after
    `rejected` = recycled, other `nurture` = nurture, `disqualified` = disqualified). The current
    stage is the furthest forward stage reached strictly after the latest exit, else that exit's
    stage; a won funnel opportunity makes the lead a customer; a lead the scoring model
    disqualifies (competitor) that never got past `lead` is disqualified. recycle_count: how many
    times sales returned the lead to marketing (`rejected` statuses).
-#}

with

stages as (
    select
        lead_id,
        lead_at,
        won_at,
        is_disqualified
    from {{ ref('int_lead_funnel_stages') }}
),

mql_events as (
    select
        lead_id,
        mql_at
    from {{ ref('int_lead_mql_events') }}
    where mql_at <= {{ lead_funnel.as_of() }}
),

statuses as (
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
),

opportunities as (
    select
        lead_id,
        created_at
    from {{ ref('int_opportunities_repointed') }}
),

funnel_stages as (
    select
        stage,
        stage_order
    from {{ ref('funnel_stages') }}
),

stage_events_named as (
    -- forward events name their stage, exits their exit stage
    select
        lead_id,
        lead_at as event_at,
        'lead' as forward_stage,
        cast(null as {{ dbt.type_string() }}) as exit_stage
    from stages
    union all
    select
        lead_id,
        mql_at as event_at,
        'mql' as forward_stage,
        cast(null as {{ dbt.type_string() }}) as exit_stage
    from mql_events
    union all
    select
        lead_id,
        created_at as event_at,
        'opportunity' as forward_stage,
        cast(null as {{ dbt.type_string() }}) as exit_stage
    from opportunities
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
    from statuses
    where status in ('open', 'accepted', 'qualified', 'rejected', 'nurture', 'disqualified')
),

stage_events as (
    -- stage_rank: the forward stage's position in the funnel (seed funnel_stages)
    select
        stage_events_named.lead_id,
        stage_events_named.event_at,
        funnel_stages.stage_order as stage_rank,
        stage_events_named.exit_stage
    from stage_events_named
    left join funnel_stages
        on stage_events_named.forward_stage = funnel_stages.stage
),

ranked_exits as (
    select
        lead_id,
        event_at as exited_at,
        exit_stage,
        row_number() over (
            partition by lead_id
            order by event_at desc, exit_stage asc
        ) as exit_rank
    from stage_events
    where exit_stage is not null
),

last_exits as (
    select
        lead_id,
        exited_at,
        exit_stage
    from ranked_exits
    where exit_rank = 1
),

furthest_since_exit as (
    -- the furthest forward stage reached strictly after the latest exit (or ever, without one)
    select
        stage_events.lead_id,
        max(stage_events.stage_rank) as stage_rank
    from stage_events
    left join last_exits
        on stage_events.lead_id = last_exits.lead_id
    where
        stage_events.stage_rank is not null
        and (last_exits.exited_at is null or stage_events.event_at > last_exits.exited_at)
    group by 1
),

recycles as (
    select
        lead_id,
        count(*) as recycle_count
    from statuses
    where status = 'rejected'
    group by 1
),

mql_counts as (
    select
        lead_id,
        count(*) as mql_count
    from mql_events
    group by 1
),

final as (
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
    from stages
    left join furthest_since_exit
        on stages.lead_id = furthest_since_exit.lead_id
    left join funnel_stages as furthest_stages
        on furthest_since_exit.stage_rank = furthest_stages.stage_order
    left join last_exits
        on stages.lead_id = last_exits.lead_id
    left join recycles
        on stages.lead_id = recycles.lead_id
    left join mql_counts
        on stages.lead_id = mql_counts.lead_id
)

select * from final
