{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'activity_send_email')) }}

{{ lead_funnel.connector_rows(ref('base_marketo__activity_send_email'), outcome='staged') }}  -- noqa: AM04
