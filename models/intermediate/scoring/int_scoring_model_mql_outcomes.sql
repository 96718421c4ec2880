{#-
    One row per scoring model of the backtest (`active`: the MQL events of the versions in force,
    int_lead_mql_events; `draft`: the draft's replay, int_lead_mql_events_backtested) and lead with
    a first MQL under it, with what sales did after that MQL so far. The funnel's stage reading
    (macro funnel_first_records_after_entry_ctes, docs/funnel.md): each stage is the first record
    of its kind at or after the MQL, a later stage implies the earlier ones (an opportunity is an
    SQL, an SQL was accepted); a lead sales reached before that MQL is sales-sourced under that
    model, never an MQL conversion. Both models are read the same way, so their rates compare.
-#}

with

active_events as (
    select * from {{ ref('int_lead_mql_events') }}
    where mql_sequence = 1
),

draft_events as (
    select * from {{ ref('int_lead_mql_events_backtested') }}
    where mql_sequence = 1
),

leads as (
    select
        lead_id,
        lead_created_at
    from {{ ref('int_leads_enriched') }}
),

statuses as (
    {{ lead_funnel.funnel_stage_statuses() }}
),

opportunities as (
    select * from {{ ref('int_opportunities_repointed') }}
),

first_mqls as (
    select
        'active' as scoring_model,
        lead_id,
        scoring_model_version,
        mql_at,
        segment,
        mql_trigger,
        lead_score_at_mql
    from active_events
    union all
    select
        'draft' as scoring_model,
        lead_id,
        scoring_model_version,
        mql_at,
        segment,
        mql_trigger,
        lead_score_at_mql
    from draft_events
),

scoring_models as (
    select distinct scoring_model from first_mqls
),

{{ lead_funnel.funnel_first_sales_stage_ctes('leads', 'statuses', 'opportunities') }},

entry_points as (
    -- one funnel per scoring model: the lead key carries the model, so the shared stage macro
    -- reads each model's MQL as its own entry point
    select
        {{ dbt.concat(['first_mqls.lead_id', "'|'", 'first_mqls.scoring_model']) }} as lead_id,
        first_mqls.lead_id as source_lead_id,
        first_mqls.scoring_model,
        first_mqls.scoring_model_version,
        first_mqls.segment,
        first_mqls.mql_trigger,
        first_mqls.lead_score_at_mql,
        case when first_mqls.mql_at < leads.lead_created_at then leads.lead_created_at else first_mqls.mql_at end
            as entered_funnel_at,
        coalesce(first_sales_stages.first_sales_stage_at < first_mqls.mql_at, false) as is_sales_sourced
    from first_mqls
    inner join leads
        on first_mqls.lead_id = leads.lead_id
    left join first_sales_stages
        on first_mqls.lead_id = first_sales_stages.lead_id
),

model_statuses as (
    select
        {{ dbt.concat(['statuses.lead_id', "'|'", 'scoring_models.scoring_model']) }} as lead_id,
        statuses.status_change_id,
        statuses.status,
        statuses.changed_at,
        statuses.reason
    from statuses
    cross join scoring_models
),

model_opportunities as (
    select
        {{ dbt.concat(['opportunities.lead_id', "'|'", 'scoring_models.scoring_model']) }} as lead_id,
        opportunities.opportunity_id,
        opportunities.created_at,
        opportunities.won_at,
        opportunities.amount_usd,
        opportunities.opportunity_status
    from opportunities
    cross join scoring_models
),

{{ lead_funnel.funnel_first_records_after_entry_ctes('entry_points', 'model_statuses', 'model_opportunities') }},

stages as (
    select
        entry_points.source_lead_id as lead_id,
        entry_points.scoring_model,
        entry_points.scoring_model_version,
        entry_points.segment,
        entry_points.mql_trigger,
        entry_points.lead_score_at_mql,
        entry_points.entered_funnel_at as mql_at,
        entry_points.is_sales_sourced,
        status_firsts.first_accepted_at,
        first_opportunities.created_at as opportunity_at,
        first_opportunities.won_at,
        first_rejections.rejected_at,
        -- an opportunity is an SQL (pulled back to it when it precedes the first `qualified`)
        case
            when status_firsts.first_qualified_at is null then first_opportunities.created_at
            when first_opportunities.created_at < status_firsts.first_qualified_at
                then first_opportunities.created_at
            else status_firsts.first_qualified_at
        end as sql_at
    from entry_points
    left join status_firsts
        on entry_points.lead_id = status_firsts.lead_id
    left join first_opportunities
        on entry_points.lead_id = first_opportunities.lead_id
    left join first_rejections
        on entry_points.lead_id = first_rejections.lead_id
),

final as (
    select
        lead_id,
        scoring_model,
        scoring_model_version,
        segment,
        mql_trigger,
        lead_score_at_mql,
        mql_at,
        cast({{ dbt.date_trunc('month', 'mql_at') }} as date) as mql_month,
        is_sales_sourced,
        -- an SQL was accepted: the SAL is the first `accepted` or the SQL, whichever came first
        case
            when is_sales_sourced then null
            when first_accepted_at is null then sql_at
            when sql_at < first_accepted_at then sql_at
            else first_accepted_at
        end as sal_at,
        case when not is_sales_sourced then sql_at end as sql_at,
        case when not is_sales_sourced then won_at end as won_at,
        not is_sales_sourced and rejected_at is not null as is_rejected,
        case when not is_sales_sourced then {{ lead_funnel.elapsed_days('mql_at', 'sql_at') }} end as days_to_sql
    from stages
)

select * from final
