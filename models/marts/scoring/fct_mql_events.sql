{{
    config(
        materialized='incremental',
        incremental_strategy=lead_funnel.incremental_strategy(),
        unique_key='lead_id',
        on_schema_change='fail',
        pre_hook=[
            "{{ lead_funnel.incremental_copy_loaded() }}",
            "{{ lead_funnel.incremental_delete_replaced_keys('lead_id', ref('int_leads_affected')) }}"
        ],
        post_hook="{{ lead_funnel.incremental_drop_loaded_copy() }}"
    )
}}
{#-
    The MQL events (int_lead_mql_events has the logic: recycling, trigger, priority) as the
    contracted mart. Incremental (delete+insert on lead_id): the leads of int_leads_affected only.
-#}

with

affected as (
    select lead_id from {{ ref('int_leads_affected') }}
),

mql_events as (
    select * from {{ ref('int_lead_mql_events') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

final as (
    select
        mql_event_id,
        lead_id,
        account_id,
        mql_sequence,
        mql_at,
        mql_trigger,
        trigger_activity_id,
        trigger_activity_type,
        fit_score_at_mql,
        engagement_score_at_mql,
        lead_score_at_mql,
        segment,
        priority,
        fit_grade_at_mql,
        mql_score_threshold,
        scoring_model_version
    from mql_events
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='affected') }}
