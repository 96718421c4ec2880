{#-
    Funnel stages per canonical lead (docs/funnel.md has the definitions as a table).
    Entry path: `sales_sourced` when sales reached a stage (accepted, qualified or an opportunity)
    before the lead's first MQL or without one, else `marketing`. Stages are looked for from the
    entry point on: the (first) MQL for marketing leads, lead creation for sales-sourced leads,
    so a sales-sourced lead is never counted as an MQL conversion.
    Each stage is the first record of its kind from the entry point on; a later stage implies the
    earlier ones, so when the first `qualified` precedes the first `accepted` (statuses recorded
    out of order) the lead was accepted no later than it was qualified: sal_at = sql_at (likewise
    sql_at is pulled back to an earlier opportunity). A lead cannot qualify before it exists: an
    MQL earlier than created_at enters the funnel at lead_at. Such leads are flagged
    has_out_of_order_stages.
-#}

with

leads as (
    select
        lead_id,
        account_id,
        segment,
        lead_source,
        lead_created_at,
        is_disqualified
    from {{ ref('int_leads_enriched') }}
),

first_mqls as (
    select
        lead_id,
        mql_at,
        priority,
        mql_trigger
    from {{ ref('int_lead_mql_events') }}
    where mql_sequence = 1
),

statuses as (
    {{ lead_funnel.funnel_stage_statuses() }}
),

opportunities as (
    select * from {{ ref('int_opportunities_repointed') }}
),

{{ lead_funnel.funnel_first_sales_stage_ctes('leads', 'statuses', 'opportunities') }},

entries as (
    select
        leads.lead_id,
        leads.account_id,
        leads.segment,
        leads.lead_source,
        leads.is_disqualified,
        leads.lead_created_at as lead_at,
        first_mqls.mql_at as first_mql_at,
        first_mqls.priority as first_mql_priority,
        first_mqls.mql_trigger as first_mql_trigger,
        case
            when
                first_sales_stages.first_sales_stage_at is not null
                and (
                    first_mqls.mql_at is null
                    or first_sales_stages.first_sales_stage_at < first_mqls.mql_at
                )
                then 'sales_sourced'
            else 'marketing'
        end as entry_path
    from leads
    left join first_mqls
        on leads.lead_id = first_mqls.lead_id
    left join first_sales_stages
        on leads.lead_id = first_sales_stages.lead_id
),

anchored as (
    select
        entries.*,
        case
            when entries.entry_path = 'marketing' and entries.first_mql_at is not null
                then
                    case
                        when entries.first_mql_at < entries.lead_at then entries.lead_at
                        else entries.first_mql_at
                    end
        end as mql_at,
        case when entries.entry_path = 'marketing' then entries.first_mql_priority end as mql_priority,
        case when entries.entry_path = 'marketing' then entries.first_mql_trigger end as mql_trigger
    from entries
),

entry_points as (
    -- where later stages are looked for: the MQL, or lead creation for sales-sourced leads
    select
        anchored.*,
        case
            when anchored.entry_path = 'sales_sourced' then anchored.lead_at
            else anchored.mql_at
        end as entered_funnel_at
    from anchored
),

{{ lead_funnel.funnel_first_records_after_entry_ctes('entry_points', 'statuses', 'opportunities') }},

sal_stage as (
    select
        entry_firsts.*,
        case when entry_firsts.won_at is not null then entry_firsts.opportunity_amount_usd end as won_amount_usd,
        -- an opportunity created before the first `qualified` pulls the SQL back to it, and a later
        -- stage reached before the first `accepted` pulls the SAL back to it
        {{ lead_funnel.funnel_recorded_stage_columns('entry_firsts') }}
    from entry_firsts
),

final as (
    select
        lead_id,
        account_id,
        segment,
        lead_source,
        is_disqualified,
        entry_path,
        lead_at,
        first_mql_at,
        mql_at,
        mql_priority,
        mql_trigger,
        sal_at,
        sql_at,
        opportunity_id,
        opportunity_at,
        opportunity_status,
        won_at,
        won_amount_usd,
        rejected_at is not null as is_rejected,
        rejected_at,
        rejection_reason,
        coalesce(
            first_accepted_at > sal_at
            or first_qualified_at > sql_at
            or (entry_path = 'marketing' and first_mql_at < lead_at),
            false
        ) as has_out_of_order_stages
    from sal_stage
)

select * from final
