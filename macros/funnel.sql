{#- Funnel helpers: engine-specific SQL behind adapter.dispatch, durations from dbt's datediff. -#}

{% macro median(expression) -%}
    {#- The median of `expression` as an aggregate (nulls ignored). -#}
    {{ return(adapter.dispatch('median', 'lead_funnel')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro duckdb__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro spark__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}

{% macro databricks__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}

{% macro bigquery__median(expression) -%}
    approx_quantiles({{ expression }}, 2)[offset(1)]
{%- endmacro %}


{% macro elapsed_days(start_at, end_at) -%}
    {#-
        Fractional days from start_at to end_at (whole seconds / 86400); null when either is null.
        The seconds are cast to double before dividing: Spark divides by a decimal literal in
        decimal arithmetic (7 digits after the point), DuckDB in double.
    -#}
    cast({{ dbt.datediff(start_at, end_at, 'second') }} as {{ lead_funnel.type_double() }}) / 86400
{%- endmacro %}


{% macro elapsed_minutes(start_at, end_at) -%}
    {#- Fractional minutes from start_at to end_at (whole seconds / 60); null when either is null. -#}
    cast({{ dbt.datediff(start_at, end_at, 'second') }} as {{ lead_funnel.type_double() }}) / 60
{%- endmacro %}


{% macro type_double() -%}
    {#- A double-precision float type (dbt.type_float() is a 4-byte float on DuckDB). -#}
    {{ return(adapter.dispatch('type_double', 'lead_funnel')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

{% macro postgres__type_double() -%}
    double precision
{%- endmacro %}

{% macro redshift__type_double() -%}
    double precision
{%- endmacro %}

{% macro bigquery__type_double() -%}
    float64
{%- endmacro %}


{#-
    Speed-to-lead SLA (docs/funnel.md), one definition: an MQL has an SLA verdict when sla_met is
    not null (touched, or its window closed untouched); sla_met_rate = MQLs that met it / MQLs with
    a verdict (pending MQLs count in neither). The semantic layer's sla_met_rate metric is the same
    ratio of its measures mql_cohort_sla_met / mql_cohort_sla_measured.
-#}

{% macro funnel_sla_measured_count(sla_met='sla_met') -%}
    {#- Aggregate: MQLs with an SLA verdict. -#}
    count({{ sla_met }})
{%- endmacro %}


{% macro funnel_sla_met_count(sla_met='sla_met') -%}
    {#- Aggregate: MQLs whose first sales touch met the SLA. -#}
    count(case when {{ sla_met }} then 1 end)
{%- endmacro %}


{% macro funnel_sla_met_rate(sla_met_count, sla_measured_count) -%}
    {#- The SLA met rate (0..1) from the two counts; null without any verdict. -#}
    cast({{ sla_met_count }} as {{ lead_funnel.type_double() }}) / nullif({{ sla_measured_count }}, 0)
{%- endmacro %}


{% macro funnel_first_records_after_entry_ctes(entry_points, statuses, opportunities) -%}
    {#-
        The first sales records of each lead from its funnel entry point on, as CTEs to put in a
        `with` clause after the three relations: `entry_points` (lead_id, entered_funnel_at),
        `statuses` (int_lead_status_history_repointed rows) and `opportunities`
        (int_opportunities_repointed). Defines status_firsts (first_accepted_at,
        first_qualified_at), ranked_rejections, first_rejections (rejected_at, rejection_reason),
        ranked_opportunities, first_opportunities (the first opportunity created at or after
        the entry point; ties by opportunity_id) and, last, entry_firsts: every entry point with
        its first records (first_accepted_at, first_qualified_at, opportunity_id, opportunity_at,
        opportunity_status, won_at, opportunity_amount_usd, rejected_at, rejection_reason).
    -#}
status_firsts as (
    select
        {{ entry_points }}.lead_id,
        min(case when {{ statuses }}.status = 'accepted' then {{ statuses }}.changed_at end) as first_accepted_at,
        min(case when {{ statuses }}.status = 'qualified' then {{ statuses }}.changed_at end) as first_qualified_at
    from {{ entry_points }}
    inner join {{ statuses }}
        on
            {{ entry_points }}.lead_id = {{ statuses }}.lead_id
            and {{ entry_points }}.entered_funnel_at <= {{ statuses }}.changed_at
    group by 1
),

ranked_rejections as (
    select
        {{ entry_points }}.lead_id,
        {{ statuses }}.changed_at as rejected_at,
        {{ statuses }}.reason as rejection_reason,
        row_number() over (
            partition by {{ entry_points }}.lead_id
            order by {{ statuses }}.changed_at, {{ statuses }}.status_change_id
        ) as rejection_rank
    from {{ entry_points }}
    inner join {{ statuses }}
        on
            {{ entry_points }}.lead_id = {{ statuses }}.lead_id
            and {{ entry_points }}.entered_funnel_at <= {{ statuses }}.changed_at
    where {{ statuses }}.status = 'rejected'
),

first_rejections as (
    select
        lead_id,
        rejected_at,
        rejection_reason
    from ranked_rejections
    where rejection_rank = 1
),

ranked_opportunities as (
    select
        {{ entry_points }}.lead_id,
        {{ opportunities }}.opportunity_id,
        {{ opportunities }}.created_at,
        {{ opportunities }}.won_at,
        {{ opportunities }}.amount_usd,
        {{ opportunities }}.opportunity_status,
        row_number() over (
            partition by {{ entry_points }}.lead_id
            order by {{ opportunities }}.created_at, {{ opportunities }}.opportunity_id
        ) as opportunity_rank
    from {{ entry_points }}
    inner join {{ opportunities }}
        on
            {{ entry_points }}.lead_id = {{ opportunities }}.lead_id
            and {{ entry_points }}.entered_funnel_at <= {{ opportunities }}.created_at
),

first_opportunities as (
    select * from ranked_opportunities
    where opportunity_rank = 1
),

entry_firsts as (
    select
        {{ entry_points }}.*,
        status_firsts.first_accepted_at,
        status_firsts.first_qualified_at,
        first_opportunities.opportunity_id,
        first_opportunities.created_at as opportunity_at,
        first_opportunities.opportunity_status,
        first_opportunities.won_at,
        first_opportunities.amount_usd as opportunity_amount_usd,
        first_rejections.rejected_at,
        first_rejections.rejection_reason
    from {{ entry_points }}
    left join status_firsts
        on {{ entry_points }}.lead_id = status_firsts.lead_id
    left join first_opportunities
        on {{ entry_points }}.lead_id = first_opportunities.lead_id
    left join first_rejections
        on {{ entry_points }}.lead_id = first_rejections.lead_id
)
{%- endmacro %}


{% macro funnel_recorded_stage_columns(relation) -%}
    {#-
        The SQL and SAL on record (docs/funnel.md), as columns sql_at and sal_at. SQL: the first
        `qualified` from the entry point on, pulled back to the first opportunity when that was
        created earlier; null without a `qualified` (funnel_stage_reached_at then implies it from
        the opportunity). SAL: the first `accepted`, pulled back to a later stage (that SQL, the
        first opportunity) reached before it; null without an `accepted`. `relation` has
        first_accepted_at, first_qualified_at and opportunity_at (entry_firsts of
        funnel_first_records_after_entry_ctes).
    -#}
    {%- set sql_at -%}
        case
            when
                {{ relation }}.first_qualified_at is not null
                and {{ relation }}.opportunity_at < {{ relation }}.first_qualified_at
                then {{ relation }}.opportunity_at
            else {{ relation }}.first_qualified_at
        end
    {%- endset %}
    {{ sql_at }} as sql_at,
    case
        when {{ relation }}.first_accepted_at is null then null
        when {{ sql_at }} < {{ relation }}.first_accepted_at then {{ sql_at }}
        when {{ relation }}.opportunity_at < {{ relation }}.first_accepted_at then {{ relation }}.opportunity_at
        else {{ relation }}.first_accepted_at
    end as sal_at
{%- endmacro %}


{% macro funnel_stage_statuses(only_leads=none) -%}
    {#-
        The status changes the funnel reads as stages (accepted, qualified, rejected; up to as_of),
        a select for an import CTE: one definition for the funnel (int_lead_funnel_stages) and the
        draft-vs-active backtest (int_scoring_model_mql_outcomes), so both read the same sales
        decisions. With `only_leads` (a relation or CTE with a lead_id column), those leads' only.
    -#}
    select
        status_change_id,
        lead_id,
        status,
        changed_at,
        reason
    from {{ ref('int_lead_status_history_repointed') }}
    where
        status in ('accepted', 'qualified', 'rejected')
        and changed_at <= {{ lead_funnel.as_of() }}
        {{- lead_funnel.funnel_only_leads_where(only_leads, 'statuses', keyword='and') }}
{%- endmacro %}


{% macro funnel_first_sales_stage_ctes(leads, statuses, opportunities) -%}
    {#-
        When sales first reached a stage for each lead (accepted, qualified or an opportunity
        created, at or after lead creation; with or without an MQL), as CTEs to put in a `with`
        clause after the three relations: `leads` (lead_id, lead_created_at), `statuses`
        (status, changed_at) and `opportunities` (created_at). Defines sales_stage_events and
        first_sales_stages (lead_id, first_sales_stage_at): the entry path is `sales_sourced`
        when this precedes the first MQL.
    -#}
sales_stage_events as (
    -- every record of a stage sales reaches (with or without an MQL)
    select
        lead_id,
        changed_at as reached_at
    from {{ statuses }}
    where status in ('accepted', 'qualified')
    union all
    select
        lead_id,
        created_at as reached_at
    from {{ opportunities }}
),

first_sales_stages as (
    select
        sales_stage_events.lead_id,
        min(sales_stage_events.reached_at) as first_sales_stage_at
    from sales_stage_events
    inner join {{ leads }}
        on sales_stage_events.lead_id = {{ leads }}.lead_id
    where sales_stage_events.reached_at >= {{ leads }}.lead_created_at
    group by 1
)
{%- endmacro %}


{#-
    The implied reading of the funnel (docs/funnel.md "Implied stages"), one definition: the sales
    stages come in this order, and a lead that reached a later one has reached every earlier one it
    skipped (a won opportunity without a `qualified` status reached SQL; an SQL without an
    `accepted` status reached SAL), at the time of the first later stage on record. The MQL is
    never implied: a lead sales reached first is sales-sourced, not an MQL.
-#}

{% macro funnel_sales_stages() -%}
    {#- The sales stages in funnel order (the order of seed funnel_stages from sal on). -#}
    {{ return(['sal', 'sql', 'opportunity', 'won']) }}
{%- endmacro %}


{% macro funnel_stage_reached_at(stage, relation=none) -%}
    {#-
        When the lead reached `stage`, recorded or implied: <stage>_at, else the first later sales
        stage's time. `relation` prefixes the <stage>_at columns (e.g. 'stages').
    -#}
    {%- set sales_stages = lead_funnel.funnel_sales_stages() -%}
    {%- set prefix = (relation ~ '.') if relation else '' -%}
    {%- if stage in sales_stages -%}
        {%- set columns = [] -%}
        {%- for later in sales_stages[sales_stages.index(stage):] -%}
            {%- do columns.append(prefix ~ later ~ '_at') -%}
        {%- endfor -%}
        {%- if columns | length > 1 -%}
            coalesce({{ columns | join(', ') }})
        {%- else -%}
            {{ columns[0] }}
        {%- endif -%}
    {%- else -%}
        {{ prefix ~ stage ~ '_at' }}
    {%- endif -%}
{%- endmacro %}


{% macro funnel_stage_is_implied(stage, relation=none) -%}
    {#- True when `stage` was reached only by implication (no <stage>_at, a later stage on record). -#}
    {%- set prefix = (relation ~ '.') if relation else '' -%}
    coalesce(
        {{ prefix ~ stage ~ '_at' }} is null
        and {{ lead_funnel.funnel_stage_reached_at(stage, relation) }} is not null,
        false
    )
{%- endmacro %}


{#-
    The MQL-definition health verdicts (README "MQL-definition health"), one definition each, for
    rpt_mql_definition_health (int_mql_definition_health_verdicts) and the draft-vs-active
    comparison (rpt_scoring_model_comparison). Arguments are SQL expressions; every band is a var
    of the `# --- funnel ---` block.
-#}

{% macro funnel_mql_to_sql_verdict(is_cohort_mature, mql_count, mql_to_sql_rate) -%}
    case
        when not {{ is_cohort_mature }} then 'too_early'
        when {{ mql_count }} < {{ var('funnel_health_min_mqls') }} or {{ mql_to_sql_rate }} is null
            then 'insufficient_volume'
        when {{ mql_to_sql_rate }} < {{ var('funnel_mql_to_sql_too_loose_below') }} then 'too_loose'
        when {{ mql_to_sql_rate }} < {{ var('funnel_mql_to_sql_healthy_from') }} then 'below_median'
        when {{ mql_to_sql_rate }} < {{ var('funnel_mql_to_sql_strong_from') }} then 'healthy'
        when {{ mql_to_sql_rate }} <= {{ var('funnel_mql_to_sql_too_strict_above') }} then 'strong'
        else 'too_strict'
    end
{%- endmacro %}


{% macro funnel_sal_acceptance_verdict(decided_mql_count, sal_acceptance_rate) -%}
    case
        when {{ decided_mql_count }} < {{ var('funnel_health_min_mqls') }} or {{ sal_acceptance_rate }} is null
            then 'insufficient_volume'
        when {{ sal_acceptance_rate }} < {{ var('funnel_sal_acceptance_target_min') }} then 'below_target'
        when {{ sal_acceptance_rate }} > {{ var('funnel_sal_acceptance_target_max') }} then 'above_target'
        else 'on_target'
    end
{%- endmacro %}


{% macro funnel_rejection_verdict(mql_count, rejection_rate) -%}
    case
        when {{ mql_count }} < {{ var('funnel_health_min_mqls') }} or {{ rejection_rate }} is null
            then 'insufficient_volume'
        when {{ rejection_rate }} > {{ var('funnel_rejection_rate_too_high_above') }} then 'threshold_too_low'
        else 'ok'
    end
{%- endmacro %}


{% macro funnel_capacity_verdict(mqls_per_bdr, mqls_per_bdr_capacity, is_complete_month) -%}
    case
        when {{ mqls_per_bdr }} is null or {{ mqls_per_bdr_capacity }} is null then 'no_capacity_data'
        when not {{ is_complete_month }} then 'partial_month'
        when {{ mqls_per_bdr }} > {{ mqls_per_bdr_capacity }} then 'over_capacity'
        when
            {{ mqls_per_bdr }}
            < {{ var('funnel_capacity_under_utilised_below') }} * {{ mqls_per_bdr_capacity }}
            then 'under_utilised'
        else 'within_capacity'
    end
{%- endmacro %}


{% macro funnel_health_rate_columns(relation, mql_count, sql_count, sal_count, decided_mql_count, rejected_mql_count, mql_event_count) -%}
    {#-
        The four MQL-definition health rates of a month x segment row, one definition for
        rpt_mql_definition_health (int_mql_definition_health_measures) and the draft-vs-active
        comparison (int_scoring_model_monthly): mql_to_sql_rate (SQLs per MQL), sal_acceptance_rate
        (SALs per decided MQL), rejection_rate (rejected per MQL) and mqls_per_bdr (MQL events per
        BDR of `relation`.bdr_count). The count arguments are column names of `relation`.
    -#}
    cast({{ relation }}.{{ sql_count }} as {{ lead_funnel.type_double() }}) / nullif({{ relation }}.{{ mql_count }}, 0)
        as mql_to_sql_rate,
    cast({{ relation }}.{{ sal_count }} as {{ lead_funnel.type_double() }})
    / nullif({{ relation }}.{{ decided_mql_count }}, 0) as sal_acceptance_rate,
    cast({{ relation }}.{{ rejected_mql_count }} as {{ lead_funnel.type_double() }})
    / nullif({{ relation }}.{{ mql_count }}, 0) as rejection_rate,
    cast({{ relation }}.{{ mql_event_count }} as {{ lead_funnel.type_double() }}) / nullif({{ relation }}.bdr_count, 0)
        as mqls_per_bdr
{%- endmacro %}


{% macro funnel_health_verdict_columns(relation, mql_count, decided_mql_count) -%}
    {#-
        The four MQL-definition health verdicts of a month x segment row (the macros above), as
        columns mql_to_sql_verdict, sal_acceptance_verdict, rejection_verdict, capacity_verdict:
        `relation` has the rates of funnel_health_rate_columns and is_cohort_mature,
        mqls_per_bdr_capacity, is_complete_month; `mql_count` and `decided_mql_count` name its
        count columns.
    -#}
    {{ lead_funnel.funnel_mql_to_sql_verdict(
        relation ~ '.is_cohort_mature', relation ~ '.' ~ mql_count, relation ~ '.mql_to_sql_rate'
    ) }} as mql_to_sql_verdict,
    {{ lead_funnel.funnel_sal_acceptance_verdict(
        relation ~ '.' ~ decided_mql_count, relation ~ '.sal_acceptance_rate'
    ) }} as sal_acceptance_verdict,
    {{ lead_funnel.funnel_rejection_verdict(relation ~ '.' ~ mql_count, relation ~ '.rejection_rate') }}
        as rejection_verdict,
    {{ lead_funnel.funnel_capacity_verdict(
        relation ~ '.mqls_per_bdr', relation ~ '.mqls_per_bdr_capacity', relation ~ '.is_complete_month'
    ) }} as capacity_verdict
{%- endmacro %}
