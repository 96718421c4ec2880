{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_fill_out_form')) }}
{#- One row per Marketo `activity_fill_out_form` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.marketo_activity_base('activity_fill_out_form', [
    ('form_name', 'text', ['form_name', 'primary_attribute_value']),
    ('webpage_url', 'text', ['webpage_url', 'referrer_url'])
]) }}
