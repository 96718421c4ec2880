{#- One row per raw contract table, outcome and reason (macro row_outcome_counts). -#}
{%- set base_models = [] -%}
{%- for raw_table in [
    'accounts', 'leads', 'activities', 'opportunities', 'lead_status_history', 'campaign_spend'
] -%}
    {%- do base_models.append((raw_table, ref('base_raw__' ~ raw_table))) -%}
{%- endfor -%}
{{ lead_funnel.row_outcome_counts(base_models, ['rejection_reason', 'duplicate_kind']) }}
