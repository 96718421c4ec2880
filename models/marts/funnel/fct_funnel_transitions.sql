{#-
    One row per lead and funnel stage it reached. Incremental (delete+insert on lead_id, macro
    incremental_by_affected_leads): a run recomputes the leads of int_leads_affected (a pre-hook
    deletes their loaded rows first). A row reads only the stage columns of fct_lead_funnel
    (times, entry path, implied flags), which move only for those leads: the leads fct_lead_funnel
    adds for a closed SLA window change no stage.
-#}

with

{{ lead_funnel.incremental_by_affected_leads() }}

funnel as (
    select * from {{ ref('fct_lead_funnel') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

funnel_stages as (
    select * from {{ ref('funnel_stages') }}
),

entered as (
    -- one row per lead and stage it entered (stages are in time order in fct_lead_funnel); a
    -- sales stage the lead skipped but a later stage implies (macros/funnel.sql) is a row too,
    -- entered when that later stage was, flagged is_implied
    select
        lead_id,
        entry_path,
        'lead' as stage,
        lead_at as entered_at,
        false as is_implied
    from funnel
    union all
    select
        lead_id,
        entry_path,
        'mql' as stage,
        mql_at as entered_at,
        false as is_implied
    from funnel
    where mql_at is not null
    union all
    select
        lead_id,
        entry_path,
        'sal' as stage,
        {{ lead_funnel.funnel_stage_reached_at('sal') }} as entered_at,
        is_sal_implied as is_implied
    from funnel
    where {{ lead_funnel.funnel_stage_reached_at('sal') }} is not null
    union all
    select
        lead_id,
        entry_path,
        'sql' as stage,
        {{ lead_funnel.funnel_stage_reached_at('sql') }} as entered_at,
        is_sql_implied as is_implied
    from funnel
    where {{ lead_funnel.funnel_stage_reached_at('sql') }} is not null
    union all
    select
        lead_id,
        entry_path,
        'opportunity' as stage,
        {{ lead_funnel.funnel_stage_reached_at('opportunity') }} as entered_at,
        false as is_implied
    from funnel
    where {{ lead_funnel.funnel_stage_reached_at('opportunity') }} is not null
    union all
    select
        lead_id,
        entry_path,
        'won' as stage,
        {{ lead_funnel.funnel_stage_reached_at('won') }} as entered_at,
        false as is_implied
    from funnel
    where {{ lead_funnel.funnel_stage_reached_at('won') }} is not null
),

ordered as (
    -- the stage order is the seed funnel_stages
    select
        entered.*,
        funnel_stages.stage_order
    from entered
    inner join funnel_stages
        on entered.stage = funnel_stages.stage
),

sequenced as (
    select
        ordered.*,
        lag(ordered.stage) over (partition by ordered.lead_id order by ordered.stage_order) as from_stage,
        lag(ordered.entered_at) over (
            partition by ordered.lead_id order by ordered.stage_order
        ) as previous_entered_at
    from ordered
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
        entry_path,
        is_implied
    from sequenced
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='affected') }}
