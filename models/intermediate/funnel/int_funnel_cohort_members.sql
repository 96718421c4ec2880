{#-
    One row per lead and funnel cohort it belongs to (int_funnel_cohort_members_recomputed holds
    the logic). Incremental (delete+insert on lead_id, macro incremental_by_affected_leads): a run
    replaces the rows of the recomputed leads (funnel_leads_recomputed) with
    int_funnel_cohort_members_recomputed. Runs after int_funnel_months_affected, which compares
    the rows it replaces with the recomputed ones.
-#}
-- depends_on: {{ ref('int_funnel_months_affected') }}

with

{{ lead_funnel.incremental_by_affected_leads() }}

recomputed_rows as (
    select * from {{ ref('int_funnel_cohort_members_recomputed') }}
),

{% if is_incremental() -%}
    replaced as (
        -- the leads whose loaded rows go: recomputed, or affected and gone (Spark's incremental_select)
        select lead_id from affected
        union
        select lead_id from recomputed_rows
    ),
{%- endif %}

final as (
    select * from recomputed_rows
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='replaced') }}
