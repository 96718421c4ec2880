{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- Row outcomes of every Salesforce table read (columns of stg_raw__row_outcomes; raw_table salesforce.<table>). -#}
{{ lead_funnel.connector_row_outcomes('salesforce', [
    'account', 'lead', 'contact', 'opportunity',
    'task', 'event', 'campaign', 'campaign_member', 'lead_history', 'opportunity_contact_role', 'user'
]) }}
