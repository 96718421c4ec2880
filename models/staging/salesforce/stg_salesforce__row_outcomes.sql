{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- Row outcomes of every Salesforce table read (columns of stg_raw__row_outcomes; raw_table salesforce.<table>). -#}
{%- set tables = [] -%}
{%- for table in ['account', 'lead', 'contact', 'opportunity'] -%}
    {%- do tables.append((table, ref('base_salesforce__' ~ table))) -%}
{%- endfor -%}
{%- for table in [
    'task', 'event', 'campaign', 'campaign_member', 'lead_history', 'opportunity_contact_role', 'user'
] if lead_funnel.connector_table_enabled('salesforce', table) -%}
    {%- do tables.append((table, ref('base_salesforce__' ~ table))) -%}
{%- endfor -%}
{{ lead_funnel.connector_row_outcomes('salesforce', tables) }}
