{#-
    One row per scoring model of the backtest (`active`: the MQL events of the versions in force,
    int_lead_mql_events; `draft`: the draft's replay, int_lead_mql_events_backtested) and lead with
    a first MQL under it, with what sales did after that MQL so far. The funnel's stage reading
    (macro funnel_first_records_after_entry_ctes, docs/funnel.md): each stage is the first record
    of its kind at or after the MQL, a later stage implies the earlier ones (an opportunity is an
    SQL, an SQL was accepted); a lead sales reached before that MQL is sales-sourced under that
    model, never an MQL conversion. Both models are read the same way, so their rates compare.
    Incremental (delete+insert on lead_id, macro incremental_by_affected_leads; a table, not a
    view: issue #18, each reader replayed both models' outcomes): a run recomputes the leads of
    int_leads_affected. A lead's rows read only its MQL events (recomputed for those leads), its
    creation time, its status changes up to as_of and its opportunities as of as_of, all of
    which stamp the lead in int_lead_input_fingerprints.
-#}

with

{{ lead_funnel.incremental_by_affected_leads() }}

active_events as (
    select * from {{ ref('int_lead_mql_events') }}
    where mql_sequence = 1
    {% if is_incremental() -%}
        and lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

draft_events as (
    select * from {{ ref('int_lead_mql_events_backtested') }}
    where mql_sequence = 1
    {% if is_incremental() -%}
        and lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

leads as (
    select
        lead_id,
        lead_created_at
    from {{ ref('int_leads_enriched') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

statuses as (
    {{ lead_funnel.funnel_stage_statuses('affected' if is_incremental() else none) }}
),

opportunities as (
    select * from {{ ref('int_opportunities_repointed') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

first_mqls as (
    -- the first MQLs of each scoring model (active_events, draft_events)
    {% for scoring_model in ['active', 'draft'] %}
        select
            '{{ scoring_model }}' as scoring_model,
            lead_id,
            scoring_model_version,
            mql_at,
            segment,
            mql_trigger,
            lead_score_at_mql
        from {{ scoring_model }}_events
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
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
    -- the stages on record from the MQL on, as the funnel reads them (funnel_recorded_stage_columns)
    select
        entry_firsts.source_lead_id as lead_id,
        entry_firsts.scoring_model,
        entry_firsts.scoring_model_version,
        entry_firsts.segment,
        entry_firsts.mql_trigger,
        entry_firsts.lead_score_at_mql,
        entry_firsts.entered_funnel_at as mql_at,
        entry_firsts.is_sales_sourced,
        entry_firsts.first_accepted_at,
        entry_firsts.opportunity_at,
        entry_firsts.won_at,
        entry_firsts.rejected_at,
        {{ lead_funnel.funnel_recorded_stage_columns('entry_firsts') }}
    from entry_firsts
),

reached as (
    -- a later stage implies the earlier ones (macro funnel_stage_reached_at): an opportunity is an
    -- SQL, an SQL was accepted
    select
        stages.*,
        {{ lead_funnel.funnel_stage_reached_at('sal', 'stages') }} as reached_sal_at,
        {{ lead_funnel.funnel_stage_reached_at('sql', 'stages') }} as reached_sql_at
    from stages
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
        case when not is_sales_sourced then reached_sal_at end as sal_at,
        case when not is_sales_sourced then reached_sql_at end as sql_at,
        case when not is_sales_sourced then won_at end as won_at,
        not is_sales_sourced and rejected_at is not null as is_rejected,
        case when not is_sales_sourced then {{ lead_funnel.elapsed_days('mql_at', 'reached_sql_at') }} end
            as days_to_sql
    from reached
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='affected') }}
