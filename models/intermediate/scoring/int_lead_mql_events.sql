{#-
    MQL events with recycling, set-based (fct_mql_events publishes them; the funnel models read
    them here so the DAG flows one way). Qualifying activities and recycle statuses
    (var scoring_recycle_statuses) form one time-ordered stream per lead; the number of recycle
    statuses strictly before a qualifying activity is its cycle (at equal timestamps the activity
    comes first, so a status must be strictly before the next MQL). The first qualifying activity
    of each cycle is an MQL event: the first one overall, then the first one after each recycle
    status, which therefore always follows the previous MQL.
-#}

with

evaluations as (
    select * from {{ ref('int_lead_mql_evaluations') }}
    where is_qualifying
),

recycle_statuses as (
    select
        lead_id,
        changed_at
    from {{ ref('int_lead_status_history_repointed') }}
    where
        status in {{ lead_funnel.scoring_sql_list(var('scoring_recycle_statuses')) }}
        and changed_at <= {{ lead_funnel.as_of() }}
),

leads as (
    select * from {{ ref('int_leads_enriched') }}
),

stream as (
    select
        lead_id,
        occurred_at as event_at,
        0 as event_order,
        activity_id
    from evaluations
    union all
    select
        lead_id,
        changed_at as event_at,
        1 as event_order,
        cast(null as {{ dbt.type_string() }}) as activity_id
    from recycle_statuses
),

cycles as (
    select
        *,
        sum(event_order) over (
            partition by lead_id
            order by event_at, event_order, activity_id
            rows between unbounded preceding and current row
        ) as recycle_count
    from stream
),

cycle_firsts as (
    select
        lead_id,
        activity_id,
        row_number() over (
            partition by lead_id, recycle_count
            order by event_at, activity_id
        ) as rank_in_cycle
    from cycles
    where event_order = 0
),

events as (
    select evaluations.*
    from evaluations
    inner join cycle_firsts
        on
            evaluations.activity_id = cycle_firsts.activity_id
            and cycle_firsts.rank_in_cycle = 1
),

final as (
    select
        {{ lead_funnel.row_key(['events.lead_id', 'events.activity_id']) }} as mql_event_id,
        events.lead_id,
        leads.account_id,
        cast(
            row_number() over (
                partition by events.lead_id
                order by events.occurred_at, events.activity_id
            ) as integer
        ) as mql_sequence,
        events.occurred_at as mql_at,
        events.mql_trigger,
        events.activity_id as trigger_activity_id,
        events.activity_type as trigger_activity_type,
        cast(events.fit_score as integer) as fit_score_at_mql,
        cast(events.engagement_score as integer) as engagement_score_at_mql,
        cast(events.lead_score as integer) as lead_score_at_mql,
        events.segment,
        case
            when
                events.mql_trigger = 'hand_raiser'
                or events.fit_grade in {{ lead_funnel.scoring_sql_list(var('scoring_high_priority_fit_grades')) }}
                then 'high'
            else 'standard'
        end as priority,
        events.fit_grade as fit_grade_at_mql,
        cast(events.mql_score_threshold as integer) as mql_score_threshold
    from events
    inner join leads
        on events.lead_id = leads.lead_id
)

select * from final
