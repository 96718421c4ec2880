{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_email_delivered')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__activity_email_delivered'), outcome='staged') }}  -- noqa: AM04
