with

funnel as (
    select * from {{ ref('fct_lead_funnel') }}
),

entered as (
    -- one row per lead and stage it entered (stages are in time order in fct_lead_funnel)
    select
        lead_id,
        entry_path,
        'lead' as stage,
        1 as stage_order,
        lead_at as entered_at
    from funnel
    union all
    select
        lead_id,
        entry_path,
        'mql' as stage,
        2 as stage_order,
        mql_at as entered_at
    from funnel
    where mql_at is not null
    union all
    select
        lead_id,
        entry_path,
        'sal' as stage,
        3 as stage_order,
        sal_at as entered_at
    from funnel
    where sal_at is not null
    union all
    select
        lead_id,
        entry_path,
        'sql' as stage,
        4 as stage_order,
        sql_at as entered_at
    from funnel
    where sql_at is not null
    union all
    select
        lead_id,
        entry_path,
        'opportunity' as stage,
        5 as stage_order,
        opportunity_at as entered_at
    from funnel
    where opportunity_at is not null
    union all
    select
        lead_id,
        entry_path,
        'won' as stage,
        6 as stage_order,
        won_at as entered_at
    from funnel
    where won_at is not null
),

sequenced as (
    select
        entered.*,
        lag(entered.stage) over (partition by entered.lead_id order by entered.stage_order) as from_stage,
        lag(entered.entered_at) over (
            partition by entered.lead_id order by entered.stage_order
        ) as previous_entered_at
    from entered
),

final as (
    select
        {{ lead_funnel.row_key(['lead_id', 'stage']) }} as funnel_transition_id,
        lead_id,
        stage,
        cast(stage_order as integer) as stage_order,
        entered_at,
        from_stage,
        {{ lead_funnel.elapsed_days('previous_entered_at', 'entered_at') }} as days_in_previous_stage,
        entry_path
    from sequenced
)

select * from final
