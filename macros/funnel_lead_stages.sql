{#-
    The per-lead funnel views (int_lead_funnel_stages, int_lead_funnel_current_stage,
    int_funnel_sales_touches, int_lead_mql_sla) as CTE macros, one definition each: the view is
    `select * from` it, and the incremental readers (fct_lead_funnel,
    int_funnel_cohort_members_recomputed) call it with `only_leads` (the recomputed leads), so the
    inputs are filtered to those leads in the first CTEs. A filter on the views' output is not
    pushed under their joins, group-bys and windows: every lead was computed (every sales-touch
    activity scanned and re-pointed) to keep a few (issue #18).
-#}

{% macro funnel_only_leads_where(only_leads, name, lead_id='lead_id', keyword='where') -%}
    {#- `<keyword> <lead_id> in (the lead_ids of only_leads)`, nothing when only_leads is none. -#}
    {%- if only_leads is not none %}
    {{ keyword }} {{ lead_id }} in (select {{ name }}__only_leads.lead_id from {{ only_leads }} as {{ name }}__only_leads)
    {%- endif %}
{%- endmacro %}


{% macro funnel_lead_stages_ctes(name='final', only_leads=none) -%}
    {#-
        int_lead_funnel_stages (its doc has the rules) as CTEs to put in a `with` clause:
        `<name>__leads` .. `<name>`, the last one with the view's columns; with `only_leads` (a
        relation or CTE with a lead_id column of canonical leads) those leads' rows only. Uses
        funnel_first_sales_stage_ctes and funnel_first_records_after_entry_ctes (their CTE names
        are not prefixed: call this once per query).
    -#}
{{ name }}__leads as (
    select
        lead_id,
        account_id,
        segment,
        lead_source,
        lead_created_at,
        is_disqualified
    from {{ ref('int_leads_enriched') }}
    {{- lead_funnel.funnel_only_leads_where(only_leads, name) }}
),

{{ name }}__first_mqls as (
    select
        lead_id,
        mql_at,
        priority,
        mql_trigger
    from {{ ref('int_lead_mql_events') }}
    where
        mql_sequence = 1
        {{- lead_funnel.funnel_only_leads_where(only_leads, name, keyword='and') }}
),

{{ name }}__statuses as (
    {{ lead_funnel.funnel_stage_statuses(only_leads) }}
),

{{ name }}__opportunities as (
    select * from {{ ref('int_opportunities_repointed') }}
    {{- lead_funnel.funnel_only_leads_where(only_leads, name) }}
),

{{ lead_funnel.funnel_first_sales_stage_ctes(name ~ '__leads', name ~ '__statuses', name ~ '__opportunities') }},

{{ name }}__entries as (
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
    from {{ name }}__leads as leads
    left join {{ name }}__first_mqls as first_mqls
        on leads.lead_id = first_mqls.lead_id
    left join first_sales_stages
        on leads.lead_id = first_sales_stages.lead_id
),

{{ name }}__anchored as (
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
    from {{ name }}__entries as entries
),

{{ name }}__entry_points as (
    -- where later stages are looked for: the MQL, or lead creation for sales-sourced leads
    select
        anchored.*,
        case
            when anchored.entry_path = 'sales_sourced' then anchored.lead_at
            else anchored.mql_at
        end as entered_funnel_at
    from {{ name }}__anchored as anchored
),

{{ lead_funnel.funnel_first_records_after_entry_ctes(name ~ '__entry_points', name ~ '__statuses', name ~ '__opportunities') }},

{{ name }}__sal_stage as (
    select
        entry_firsts.*,
        case when entry_firsts.won_at is not null then entry_firsts.opportunity_amount_usd end as won_amount_usd,
        -- an opportunity created before the first `qualified` pulls the SQL back to it, and a later
        -- stage reached before the first `accepted` pulls the SAL back to it
        {{ lead_funnel.funnel_recorded_stage_columns('entry_firsts') }}
    from entry_firsts
),

{{ name }} as (
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
    from {{ name }}__sal_stage
)
{%- endmacro %}


{% macro funnel_lead_rows_ctes(only_leads=none, with_current_stage=true) -%}
    {#-
        The per-lead funnel rows an incremental reader needs, of the leads in `only_leads` only,
        as CTEs named like the views they stand for: `stages` (int_lead_funnel_stages),
        `sales_touches` (int_funnel_sales_touches), `sla` (int_lead_mql_sla) and, with
        with_current_stage, `current_stages` (int_lead_funnel_current_stage). The stages are
        computed once and read by the other three (the views each re-read the stages view).
        A caller declares `depends_on` the refs of these definitions it reads only on incremental
        runs (its full build reads the views).
    -#}
{{ lead_funnel.funnel_lead_stages_ctes('stages', only_leads) }},

{{ lead_funnel.funnel_sales_touches_ctes('sales_touches', only_leads) }},

{{ lead_funnel.funnel_lead_mql_sla_ctes('sla', 'stages', 'sales_touches') }}
{%- if with_current_stage %},

{{ lead_funnel.funnel_lead_current_stage_ctes('current_stages', 'stages', only_leads) }}
{%- endif %}
{%- endmacro %}


{% macro funnel_lead_rows_depends_on() -%}
    {#-
        The `-- depends_on` lines of a model calling funnel_lead_rows_ctes only on incremental runs
        (dbt parses the full build's branch, which reads the views): the refs of the inlined
        definitions, int_activities_scored's included (macro scored_activities_ctes). Taken at
        parse time only (the dependencies dbt records): at run time the incremental branch takes
        them itself, and a unit test (the full build's logic) needs only the views as inputs.
    -#}
    {%- if execute %}{{ return('') }}{% endif -%}
    {%- for model in ['int_leads_enriched', 'int_lead_mql_events', 'int_lead_status_history_repointed',
                      'int_opportunities_repointed', 'funnel_stages', 'sla_targets', 'stg_raw__activities',
                      'stg_raw__leads', 'int_scoring_model_versions', 'scoring_activity_points'] %}
-- depends_on: {{ ref(model) }}
    {%- endfor %}
{%- endmacro %}
